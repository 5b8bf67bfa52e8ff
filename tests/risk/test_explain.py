"""Explanations: honest (SHAP values that add up to the score), ranked, worded with the values
behind them, stored per model version, and able to word every feature in the catalog."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError, ModelMismatchError
from borderlens.risk.explain import (
    EXPLANATION_TABLE,
    explain_rows,
    explain_selection,
    feature_contributions,
    group_of,
    groups_for,
)
from borderlens.risk.explain.context import Context
from borderlens.risk.explain.numbers import amount, count, rate
from borderlens.risk.features.catalog import FEATURES, NETWORK_FEATURES
from borderlens.risk.model import RiskModel, TrainingOptions
from borderlens.risk.scoring import feature_rows, train_on_warehouse

FAST = TrainingOptions(rounds=40, leaves=15)
TOP = 5


@pytest.fixture
def trained(kcs: Engine) -> tuple[RiskModel, pa.Table]:
    """A quick model on 2020 and every feature row of the sample."""
    model = train_on_warehouse(kcs, dt.date(2021, 1, 1), FAST)
    table, _ = feature_rows(kcs)
    return model, table


def _riskiest(model: RiskModel, table: pa.Table, rows: int) -> pa.Table:
    order = np.argsort(-model.predict(table).fraud, kind="stable")[:rows]
    return table.take(pa.array(order))


def _keys(table: pa.Table) -> list[tuple[str, int]]:
    ids, items = table.column("declaration_id").to_pylist(), table.column("item_no").to_pylist()
    return list(zip(ids, items, strict=True))


def test_contributions_add_up_to_the_raw_score(trained: tuple[RiskModel, pa.Table]) -> None:
    model, table = trained
    rows = table.slice(0, 600)
    contributions = feature_contributions(model, rows)
    raw = np.asarray(model.fraud.predict(model.matrix(rows), raw_score=True), np.float64)
    assert contributions.shape == (rows.num_rows, len(model.features) + 1)
    assert np.allclose(contributions.sum(axis=1), raw, rtol=0, atol=1e-9)
    assert np.abs(contributions[:, :-1]).sum() > 0
    explained = explain_rows(model, rows, TOP)
    assert np.allclose([e.raw_score for e in explained], raw, rtol=0, atol=1e-9)
    assert np.allclose(
        [e.fraud_probability for e in explained], model.predict(rows).fraud, rtol=0, atol=1e-9
    )
    position = {name: index for index, name in enumerate(model.features)}
    for index, explanation in enumerate(explained):
        assert explanation.bias == pytest.approx(contributions[index, -1])
        for factor in (*explanation.factors, explanation.counter):
            if factor is None:
                continue
            members = contributions[index, [position[name] for name in factor.features]]
            assert factor.contribution == pytest.approx(float(members.sum()), abs=1e-12)


def test_top_factors_push_up_strongest_first(trained: tuple[RiskModel, pa.Table]) -> None:
    model, table = trained
    rows = _riskiest(model, table, 200)
    explained = explain_rows(model, rows, TOP)
    groups = groups_for(model.features)
    position = {name: index for index, name in enumerate(model.features)}
    contributions = feature_contributions(model, rows)
    for index, explanation in enumerate(explained):
        shares = [f.contribution for f in explanation.factors]
        assert len(shares) == TOP and shares == sorted(shares, reverse=True)
        assert all(share > 0 for share in shares)
        grouped = sorted(
            (sum(contributions[index, position[n]] for n in g.features) for g in groups),
            reverse=True,
        )
        assert shares == pytest.approx(grouped[:TOP])
        assert explanation.counter is not None and explanation.counter.contribution < 0
        assert explanation.counter.contribution == pytest.approx(grouped[-1])
        assert len({f.feature for f in explanation.factors}) == TOP


def test_unit_value_sentences_cite_value_reference_and_goods(
    trained: tuple[RiskModel, pa.Table],
) -> None:
    model, table = trained
    group = next(g for g in groups_for(model.features) if "unit_value_kg" in g.features)
    word, members = group.word, group.features
    assert len(members) == 7
    referenced = [
        row
        for row in table.to_pylist()
        if row["reference_median"] is not None and row["unit_value_kg"] is not None
    ]
    assert referenced
    comparisons = set()
    for row in referenced:
        value, text = word(Context(row), members)
        assert value == f"{amount(row['unit_value_kg'])} per kg"
        assert f"value {amount(row['unit_value_kg'])} per kg" in text
        assert "over the 12 months before" in text and f"from {row['origin_country']}" in text
        code = row["hs6"] if row["reference_level"] == "hs6" else row["hs4"]
        assert code in text and f"{count(row['reference_count'])} declarations" in text
        if row["unit_value_kg"] < row["reference_p05"]:
            assert f"below the 5th percentile ({amount(row['reference_p05'])} per kg)" in text
            comparisons.add("below")
        elif row["unit_value_kg"] > row["reference_p95"]:
            assert f"above the 95th percentile ({amount(row['reference_p95'])} per kg)" in text
            comparisons.add("above")
        else:
            assert f"the median ({amount(row['reference_median'])} per kg)" in text
            comparisons.add("within")
    assert comparisons == {"below", "above", "within"}
    usd = word(Context(referenced[0], currency="USD"), members)
    assert f"{amount(referenced[0]['unit_value_kg'])} USD per kg" in usd[1]


def test_history_sentences_give_the_counts_behind_the_rates(
    kcs: Engine, trained: tuple[RiskModel, pa.Table]
) -> None:
    model, table = trained
    seen = [row for row in table.to_pylist() if (row["importer_inspections"] or 0) >= 3]
    keys = [(row["declaration_id"], row["item_no"]) for row in seen[:40]]
    explain_selection(kcs, model, keys, TOP)
    stored = kcs.query(f"SELECT * FROM {EXPLANATION_TABLE}")
    word = group_of("importer_fraud_rate").word
    checked = 0
    for row in seen[:40]:
        prior = kcs.query(
            "SELECT count(*) FILTER (WHERE fraud_label = 1) AS frauds, count(*) AS inspections "
            f"FROM declaration WHERE importer_id = '{row['importer_id']}' AND inspected "
            f"AND fraud_label IS NOT NULL AND declaration_date < DATE '{row['declaration_date']}'"
        ).to_pylist()[0]
        assert prior["inspections"] == row["importer_inspections"]
        text = next(
            (
                line["text"]
                for line in stored.to_pylist()
                if line["declaration_id"] == row["declaration_id"]
                and line["feature"] == "importer_history"
            ),
            None,
        )
        if text is None:
            continue
        checked += 1
        expected = f"{prior['frauds']} of {prior['inspections']} earlier inspections found fraud"
        assert expected in text and rate(row["importer_fraud_rate"]) in text
        assert row["importer_id"] in text
    assert checked >= 3
    # Without the counts beside the features a row can still be worded, with the rate alone.
    alone = {name: value for name, value in seen[0].items() if name != "importer_frauds"}
    text = word(Context(alone), ("importer_fraud_rate",))[1]
    assert f"smoothed fraud rate {rate(seen[0]['importer_fraud_rate'])}" in text


def test_a_repeated_consignment_is_worded_with_its_goods_value_and_mass(kcs: Engine) -> None:
    table, _ = feature_rows(kcs)
    row = next(row for row in table.to_pylist() if (row["consignment_inspections"] or 0) > 1)
    text = group_of("consignment_fraud_rate").word(Context(row), ("consignment_fraud_rate",))[1]
    value, mass = amount(row["consignment_value"]), amount(row["consignment_mass"])
    assert (
        f"consignments of these goods at this value and mass ({row['hs_code']}, {value}, {mass})"
        in text
    )
    seen = f"{count(row['consignment_frauds'])} of {count(row['consignment_inspections'])} earlier"
    assert seen in text


def _odd_rows(model: RiskModel, table: pa.Table) -> pa.Table:
    row = table.slice(0, 1).to_pylist()[0]
    odd = []
    for change in ("unseen", "missing"):
        copy = dict(row)
        for name in model.features:
            if name in model.vocabulary:
                copy[name] = "NEVER-SEEN" if change == "unseen" else None
            elif change == "missing":
                copy[name] = None
        if change == "missing":
            copy.update({"reference_level": None, "hs4": None})
        odd.append(copy)
    return pa.Table.from_pylist(odd, schema=table.schema)


def test_missing_values_and_unseen_categories_are_explained(
    trained: tuple[RiskModel, pa.Table],
) -> None:
    model, table = trained
    rows = _odd_rows(model, table)
    explained = explain_rows(model, rows, top=len(model.features))
    raw = np.asarray(model.fraud.predict(model.matrix(rows), raw_score=True), np.float64)
    assert np.allclose([e.raw_score for e in explained], raw, atol=1e-9)
    missing = " ".join(f.text for f in explained[1].factors)
    assert "NEVER-SEEN" not in missing and ("not given" in missing or "not known" in missing)
    vocabulary = {name: frozenset(values) for name, values in model.vocabulary.items()}
    odd = rows.to_pylist()[0]
    for group in groups_for(model.features):
        if group.features[0] in model.vocabulary:
            text = group.word(Context(odd, vocabulary), group.features)[1]
            assert "NEVER-SEEN (not seen in training, scored as unknown)" in text, text
    for explanation in explained:
        assert all(f.text and f.value for f in explanation.factors)


def test_the_counter_factor_is_worded_only_when_asked_and_never_stored(
    kcs: Engine, trained: tuple[RiskModel, pa.Table]
) -> None:
    model, table = trained
    keys = _keys(_riskiest(model, table, 20))
    stored = f"SELECT * EXCLUDE (explained_at) FROM {EXPLANATION_TABLE} ORDER BY ALL"
    with_counter = explain_selection(kcs, model, keys, TOP)
    first = kcs.query(stored)
    without = explain_selection(kcs, model, keys, TOP, counter=False)
    assert any(found.counter is not None for found in with_counter)
    assert all(found.counter is None for found in without)
    assert [found.factors for found in without] == [found.factors for found in with_counter]
    assert kcs.query(stored).equals(first)


def test_stored_explanations_have_top_rows_per_item_and_are_replaced(
    kcs: Engine, trained: tuple[RiskModel, pa.Table]
) -> None:
    model, table = trained
    keys = _keys(_riskiest(model, table, 30))
    explain_selection(kcs, model, keys, TOP)
    query = (
        f"SELECT declaration_id, item_no, model_version, count(*) AS n, min(rank) AS low, "
        f"max(rank) AS high, max(explained_at) AS at FROM {EXPLANATION_TABLE} GROUP BY ALL"
    )
    first = kcs.query(query).to_pylist()
    assert len(first) == 30 and all((r["n"], r["low"], r["high"]) == (TOP, 1, TOP) for r in first)
    assert {(r["declaration_id"], r["item_no"]) for r in first} == set(keys)
    explain_selection(kcs, model, keys[:10], 3)
    again = {(r["declaration_id"], r["item_no"]): r for r in kcs.query(query).to_pylist()}
    assert len(again) == 30
    assert {again[key]["n"] for key in keys[:10]} == {3}
    assert {again[key]["n"] for key in keys[10:]} == {TOP}
    other = dataclasses.replace(model, version="risk-other")
    explain_selection(kcs, other, keys[:10], TOP)
    versions = kcs.query(f"SELECT model_version, count(*) AS n FROM {EXPLANATION_TABLE} GROUP BY 1")
    assert dict(zip(*versions.to_pydict().values(), strict=True)) == {
        model.version: 10 * 3 + 20 * TOP,
        "risk-other": 10 * TOP,
    }
    texts = kcs.query(f"SELECT text, value FROM {EXPLANATION_TABLE}").to_pylist()
    assert all(r["text"] and r["value"] for r in texts)
    with pytest.raises(BorderLensError, match="NO-SUCH-ID item 1"):
        explain_selection(kcs, model, [("NO-SUCH-ID", 1)], TOP)


def _filled(row: dict[str, Any]) -> dict[str, Any]:
    """The row with network flags set and a value for every feature the KCS data lacks."""
    filled = {**row, **{feature.name: 1.0 for feature in NETWORK_FEATURES}}
    for name, feature in FEATURES.items():
        if filled[name] is None:
            filled[name] = "X1" if feature.kind == "categorical" else 3.0
    return filled


def test_every_catalog_feature_can_be_worded(trained: tuple[RiskModel, pa.Table]) -> None:
    _, table = trained
    rows = table.to_pylist()
    full = next(r for r in rows if r["reference_median"] is not None and r["seller_id"])
    full = _filled(full)
    empty: dict[str, Any] = dict.fromkeys(full)
    covered = [name for group in groups_for(tuple(FEATURES)) for name in group.features]
    assert sorted(covered) == sorted(FEATURES)
    for name in FEATURES:
        group = group_of(name)
        assert name in group.features
        value, text = group.word(Context(full, contributions={name: 1.0}), (name,))
        missing_value, missing_text = group.word(Context(empty), (name,))
        assert value and text and missing_value and missing_text, name
        assert text != missing_text, name
        assert not re.search(r"\d\.\d{5,}|e[+-]\d", text), (name, text)
    with pytest.raises(ModelMismatchError, match="not in the feature catalog"):
        group_of("no_such_feature")


@pytest.mark.parametrize(
    ("number", "as_amount", "as_rate"),
    [(372254.4, "372,254", "370,000"), (2.1, "2.10", "2.1"), (0.6103, "0.61", "0.61"),
     (0.009934, "0.0099", "0.0099"), (0.0999, "0.10", "0.10")],
)  # fmt: skip
def test_numbers_are_formatted_for_people(number: float, as_amount: str, as_rate: str) -> None:
    assert amount(number) == as_amount and rate(number) == as_rate
