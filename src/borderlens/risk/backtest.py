"""Backtests: train on an earlier period, select in a later one, score the selections.

The model learns only from outcomes known before the test period; features of test rows use
the same cutoff, so nothing from the test period's inspections leaks in. Each policy then
selects 1, 2, 5 and 10% of the test rows and is scored against the truth:

- **KCS files**: every row was inspected; fraud is ``Fraud = 1``, critical fraud
  ``Critical Fraud = 2``, and the revenue at stake on a fraud row is
  ``Item Price x Tax Rate / 100`` (the duty on the declared price: what an inspection that
  finds the fraud puts back in play).
- **the demo world**: its ground truth (``truth_fraud``) knows every fraud, inspected or not,
  and the revenue each one withholds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.risk.metrics import RATES, Mask, Vector, scores_at
from borderlens.risk.model import RiskModel, TrainingOptions, train_model
from borderlens.risk.policy import policies
from borderlens.risk.scoring import feature_rows

LABELS_FROM_DECLARATIONS = """
    SELECT f.declaration_id, f.item_no, coalesce(d.fraud_label = 1, false) AS fraud,
        coalesce(d.critical_fraud_label = 2, false) AS critical,
        f.duty_at_stake AS revenue
    FROM risk_feature f
    JOIN declaration d ON d.declaration_id = f.declaration_id AND d.item_no = f.item_no"""

LABELS_FROM_TRUTH = """
    SELECT f.declaration_id, f.item_no, t.declaration_id IS NOT NULL AS fraud,
        coalesce(t.critical, false) AS critical, coalesce(t.revenue_at_stake, 0) AS revenue
    FROM risk_feature f
    LEFT JOIN truth_fraud t ON t.declaration_id = f.declaration_id AND t.item_no = f.item_no"""


@dataclass
class BacktestResult:
    """Scores per policy (``precision@5`` ...), and what was trained and tested on."""

    policies: dict[str, dict[str, float]]
    descriptions: dict[str, str]
    model: RiskModel
    cutoff: dt.date
    train_rows: int
    test_rows: int
    test_frauds: int
    test_critical: int

    def as_json(self) -> dict[str, object]:
        """The machine-readable result: ``{"policies": {name: {"precision@5": ...}}}``."""
        return {"policies": self.policies}


def _column(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False))


def run_backtest(
    engine: Engine,
    cutoff: dt.date,
    *,
    labels_sql: str,
    revenue_share: float = DEFAULT_REVENUE_SHARE,
    safety_share: float = DEFAULT_SAFETY_SHARE,
    options: TrainingOptions | None = None,
    seed: int = 0,
) -> BacktestResult:
    """Train on outcomes before ``cutoff``, select among declarations from ``cutoff`` on.

    Args:
        engine: a warehouse with declarations on both sides of ``cutoff``.
        cutoff: the first day of the test period.
        labels_sql: the truth per feature row (``fraud``, ``critical``, ``revenue``):
            ``LABELS_FROM_DECLARATIONS`` or ``LABELS_FROM_TRUTH``.
        revenue_share, safety_share: the default policy's shares of the budget.
        options: LightGBM settings.
        seed: for the random policy.
    """
    table, features = feature_rows(engine, cutoff)
    days = _column(table, "declaration_date")
    test_mask = np.array([day >= cutoff for day in days], dtype=np.bool_)
    if not test_mask.any() or test_mask.all():
        raise BorderLensError(
            f"a backtest needs declarations before and from {cutoff}; "
            f"found {int((~test_mask).sum())} before and {int(test_mask.sum())} from then"
        )
    model = train_model(table.filter(pa.array(~test_mask)), features, options)
    test = table.filter(pa.array(test_mask))
    scores = model.predict(test)
    truth = engine.query(f"{labels_sql} ORDER BY declaration_id, item_no").filter(
        pa.array(test_mask)
    )
    fraud: Mask = _column(truth, "fraud").astype(np.bool_)
    critical: Mask = _column(truth, "critical").astype(np.bool_)
    revenue: Vector = np.nan_to_num(_column(truth, "revenue").astype(np.float64))
    duty: Vector = np.nan_to_num(_column(test, "duty_at_stake").astype(np.float64))
    compared = policies(revenue_share, safety_share)
    results: dict[str, dict[str, float]] = {}
    for name, policy in compared.items():
        row: dict[str, float] = {}
        for rate in RATES:
            chosen = policy.select(scores, duty, rate, seed)
            for metric, value in scores_at(chosen, fraud, revenue, critical).items():
                row[f"{metric}@{rate}"] = round(value, 4)
        results[name] = row
    return BacktestResult(
        policies=results,
        descriptions={name: policy.description for name, policy in compared.items()},
        model=model,
        cutoff=cutoff,
        train_rows=model.training_rows,
        test_rows=test.num_rows,
        test_frauds=int(fraud.sum()),
        test_critical=int(critical.sum()),
    )
