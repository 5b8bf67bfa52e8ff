"""The model artifact: trained on known outcomes, saved and loaded intact, strict about features."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import ModelMismatchError
from borderlens.risk.model import ARTIFACT_FORMAT, RiskModel, TrainingOptions
from borderlens.risk.scoring import feature_rows, train_on_warehouse

FAST = TrainingOptions(rounds=40, leaves=15)


@pytest.fixture
def model(kcs: Engine) -> RiskModel:
    return train_on_warehouse(kcs, dt.date(2021, 1, 1), FAST)


def test_artifact_records_what_it_was_trained_on(model: RiskModel, kcs: Engine) -> None:
    before = kcs.count(
        "SELECT count(*) FROM declaration WHERE declaration_date < DATE '2021-01-01'"
    )
    assert model.training_rows == before
    assert model.training_window[1] < "2021-01-01"
    assert len(model.data_hash) == 64 and model.version.endswith(model.data_hash[:8])
    assert 0.5 < model.metrics["validation_auc"] <= 1.0
    assert set(model.vocabulary) <= set(model.features)


def test_save_and_load_give_the_same_scores(model: RiskModel, kcs: Engine, tmp_path: Path) -> None:
    table, _ = feature_rows(kcs)
    loaded = RiskModel.load(model.save(tmp_path / "model.json"))
    assert loaded.features == model.features and loaded.version == model.version
    assert np.array_equal(loaded.predict(table).fraud, model.predict(table).fraud)
    assert np.array_equal(loaded.predict(table).critical, model.predict(table).critical)


def test_an_artifact_of_another_format_is_refused(model: RiskModel, tmp_path: Path) -> None:
    path = model.save(tmp_path / "model.json")
    document = json.loads(path.read_text())
    document["artifact_format"] = ARTIFACT_FORMAT + 1
    path.write_text(json.dumps(document))
    with pytest.raises(ModelMismatchError, match="train a new model"):
        RiskModel.load(path)
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(ModelMismatchError, match="not a readable model artifact"):
        RiskModel.load(tmp_path / "broken.json")


def test_data_with_other_features_is_refused(model: RiskModel) -> None:
    with pytest.raises(ModelMismatchError, match="lacks tax_rate"):
        model.check_features([name for name in model.features if name != "tax_rate"])
    with pytest.raises(ModelMismatchError, match="undeclared_related_seller"):
        model.check_features([*model.features, "undeclared_related_seller"])
    model.check_features(model.features)


def test_unseen_categories_missing_values_and_absurd_values_are_scored(
    model: RiskModel, kcs: Engine
) -> None:
    table, _ = feature_rows(kcs)
    row = table.slice(0, 1).to_pylist()[0]
    odd = []
    for change in ("unseen", "missing", "absurd"):
        copy = dict(row)
        for name in model.features:
            if name in model.vocabulary:
                copy[name] = {"unseen": "NEVER-SEEN", "missing": None, "absurd": "ZZZZ"}[change]
            elif change == "missing":
                copy[name] = None
            elif change == "absurd":
                copy[name] = -1e12 if name == "tax_rate" else 1e15
        odd.append(copy)
    scores = model.predict(pa.Table.from_pylist(odd, schema=table.schema))
    assert np.all(np.isfinite(scores.fraud)) and np.all((scores.fraud >= 0) & (scores.fraud <= 1))
    assert np.all(np.isfinite(scores.critical))
