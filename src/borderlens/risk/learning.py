"""Learning from inspections: retraining on what selections revealed, and a week-by-week
simulation of select, inspect, retrain on the demo world.

Only selected declarations get an outcome, so the inspected rows are a biased sample: the
model's own picks are over-represented. Each inspected row is weighted by the inverse of the
probability it had of being selected (its propensity, kept in ``risk_selection``): the few
rows the exploration share drew at random stand for the many like them that nobody inspected.
Weights are capped at ``MAX_WEIGHT`` so that a handful of draws cannot dominate a fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from borderlens.engine.base import Engine, Step
from borderlens.errors import BorderLensError
from borderlens.risk.features import FEATURE_TABLE
from borderlens.risk.metrics import Vector
from borderlens.risk.model import RiskModel, TrainingOptions, train_model
from borderlens.risk.model.artifact import Scores
from borderlens.risk.policy import Policy
from borderlens.risk.scoring import feature_rows
from borderlens.risk.selection import SELECTION_TABLE, Budget, ChannelRates, select_group

MAX_WEIGHT = 20.0


def inverse_propensity(propensity: Vector) -> Vector:
    """1 / propensity, capped at MAX_WEIGHT; rows with no recorded propensity weigh 1."""
    weights = np.ones(len(propensity), dtype=np.float64)
    recorded = np.isfinite(propensity) & (propensity > 0)
    weights[recorded] = np.minimum(1.0 / propensity[recorded], MAX_WEIGHT)
    return weights


def _propensities(engine: Engine, source: str) -> Vector:
    """Per row of ``risk_feature`` (in `feature_rows` order), the propensity ``source`` records
    for it, NaN where it records none."""
    found = engine.query(f"""
        SELECT s.propensity FROM {FEATURE_TABLE} f
        LEFT JOIN {source} s ON s.declaration_id = f.declaration_id AND s.item_no = f.item_no
        ORDER BY f.declaration_id, f.item_no""")
    return np.asarray(found.column(0).to_numpy(zero_copy_only=False), np.float64)


def retrain(engine: Engine, options: TrainingOptions | None = None) -> RiskModel:
    """Train on every recorded outcome, each weighted by its inverse selection propensity."""
    table, features = feature_rows(engine)
    propensity = (
        _propensities(engine, SELECTION_TABLE)
        if engine.table_exists(SELECTION_TABLE)
        else np.full(table.num_rows, np.nan)
    )
    return train_model(table, features, options, inverse_propensity(propensity))


@dataclass
class WeekResult:
    """One simulated week of one arm: what was selected and what it found."""

    week: int
    start: dt.date
    selected: int
    frauds_found: int
    precision: float
    revenue: float
    explored: int


@dataclass
class SimulationResult:
    """Week by week, for the policy with exploration and the one without."""

    arms: dict[str, list[WeekResult]] = field(default_factory=dict)


_OUTCOME_SCHEMA = pa.schema(
    [
        ("declaration_id", pa.string()),
        ("item_no", pa.int64()),
        ("fraud", pa.bool_()),
        ("critical", pa.bool_()),
        ("propensity", pa.float64()),
    ]
)


def simulate(
    engine: Engine,
    policy: Policy,
    weeks: int,
    *,
    budget: Budget | None = None,
    exploration: float = 0.05,
    options: TrainingOptions | None = None,
    seed: int = 0,
) -> SimulationResult:
    """Select, inspect (the demo world's truth reveals the outcome), retrain, week after week.

    Two arms start from the same history (the inspections before the simulated weeks): one
    keeps ``exploration`` of its red budget for random draws, the other gives it all to the
    policy. Each arm learns only from the outcomes of its own selections.
    """
    if not engine.count("SELECT count(*) FROM truth_fraud"):
        raise BorderLensError("simulate needs the demo world's truth; run `borderlens demo` first")
    last = engine.scalar("SELECT max(declaration_date) FROM declaration")
    if not isinstance(last, dt.date):
        raise BorderLensError("the warehouse holds no declarations")
    start = last - dt.timedelta(days=7 * weeks - 1)
    settings = options or TrainingOptions(rounds=100, validation_share=0.0)
    red_budget = budget or Budget(share=0.05)
    setup = _Setup(policy, _truth(engine), red_budget, settings)
    result = SimulationResult()
    for arm, share in (("with exploration", exploration), ("without exploration", 0.0)):
        outcomes = f"_sim_outcome_{'explore' if share else 'exploit'}"
        history = f"""
            SELECT declaration_id, item_no, fraud_label = 1 AS fraud,
                coalesce(critical_fraud_label = 2, false) AS critical,
                CAST(NULL AS DOUBLE) AS propensity
            FROM declaration
            WHERE inspected AND fraud_label IS NOT NULL
              AND declaration_date < DATE '{start.isoformat()}'"""
        engine.run([Step(history, outcomes, "replace", "inspections before the simulation")])
        state = _Arm(outcomes, share, np.random.default_rng(seed))
        result.arms[arm] = [
            _simulate_week(engine, setup, state, week, start + dt.timedelta(days=7 * week))
            for week in range(weeks)
        ]
        engine.drop(outcomes)
    return result


def _truth(engine: Engine) -> dict[tuple[str, int], tuple[bool, float]]:
    rows = engine.query(
        "SELECT declaration_id, item_no, critical, revenue_at_stake FROM truth_fraud"
    ).to_pylist()
    return {
        (row["declaration_id"], row["item_no"]): (
            bool(row["critical"]),
            float(row["revenue_at_stake"] or 0.0),
        )
        for row in rows
    }


@dataclass(frozen=True)
class _Setup:
    """What both arms share: the policy, the truth, the budget and the training settings."""

    policy: Policy
    truth: dict[tuple[str, int], tuple[bool, float]]
    budget: Budget
    options: TrainingOptions


@dataclass(frozen=True)
class _Arm:
    """One arm: its table of known outcomes, its exploration share and its random draws."""

    outcomes: str
    exploration: float
    rng: np.random.Generator


def _simulate_week(
    engine: Engine, setup: _Setup, arm: _Arm, week: int, first: dt.date
) -> WeekResult:
    outcomes = arm.outcomes
    table, features = feature_rows(engine, first, outcomes)
    days = table.column("declaration_date").to_pylist()
    end = first + dt.timedelta(days=7)
    before = np.array([day < first for day in days])
    in_week = np.array([first <= day < end for day in days])
    propensity = _propensities(engine, outcomes)
    weights = inverse_propensity(propensity)
    history = table.filter(pa.array(before))
    model = train_model(history, features, setup.options, weights[before])
    week_rows = table.filter(pa.array(in_week))
    scores = model.predict(week_rows)
    duty = np.nan_to_num(
        np.asarray(week_rows.column("duty_at_stake").to_numpy(zero_copy_only=False), np.float64)
    )
    keys = list(
        zip(
            week_rows.column("declaration_id").to_pylist(),
            week_rows.column("item_no").to_pylist(),
            strict=True,
        )
    )
    week_days = week_rows.column("declaration_date").to_pylist()
    red = np.zeros(len(keys), dtype=np.bool_)
    chance = np.zeros(len(keys), dtype=np.float64)
    explored = 0
    for day in sorted(set(week_days)):
        rows = np.flatnonzero(np.array([d == day for d in week_days]))
        group = select_group(
            Scores(scores.fraud[rows], scores.critical[rows]),
            duty[rows],
            setup.budget.red(len(rows)),
            setup.policy,
            arm.exploration,
            ChannelRates(0.0, 0.0),
            arm.rng,
        )
        chosen = np.array([channel == "red" for channel in group.channel])
        red[rows[chosen]] = True
        chance[rows] = group.propensity
        explored += group.picked_by.count("exploration")
    found = [setup.truth.get(key) for key in keys]
    fraud = np.array([item is not None for item in found])
    revenue = np.array([item[1] if item else 0.0 for item in found])
    inspected = pa.table(
        {
            "declaration_id": [k[0] for k, r in zip(keys, red, strict=True) if r],
            "item_no": [k[1] for k, r in zip(keys, red, strict=True) if r],
            "fraud": fraud[red].tolist(),
            "critical": [bool(item and item[0]) for item, r in zip(found, red, strict=True) if r],
            "propensity": chance[red].tolist(),
        },
        schema=_OUTCOME_SCHEMA,
    )
    engine.write_arrow(outcomes, inspected, "append")
    at_stake = float(revenue[fraud].sum())
    return WeekResult(
        week=week + 1,
        start=first,
        selected=int(red.sum()),
        frauds_found=int(fraud[red].sum()),
        precision=float(fraud[red].mean()) if red.any() else 0.0,
        revenue=float(revenue[red].sum() / at_stake) if at_stake else 0.0,
        explored=explored,
    )
