"""Train the fraud and critical-fraud boosters on the outcomes known in a time window.

The held-out end of the window (``validation_share`` of its days) measures the model before a
second fit on the whole window becomes the artifact: the metrics describe a model that never
saw the rows it was scored on, the artifact uses every outcome.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from borderlens.errors import BorderLensError
from borderlens.risk.features.catalog import FEATURES
from borderlens.risk.metrics import Mask, Vector, roc_auc, scores_at, top_share
from borderlens.risk.model.artifact import RiskModel
from borderlens.risk.model.matrix import Matrix, feature_matrix, vocabularies

MIN_TRAINING_ROWS = 50


@dataclass(frozen=True)
class TrainingOptions:
    """LightGBM settings; the defaults suit tens of thousands to millions of rows on 2 cores."""

    # Explaining a row (TreeSHAP) costs trees x leaves x depth squared. 300 trees of 63
    # leaves grew 14 deep on KCS and explained 352 rows/s; 250 trees of depth 5 explain about
    # 2,600, for a small loss of precision (docs/risk.md, "Model size").
    rounds: int = 250
    learning_rate: float = 0.06
    leaves: int = 31
    max_depth: int = 5
    min_rows_in_leaf: int = 20
    validation_share: float = 0.15
    max_rows: int = 200_000
    threads: int = 2
    seed: int = 7

    def lightgbm(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.leaves,
            "max_depth": self.max_depth,
            "min_data_in_leaf": self.min_rows_in_leaf,
            "feature_fraction": 0.8,
            "bagging_fraction": 0.8,
            "bagging_freq": 1,
            # Strong smoothing of category statistics: with thousands of importers, weak
            # smoothing lets a handful of declarations decide a category's branch
            # (KCS validation months: precision at 5% 0.93 with 10, 0.95 with 100).
            "cat_smooth": 100,
            "max_cat_to_onehot": 4,
            "max_cat_threshold": 64,
            "num_threads": self.threads,
            "seed": self.seed,
            "deterministic": True,
            "verbose": -1,
        }


def _fit(
    rows: Matrix,
    labels: Mask,
    weights: Vector | None,
    features: list[str],
    options: TrainingOptions,
) -> lgb.Booster:
    categorical = [i for i, name in enumerate(features) if FEATURES[name].kind == "categorical"]
    data = lgb.Dataset(
        rows,
        labels.astype(np.float64),
        weight=weights,
        feature_name=features,
        categorical_feature=categorical,
        free_raw_data=True,
    )
    return lgb.train(options.lightgbm(), data, num_boost_round=options.rounds)


def _capped(fraud: Mask, critical: Mask, max_rows: int, seed: int) -> tuple[Mask, Vector]:
    """Rows to fit on and their weights: every fraud, and as many of the other rows, drawn at
    random and weighted up by the inverse of the draw rate, as keep the total at ``max_rows``.

    Fitting time grows with rows while what the model can learn about the rare frauds does not:
    the clean majority is where rows can be left out.
    """
    keep = np.ones(len(fraud), dtype=np.bool_)
    weights = np.ones(len(fraud), dtype=np.float64)
    positive = fraud | critical
    others = int((~positive).sum())
    room = max_rows - int(positive.sum())
    if len(fraud) <= max_rows or others == 0 or room <= 0:
        return keep, weights
    rate = room / others
    drawn = np.random.default_rng(seed).random(len(fraud)) < rate
    keep = positive | drawn
    weights[~positive] = 1 / rate
    return keep, weights


def _data_hash(rows: Matrix, fraud: Mask, critical: Mask, weights: Vector) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(rows).tobytes())
    for part in (fraud, critical, weights):
        digest.update(np.ascontiguousarray(part).tobytes())
    return digest.hexdigest()


def _validation_split(days: list[dt.date], share: float) -> Mask:
    """Rows on the last ``share`` of the distinct days (at least one day, never all)."""
    distinct = sorted(set(days))
    if len(distinct) < 2:
        return np.zeros(len(days), dtype=np.bool_)
    held = max(1, min(len(distinct) - 1, round(len(distinct) * share)))
    first_held = distinct[-held]
    return np.array([day >= first_held for day in days], dtype=np.bool_)


def train_model(
    table: pa.Table,
    features: tuple[str, ...],
    options: TrainingOptions | None = None,
    weights: Vector | None = None,
) -> RiskModel:
    """Train on the rows of ``risk_feature`` whose outcome is known.

    Args:
        table: feature rows (``risk_feature``), with ``known``, ``known_fraud`` and
            ``known_critical``.
        features: the features to use, in order.
        options: LightGBM settings.
        weights: one weight per row of ``table`` (inverse propensities when retraining on
            selected declarations); None weighs every row alike.
    """
    settings = options or TrainingOptions()
    known = np.asarray(pc.equal(table.column("known"), 1).to_numpy(zero_copy_only=False), bool)
    training = table.filter(pa.array(known))
    if training.num_rows < MIN_TRAINING_ROWS:
        raise BorderLensError(
            f"only {training.num_rows} declarations with a known inspection outcome; "
            f"a model needs at least {MIN_TRAINING_ROWS}"
        )
    given = None if weights is None else np.asarray(weights, np.float64)[known]
    fraud = np.asarray(training.column("known_fraud").to_numpy(zero_copy_only=False)) == 1
    critical = np.asarray(training.column("known_critical").to_numpy(zero_copy_only=False)) == 1
    keep, sample_weights = _capped(fraud, critical, settings.max_rows, settings.seed)
    row_weights = sample_weights[keep] * (1.0 if given is None else given[keep])
    training, fraud, critical = training.filter(pa.array(keep)), fraud[keep], critical[keep]
    names = list(features)
    vocabulary = vocabularies(training, names)
    rows = feature_matrix(training, names, vocabulary)
    days: list[dt.date] = training.column("declaration_date").to_pylist()
    held = _validation_split(days, settings.validation_share)
    metrics: dict[str, float] = {}
    if held.any() and (~held).any():
        fit = ~held
        probe = _fit(rows[fit], fraud[fit], row_weights[fit], names, settings)
        predicted = np.asarray(probe.predict(rows[held]), dtype=np.float64)
        ones = np.ones(int(held.sum()))
        at5 = scores_at(top_share(predicted, 5), fraud[held], ones, critical[held])
        metrics = {
            "validation_rows": float(held.sum()),
            "validation_auc": roc_auc(predicted, fraud[held]),
            "validation_precision@5": at5["precision"],
            "validation_recall@5": at5["recall"],
        }
    fraud_model = _fit(rows, fraud, row_weights, names, settings)
    critical_model = _fit(rows, critical, row_weights, names, settings)
    data_hash = _data_hash(rows, fraud, critical, row_weights)
    trained_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return RiskModel(
        version=f"risk-{trained_at:%Y%m%dT%H%M%S}-{data_hash[:8]}",
        features=tuple(names),
        vocabulary=vocabulary,
        fraud=fraud_model,
        critical=critical_model,
        trained_at=trained_at.isoformat(),
        training_window=(min(days).isoformat(), max(days).isoformat()),
        training_rows=int(known.sum()),
        data_hash=data_hash,
        metrics=metrics,
        parameters=asdict(settings),
    )
