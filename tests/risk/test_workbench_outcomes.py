"""The loop: outcomes officers record in the workbench become the labels the risk model
retrains on, a correction changes the label back, and the step runs alike on Spark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.ingest.declarations import ingest_declarations
from borderlens.review.decisions import Finding, record_decision, record_outcome
from borderlens.risk.features import FEATURE_TABLE, feature_steps
from borderlens.risk.learning import _propensities, retrain
from borderlens.risk.model import TrainingOptions
from borderlens.risk.scoring import feature_rows
from borderlens.risk.selection import SELECTION_TABLE
from borderlens.warehouse.store import Store
from tests.conftest import FIXTURES
from tests.measure import item_in, opened_store

FAST = TrainingOptions(rounds=10, validation_share=0.0)
OUTCOME_SCHEMA = pa.schema(
    [
        ("outcome_id", pa.string()),
        ("declaration_id", pa.string()),
        ("item_no", pa.int64()),
        ("result", pa.string()),
        ("found", pa.string()),
        ("revenue_recovered", pa.float64()),
        ("seizure", pa.bool_()),
        ("critical", pa.bool_()),
        ("officer", pa.string()),
        ("recorded_at", pa.timestamp("us")),
        ("corrects", pa.string()),
    ]
)


@pytest.fixture
def store(advised_world: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_store(advised_world, tmp_path) as opened:
        yield opened


def label(store: Store, item: tuple[str, int]) -> tuple[int, int, int]:
    """(known, known_fraud, known_critical) of an item in the training rows."""
    table, _ = feature_rows(store.engine)
    keys = list(zip(table["declaration_id"].to_pylist(), table["item_no"].to_pylist(), strict=True))
    row = keys.index(item)
    known, fraud, critical = (
        int(table[name][row].as_py()) for name in ("known", "known_fraud", "known_critical")
    )
    return known, fraud, critical


def examine(
    store: Store, item: tuple[str, int], finding: Finding, corrects: str | None = None
) -> str:
    """Decide to inspect (unless correcting) and record ``finding``; the outcome's id."""
    if corrects is None:
        record_decision(store, *item, "inspect", "tip from the port", officer="ana", client="x")
    return record_outcome(
        store, *item, finding, officer="ana", client="x", corrects=corrects
    ).outcome_id


def test_a_recorded_hit_labels_the_item_and_a_correction_changes_it_back(store: Store) -> None:
    item = item_in(
        store,
        "picked_by = 'exploration' AND declaration_id IN "
        "(SELECT declaration_id FROM declaration WHERE NOT inspected)",
    )
    assert label(store, item) == (0, 0, 0)
    hit = examine(store, item, Finding("hit", "cocaine in the pallets", 0.0, True, True))
    assert label(store, item) == (1, 1, 1)
    examine(store, item, Finding("no_hit"), corrects=hit)
    assert label(store, item) == (1, 0, 0)


def test_a_recorded_outcome_overrides_the_declaration_s_own_result(store: Store) -> None:
    found = store.row(
        "SELECT s.declaration_id, s.item_no FROM risk_selection s JOIN declaration d "
        "ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no "
        "WHERE d.inspected AND d.fraud_label = 1 ORDER BY 1, 2 LIMIT 1"
    )
    assert found is not None
    item = (found["declaration_id"], found["item_no"])
    assert label(store, item)[:2] == (1, 1)
    examine(store, item, Finding("no_hit"))
    assert label(store, item)[:2] == (1, 0)


def test_retraining_learns_from_the_outcome_weighted_by_its_selection_propensity(
    store: Store,
) -> None:
    item = item_in(
        store,
        "picked_by = 'exploration' AND declaration_id IN "
        "(SELECT declaration_id FROM declaration WHERE NOT inspected)",
    )
    before = retrain(store.engine, FAST)
    examine(store, item, Finding("hit", "undeclared goods", 300.0))
    after = retrain(store.engine, FAST)
    assert after.training_rows == before.training_rows + 1
    keys = store.rows(f"SELECT declaration_id, item_no FROM {FEATURE_TABLE} ORDER BY 1, 2")
    row = [(k["declaration_id"], k["item_no"]) for k in keys].index(item)
    drawn = store.value(
        f"SELECT propensity FROM {SELECTION_TABLE} WHERE declaration_id = ? AND item_no = ?",
        list(item),
    )
    assert 0 < drawn < 1
    assert _propensities(store.engine, SELECTION_TABLE)[row] == pytest.approx(drawn)


def _known_labels(engine: Engine) -> list[tuple[object, ...]]:
    ingest_declarations(engine, FIXTURES / "declarations" / "good.csv", file_format="csv")
    at = datetime(2026, 1, 5, 9, 0)
    later = datetime(2026, 1, 6, 9, 0)
    rows = [
        ("o1", "D00001", 1, "hit", "x", 10.0, True, True, "ana", at, None),
        ("o2", "D00002", 1, "hit", "x", 10.0, False, False, "ana", at, None),
        ("o3", "D00002", 1, "no_hit", "", 0.0, False, False, "bob", later, "o2"),
    ]
    columns = list(zip(*rows, strict=True))
    outcomes = pa.table(
        {name: list(values) for name, values in zip(OUTCOME_SCHEMA.names, columns, strict=True)},
        schema=OUTCOME_SCHEMA,
    )
    engine.write_arrow("case_outcome", outcomes, "append")
    engine.run(feature_steps())
    table = engine.query(
        f"SELECT declaration_id, known, known_fraud, known_critical FROM {FEATURE_TABLE}"
    )
    return sorted(tuple(row.values()) for row in table.to_pylist())


def test_workbench_labels_on_duckdb(engine: Engine) -> None:
    assert _known_labels(engine) == [("D00001", 1, 1, 1), ("D00002", 1, 0, 0), ("D00003", 1, 0, 0)]


@pytest.mark.spark
def test_workbench_labels_agree_on_spark(engine: Engine, spark_engine: Engine) -> None:
    assert _known_labels(spark_engine) == _known_labels(engine)
