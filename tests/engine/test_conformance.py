"""Every SQL step gives the same result on DuckDB and on Spark, step by step."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pyarrow as pa
import pytest

from borderlens.engine.base import Engine, Step
from borderlens.ingest.declarations import ingest_declarations
from borderlens.ingest.reference_data import ingest_border_posts, ingest_roles
from borderlens.risk.features import feature_steps
from borderlens.warehouse.status import warehouse_status
from tests.conftest import FIXTURES

pytestmark = pytest.mark.spark

# Columns that differ between any two runs by design (ids and clocks), not by engine.
RUN_SPECIFIC = {"load_id", "started_at", "finished_at", "occurred_at", "event_id", "reason_ids"}

Snapshot = list[tuple[str, str, list[tuple[object, ...]]]]


LOAD_ID = re.compile(r"[a-z_]+-\d{8}T\d{6}-[0-9a-f]{8}")


def comparable(value: object) -> object:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, str):
        return LOAD_ID.sub("<load>", value)
    return value


def canonical_rows(table: pa.Table) -> list[tuple[object, ...]]:
    """Rows in a comparable form: run-specific values masked, floats rounded, sorted."""
    names = [name for name in table.column_names if name not in RUN_SPECIFIC]
    rows = [tuple(comparable(v) for v in row.values()) for row in table.select(names).to_pylist()]
    return sorted(rows, key=repr)


def record_steps(engine: Engine) -> Snapshot:
    """Make the engine snapshot every step's output right after running it."""
    snapshots: Snapshot = []
    run = engine.run

    def run_and_record(steps: Sequence[Step]) -> None:
        for step in steps:
            run([step])
            table = engine.query(f"SELECT * FROM {step.output}")
            snapshots.append((step.output, step.description, canonical_rows(table)))

    engine.run = run_and_record  # type: ignore[method-assign]
    return snapshots


def seed_registry(engine: Engine) -> None:
    """Registry records the roles fixture points at (BODS ingest writes these normally)."""
    engine.write_arrow(
        "registry_person",
        pa.table({"record_id": ["person-1", "person-2"], "name": ["Nino Beridze", "Giorgi B"]}),
    )
    engine.write_arrow("registry_entity", pa.table({"record_id": ["company-1", "company-2"]}))


DECLARATION_FILES = [
    ("good.csv", None),
    ("truncated.csv", None),
    ("wrong_types.csv", None),
    ("european.csv", "european.toml"),
]


def pipeline(engine: Engine) -> Snapshot:
    """Run every stage that emits SQL steps, recording each step's output."""
    snapshots = record_steps(engine)
    corpus = FIXTURES / "declarations"
    for name, mapping in DECLARATION_FILES:
        ingest_declarations(
            engine,
            corpus / name,
            file_format="csv",
            mapping_path=corpus / mapping if mapping else None,
        )
    seed_registry(engine)
    ingest_roles(engine, FIXTURES / "reference" / "roles.csv")
    ingest_border_posts(engine, FIXTURES / "reference" / "border_posts.csv")
    engine.run(feature_steps(date(2026, 3, 1)))
    status = warehouse_status(engine, "test")
    snapshots.append(
        ("status", "quarantine by reason", [(r.reason, r.rows) for r in status.quarantine])
    )
    snapshots.append(("status", "table counts", [(t.table, t.rows) for t in status.tables]))
    return snapshots


def test_every_step_matches_on_duckdb_and_spark(engine: Engine, spark_engine: Engine) -> None:
    on_duckdb = pipeline(engine)
    on_spark = pipeline(spark_engine)
    assert len(on_duckdb) > 20
    assert [step[:2] for step in on_duckdb] == [step[:2] for step in on_spark]
    for duck, spark in zip(on_duckdb, on_spark, strict=True):
        assert duck == spark, f"step {duck[0]} ({duck[1]}) differs"


DIALECT_QUERIES = {
    "exact percentiles": "SELECT hs, quantile_cont(v, 0.05) AS p5, quantile_cont(v, 0.5) AS p50 "
    "FROM prices GROUP BY hs",
    "within group": "SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90 FROM prices",
    "weekday from sunday": "SELECT d, dayofweek(d) AS weekday FROM prices",
    "iso weekday": "SELECT d, isodow(d) AS weekday FROM prices",
    "parsed dates": "SELECT CAST(TRY_CAST(try_strptime(s, '%d/%m/%Y') AS DATE) AS VARCHAR) AS day "
    "FROM prices",
}


@pytest.mark.parametrize("name", sorted(DIALECT_QUERIES))
def test_rewritten_functions_agree(engine: Engine, spark_engine: Engine, name: str) -> None:
    days = [date(2026, 11, day) for day in range(22, 30)]  # a Sunday to the next Sunday
    prices = pa.table(
        {
            "hs": ["851712", "620342"] * 4,
            "v": [0.4, 2.1, 3.3, 7.9, 10.0, 0.05, 5.5, 1.25],
            "d": days,
            "s": [
                "22/11/2026",
                "bad",
                "24/11/2026",
                "",
                "26/11/2026",
                "27/11/2026",
                "x",
                "1/1/2026",
            ],
        }
    )
    results = []
    for backend in (engine, spark_engine):
        backend.write_arrow("prices", prices, "replace")
        results.append(canonical_rows(backend.query(DIALECT_QUERIES[name])))
    assert results[0] == results[1]
    assert results[0]
