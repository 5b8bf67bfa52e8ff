"""The risk engine's SQL and stores give the same results on Spark as on DuckDB: rule hits
(every operator, validity dates, reasons filled from values) and stored explanations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.risk.explain import EXPLANATION_TABLE, explain_selection
from borderlens.risk.features import FEATURE_TABLE
from borderlens.risk.model import TrainingOptions
from borderlens.risk.rules import HIT_TABLE, evaluate_rules
from borderlens.risk.scoring import feature_rows, train_on_warehouse
from tests.engine.test_conformance import canonical_rows
from tests.risk.test_rules import FEATURES, rule, write_profile

pytestmark = pytest.mark.spark

FAST = TrainingOptions(rounds=30, leaves=15)


def _rules(folder: Path) -> Path:
    """A profile that uses every operator, both validity bounds and filled-in reasons."""
    reason = '"{hs6} from {origin_country}: {unit_value_kg:.1f} < {reference_p05} its {{low}}"'
    return write_profile(
        folder,
        rule("weapons", "hs2: '93'", channel="red")
        + rule("cheap-textiles", """
            hs6: {starts_with: ['6109', '6110']}
            origin_country: [CN, VN]
            unit_value_kg: {"<": reference_p05, ">=": 0.5}
            """, reason=reason)
        + rule("untaxed", "tax_rate: {'<=': 0}\norigin_country: {is_null: true}")
        + rule("quoted", 'importer_id: "O\'Brien"', reason='"it\'s"')
        + rule("january", "tax_rate: {'>=': 0}",
               extra="valid_from: 2024-01-10\nvalid_to: 2024-01-31")
        + rule("february", "reference_p05: {not_null: true}", extra="valid_from: 2024-02-01"),
    )  # fmt: skip


def test_rule_hits_are_the_same_on_spark(
    engine: Engine, spark_engine: Engine, tmp_path: Path
) -> None:
    profile = _rules(tmp_path)
    found = []
    for backend in (engine, spark_engine):
        backend.write_arrow(FEATURE_TABLE, FEATURES, "replace")
        evaluate_rules(backend, [profile])
        hits = backend.query(f"SELECT * EXCLUDE (evaluated_at) FROM {HIT_TABLE}")
        found.append(canonical_rows(hits))
    assert found[0] == found[1]
    assert {(row[0], row[2]) for row in found[0]} >= {
        ("D1", "weapons"), ("D2", "cheap-textiles"), ("D3", "quoted"), ("D5", "february"),
    }  # fmt: skip


def test_stored_explanations_are_the_same_on_spark(kcs: Engine, spark_engine: Engine) -> None:
    model = train_on_warehouse(kcs, dt.date(2021, 1, 1), FAST)
    table, _ = feature_rows(kcs)
    riskiest = table.take(pa.array(np.argsort(-model.predict(table).fraud, kind="stable")[:20]))
    keys = list(
        zip(
            riskiest.column("declaration_id").to_pylist(),
            riskiest.column("item_no").to_pylist(),
            strict=True,
        )
    )
    spark_engine.write_arrow(FEATURE_TABLE, kcs.query(f"SELECT * FROM {FEATURE_TABLE}"), "replace")
    spark_engine.write_arrow("declaration", kcs.query("SELECT * FROM declaration"), "append")
    stored = []
    for backend in (kcs, spark_engine):
        explain_selection(backend, model, keys, 4)
        explain_selection(backend, model, keys[:5], 2)  # replaces those items' rows
        rows = backend.query(f"SELECT * EXCLUDE (explained_at) FROM {EXPLANATION_TABLE}")
        stored.append(canonical_rows(rows))
    assert stored[0] == stored[1]
    assert len(stored[0]) == 5 * 2 + 15 * 4
