"""Learning from inspections: inverse-propensity weights, retraining, the weekly simulation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.learning import MAX_WEIGHT, inverse_propensity, retrain, simulate
from borderlens.risk.model import TrainingOptions
from borderlens.risk.policy import balanced
from borderlens.risk.scoring import score_warehouse, train_on_warehouse
from borderlens.risk.selection import Budget, select_declarations
from tests.conftest import warehouse_copy

FAST = TrainingOptions(rounds=30, leaves=15, validation_share=0.0)


def test_inverse_propensity_weights() -> None:
    weights = inverse_propensity(np.array([1.0, 0.5, 0.001, np.nan, 0.0]))
    assert weights.tolist() == [1.0, 2.0, MAX_WEIGHT, 1.0, 1.0]


def test_retraining_weighs_the_selected_rows(kcs: Engine) -> None:
    plain = train_on_warehouse(kcs, None, FAST)
    with_nothing_selected = retrain(kcs, FAST)
    assert with_nothing_selected.data_hash == plain.data_hash
    score_warehouse(kcs, plain)
    select_declarations(kcs, balanced(0.12, 0.12), Budget(share=0.05), exploration=0.5)
    weighted = retrain(kcs, FAST)
    assert weighted.training_rows == plain.training_rows
    assert weighted.data_hash != plain.data_hash


def test_simulation_compares_exploration_with_none(tiny_world: Path, tmp_path: Path) -> None:
    with warehouse_copy(tiny_world, tmp_path) as engine:
        # The tiny world has a handful of items a day: a large budget gives each day some.
        result = simulate(
            engine, balanced(0.12, 0.12), 2, budget=Budget(share=0.5), exploration=0.6,
            options=FAST,
        )  # fmt: skip
        assert list(result.arms) == ["with exploration", "without exploration"]
        explore, exploit = result.arms.values()
        assert [w.week for w in explore] == [1, 2] == [w.week for w in exploit]
        assert [w.selected for w in explore] == [w.selected for w in exploit]
        assert all(w.selected > 0 for w in explore)
        assert sum(w.explored for w in explore) > 0 == sum(w.explored for w in exploit)
        for week in (*explore, *exploit):
            assert 0 <= week.precision <= 1 and 0 <= week.revenue <= 1
            assert week.frauds_found == round(week.precision * week.selected)
        last = engine.scalar("SELECT max(declaration_date) FROM declaration")
        assert isinstance(last, dt.date)
        assert explore[-1].start == last - dt.timedelta(days=6)
        assert not engine.table_exists("_sim_outcome_explore")


def test_simulation_needs_the_demo_truth(kcs: Engine) -> None:
    with pytest.raises(BorderLensError, match="borderlens demo"):
        simulate(kcs, balanced(0.12, 0.12), 1)
