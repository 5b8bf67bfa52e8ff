"""For any mix of good and bad rows, nothing is lost: loaded + quarantined = read."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.ingest.declarations import ingest_declarations
from borderlens.warehouse.migrations import ensure_schema

COLUMNS = [
    "declaration_id",
    "item_no",
    "declaration_date",
    "importer_id",
    "hs_code",
    "origin_country",
    "net_mass_kg",
    "item_value",
]
GOOD = {
    "item_no": "1",
    "declaration_date": "2025-06-30",
    "importer_id": "GE100",
    "hs_code": "620342",
    "origin_country": "TR",
    "net_mass_kg": "12.5",
    "item_value": "880",
}
# Each way a row goes bad: the field and the value that spoils it.
SPOILERS = {
    "future date": ("declaration_date", "2999-12-31"),
    "not a date": ("declaration_date", "30.06.2025"),
    "no importer": ("importer_id", ""),
    "bad hs code": ("hs_code", "62X342"),
    "unknown country": ("origin_country", "QQ"),
    "negative mass": ("net_mass_kg", "-0.5"),
    "not a number": ("item_value", "eight hundred"),
}

rows = st.lists(
    st.one_of(st.none(), st.sampled_from(sorted(SPOILERS))),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=rows, torn_last_line=st.booleans())
def test_no_row_is_lost(kinds: list[str | None], torn_last_line: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for index, kind in enumerate(kinds):
                row = {**GOOD, "declaration_id": f"D{index}"}
                if kind is not None:
                    field, value = SPOILERS[kind]
                    row[field] = value
                writer.writerow([row[column] for column in COLUMNS])
            if torn_last_line:
                handle.write("DTORN,1,2025-06-30\n")
        with DuckDBEngine(Path(folder) / "w.duckdb") as engine:
            ensure_schema(engine)
            report = ingest_declarations(engine, path, file_format="csv")
            loaded = engine.query("SELECT declaration_id FROM declaration").column(0).to_pylist()
            lines = engine.query("SELECT line FROM quarantine").column(0).to_pylist()
    good = {f"D{index}" for index, kind in enumerate(kinds) if kind is None}
    bad_lines = {index + 2 for index, kind in enumerate(kinds) if kind is not None}
    if torn_last_line:
        bad_lines.add(len(kinds) + 2)
    assert report.rows_read == len(kinds) + torn_last_line
    assert report.rows_loaded + report.rows_quarantined == report.rows_read
    assert set(loaded) == good
    assert set(lines) == bad_lines
