"""Match lists a user brings: dedupe one CSV, or link two, with the warehouse's models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from borderlens.errors import MappingError, UnreadableInputError
from borderlens.resolve.matching.matcher import SplinkMatcher
from borderlens.resolve.matching.models import model_for
from borderlens.resolve.matching.records import expand_variants, standardized_records


@dataclass(frozen=True)
class MatchSummary:
    """What ``match_files`` read and wrote."""

    model_version: str
    records_a: int
    records_b: int
    pairs: int
    trained: bool
    out: Path


def match_files(
    file_a: Path,
    file_b: Path | None,
    *,
    kind: str,
    id_column: str,
    out: Path,
    name_column: str = "name",
    address_column: str = "address",
    country_column: str = "country",
    birth_date_column: str = "birth_date",
) -> MatchSummary:
    """Dedupe ``file_a`` (or link it to ``file_b``) and write the matching pairs to ``out``.

    Each output row holds both ids (``id_a``, ``id_b``) and names, the match probability and
    weight, and ``deciding_comparison``: the comparison that weighed most for the match.
    Example: ``match_files(Path("suppliers.csv"), None, kind="company", id_column="id",
    out=Path("duplicates.csv"))``.
    """
    spec = model_for(kind)
    sides = [
        _read(
            file_a, "a", id_column, name_column, address_column, country_column, birth_date_column
        )
    ]
    if file_b is not None:
        sides.append(
            _read(
                file_b,
                "b",
                id_column,
                name_column,
                address_column,
                country_column,
                birth_date_column,
            )
        )
    records = standardized_records(pa.concat_tables(sides), spec.kind)
    columns = ["unique_id", "source_kind", "source_key", *spec.columns]
    tables = [
        records.filter(pc.equal(records.column("source_kind"), side)).select(columns)
        for side in ("a", "b")[: len(sides)]
    ]
    matcher = SplinkMatcher(spec).fit(*tables)
    pairs = matcher.predict()
    result = _pair_rows(pairs, records)
    out.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(result, out)
    return MatchSummary(
        spec.name,
        sides[0].num_rows,
        sides[1].num_rows if file_b else 0,
        result.num_rows,
        matcher.trained_,
        out,
    )


def _read(
    path: Path,
    side: str,
    id_column: str,
    name_column: str,
    address_column: str,
    country_column: str,
    birth_date_column: str,
) -> pa.Table:
    """A CSV's records in the shape the matcher reads, every field as text."""
    if not path.is_file():
        raise UnreadableInputError(f"{path}: no such file")
    try:
        table = duckdb.read_csv(str(path), all_varchar=True).to_arrow_table()
    except duckdb.Error as exc:
        raise UnreadableInputError(f"{path}: cannot be read as CSV: {exc}") from exc
    if id_column not in table.column_names or name_column not in table.column_names:
        raise MappingError(
            f"{path}: needs the columns {id_column!r} and {name_column!r}; "
            f"it has {', '.join(table.column_names)}"
        )

    def column(name: str) -> pa.Array:
        if name in table.column_names:
            return table.column(name)
        return pa.nulls(table.num_rows, pa.string())

    raw = pa.table(
        {
            "source_kind": pa.array([side] * table.num_rows, pa.string()),
            "source_key": column(id_column),
            "name": column(name_column),
            "address": column(address_column),
            "country": column(country_column),
            "birth_date": column(birth_date_column),
        }
    )
    return expand_variants(raw)


def _pair_rows(pairs: pa.Table, records: pa.Table) -> pa.Table:
    """Pairs by the users' ids, best variant pair per id pair, strongest first."""
    ids = records.column("unique_id").to_pylist()
    keys = dict(zip(ids, records.column("source_key").to_pylist(), strict=True))
    sides = dict(zip(ids, records.column("source_kind").to_pylist(), strict=True))
    names = dict(zip(ids, records.column("name").to_pylist(), strict=True))
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for row in pairs.to_pylist():
        left, right = row["unique_id_l"], row["unique_id_r"]
        if (sides[left], keys[left]) == (sides[right], keys[right]):
            continue
        key = (keys[left], keys[right])
        if key not in best or row["match_probability"] > best[key]["match_probability"]:
            best[key] = {
                "id_a": keys[left],
                "id_b": keys[right],
                "name_a": names[left],
                "name_b": names[right],
                "match_probability": row["match_probability"],
                "match_weight": row["match_weight"],
                "deciding_comparison": row["deciding_comparison"],
            }
    rows = sorted(best.values(), key=lambda r: -float(r["match_probability"]))
    schema = pa.schema(
        [
            ("id_a", pa.string()),
            ("id_b", pa.string()),
            ("name_a", pa.string()),
            ("name_b", pa.string()),
            ("match_probability", pa.float64()),
            ("match_weight", pa.float64()),
            ("deciding_comparison", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema)
