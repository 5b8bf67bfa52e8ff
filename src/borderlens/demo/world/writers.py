"""Write the demo world's files: monthly declaration CSVs (with malformed rows), JSON, CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv

from borderlens.demo.world.rows import DECLARATION_COLUMNS

Cells = npt.NDArray[np.object_]
Progress = Callable[[str, int, int], None]
MALFORMED_KINDS = (
    "negative_value", "unknown_country", "bad_hs", "future_date", "missing_importer",
    "bad_mass", "too_few_columns",
)  # fmt: skip


def corrupt(cells: dict[str, Cells], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Damage `rows` the way real feeds are damaged; return rows to write with too few columns."""
    kinds = np.arange(len(rows)) % len(MALFORMED_KINDS)
    edits: dict[int, tuple[str, Callable[[object], str | None]]] = {
        0: ("item_value", lambda v: f"-{v}"),
        1: ("origin_country", lambda v: "XX"),
        2: ("hs_code", lambda v: "12AB"),
        3: ("declaration_date", lambda v: "2027-" + str(v)[5:]),
        4: ("importer_id", lambda v: None),
        5: ("net_mass_kg", lambda v: "approx. 40kg"),
    }
    for kind, (column, edit) in edits.items():
        for row in rows[kinds == kind].tolist():
            cells[column][row] = edit(cells[column][row])
    truncated: npt.NDArray[np.int64] = rows[kinds == len(MALFORMED_KINDS) - 1]
    return truncated


def write_months(
    out_dir: Path,
    cells: dict[str, Cells],
    truncated: npt.NDArray[np.int64],
    progress: Progress | None,
) -> tuple[Path, ...]:
    """One CSV per calendar month, in column order; truncated rows are appended short."""
    months = np.array([d[:7] for d in cells["declaration_date"].tolist()], dtype=object)
    # a malformed future date must stay in the month the row was declared in
    month_key = np.array(
        [f"{i[:4]}-{d[5:7]}" for i, d in zip(cells["declaration_id"], months, strict=True)],
        dtype=object,
    )
    short = np.zeros(len(months), np.bool_)
    short[truncated] = True
    paths = []
    unique = sorted(set(month_key.tolist()))
    for done, month in enumerate(unique, start=1):
        selected = np.flatnonzero(month_key == month)
        path = out_dir / f"declarations-{month}.csv"
        _write_month(path, cells, selected[~short[selected]], selected[short[selected]])
        paths.append(path)
        if progress:
            progress("declarations", done, len(unique))
    return tuple(paths)


def _write_month(
    path: Path, cells: dict[str, Cells], rows: npt.NDArray[np.int64], short: npt.NDArray[np.int64]
) -> None:
    arrays = [
        pa.array(cells[name][rows], type=pa.string(), from_pandas=True)
        for name in DECLARATION_COLUMNS
    ]
    table = pa.Table.from_arrays(arrays, names=list(DECLARATION_COLUMNS))
    options = pacsv.WriteOptions(quoting_style="needed", include_header=True)
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, write_options=options)
    with path.open("wb") as handle:
        handle.write(sink.getvalue())
        for row in short.tolist():
            values = [cells[name][row] or "" for name in DECLARATION_COLUMNS[:20]]
            handle.write((",".join(_quote(v) for v in values) + "\n").encode("utf-8"))


def _quote(value: str) -> str:
    escaped = value.replace('"', '""')
    return f'"{escaped}"' if any(ch in value for ch in ',"\n') else value


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    """A JSON array, UTF-8, with stable key order."""
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """A small CSV with a header row; None is written as an empty cell."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path
