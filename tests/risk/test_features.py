"""Features: each one described, each computed only from what was known before its date."""

from __future__ import annotations

import datetime as dt
import math

from borderlens.engine.base import Engine
from borderlens.risk.features import FEATURE_TABLE, FEATURES, build_features

CUTOFF = dt.date(2021, 1, 1)


def test_every_feature_has_one_line_an_officer_can_read() -> None:
    for name, feature in FEATURES.items():
        assert feature.description.strip(), name
        assert "\n" not in feature.description and len(feature.description) <= 140, name
        assert "_" not in feature.description, f"{name}: plain words, not column names"


def test_every_catalog_feature_is_a_column(kcs: Engine) -> None:
    build_features(kcs, CUTOFF)
    assert set(FEATURES) <= set(kcs.columns(FEATURE_TABLE))
    assert kcs.count(f"SELECT count(*) FROM {FEATURE_TABLE}") == kcs.count(
        "SELECT count(*) FROM declaration"
    )


def test_histories_count_only_earlier_known_outcomes(kcs: Engine) -> None:
    """Recounted independently: inspections of the same importer on earlier days, before the
    cutoff (the test period's outcomes are unknown when its declarations are scored)."""
    build_features(kcs, CUTOFF)
    wrong = kcs.count(f"""
        SELECT count(*) FROM {FEATURE_TABLE} f
        WHERE f.importer_inspections <> (
            SELECT count(*) FROM declaration d
            WHERE d.importer_id = f.importer_id AND d.declaration_date < f.declaration_date
              AND d.declaration_date < DATE '{CUTOFF}' AND d.inspected
              AND d.fraud_label IS NOT NULL)""")
    assert wrong == 0
    after = kcs.query(f"""
        SELECT max(office_inspections) AS most FROM {FEATURE_TABLE}
        WHERE declaration_date >= DATE '{CUTOFF}'""").to_pylist()[0]["most"]
    before = kcs.count(f"SELECT count(*) FROM declaration WHERE declaration_date < DATE '{CUTOFF}'")
    assert 0 < after <= before


def test_a_repeated_consignment_counts_earlier_items_of_the_same_goods_value_and_mass(
    kcs: Engine,
) -> None:
    """Recounted independently; an item without a positive value and mass has no such history."""
    kcs.execute("UPDATE declaration SET item_value = 0 WHERE hash(declaration_id) % 20 = 0")
    build_features(kcs, CUTOFF)
    wrong = kcs.count(f"""
        SELECT count(*) FROM {FEATURE_TABLE} f JOIN declaration x USING (declaration_id, item_no)
        WHERE f.consignment_inspections IS DISTINCT FROM (
            SELECT CASE WHEN x.item_value > 0 AND x.net_mass_kg > 0 THEN count(*) END
            FROM declaration d
            WHERE d.hs_code = x.hs_code AND d.item_value = x.item_value
              AND d.net_mass_kg = x.net_mass_kg AND d.declaration_date < x.declaration_date
              AND d.declaration_date < DATE '{CUTOFF}' AND d.inspected
              AND d.fraud_label IS NOT NULL)""")
    assert wrong == 0
    counted = f"SELECT count(*) FROM {FEATURE_TABLE} WHERE consignment_inspections"
    assert kcs.count(f"{counted} > 0") > 0 and kcs.count(f"{counted} IS NULL") > 0


def test_a_later_outcome_never_changes_an_earlier_feature(kcs: Engine) -> None:
    build_features(kcs)
    last = kcs.query(
        "SELECT declaration_id, declaration_date FROM declaration "
        "WHERE declaration_date < DATE '2020-12-01' ORDER BY declaration_date DESC LIMIT 1"
    ).to_pylist()[0]
    earlier = f"declaration_date < DATE '{last['declaration_date']}'"
    before = kcs.query(f"SELECT * FROM {FEATURE_TABLE} WHERE {earlier} ORDER BY ALL")
    kcs.execute(
        "UPDATE declaration SET fraud_label = 1 - fraud_label, critical_fraud_label = 2 "
        f"WHERE declaration_date >= DATE '{last['declaration_date']}'"
    )
    build_features(kcs)
    after = kcs.query(f"SELECT * FROM {FEATURE_TABLE} WHERE {earlier} ORDER BY ALL")
    assert before.num_rows > 0
    assert before.equals(after)


def test_unit_value_reference_is_the_twelve_months_before(kcs: Engine) -> None:
    build_features(kcs, CUTOFF)
    row = kcs.query(f"""
        SELECT declaration_date, hs6, origin_country, reference_median, reference_count
        FROM {FEATURE_TABLE} WHERE reference_level = 'hs6'
        ORDER BY reference_count DESC, declaration_id LIMIT 1""").to_pylist()[0]
    month = row["declaration_date"].replace(day=1)
    recount = kcs.query(f"""
        SELECT count(*) AS n, exp(quantile_cont(ln(item_value / net_mass_kg), 0.5)) AS median
        FROM declaration
        WHERE substr(hs_code, 1, 6) = '{row["hs6"]}' AND origin_country = '{row["origin_country"]}'
          AND net_mass_kg > 0 AND item_value > 0
          AND declaration_date < DATE '{month}'
          AND declaration_date >= DATE '{month}' - INTERVAL 12 MONTH""").to_pylist()[0]
    assert recount["n"] == row["reference_count"] >= 20
    assert math.isclose(recount["median"], row["reference_median"], rel_tol=1e-9)
