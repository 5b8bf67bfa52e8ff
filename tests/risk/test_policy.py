"""Selection policies fill their budget exactly, never twice the same row."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderlens.risk.metrics import roc_auc, scores_at, selection_size
from borderlens.risk.model.artifact import Scores
from borderlens.risk.policy import balanced, fill, policies


def _scores(rows: int, seed: int) -> tuple[Scores, np.ndarray]:
    rng = np.random.default_rng(seed)
    return Scores(rng.random(rows), rng.random(rows) / 10), rng.lognormal(5, 2, rows)


@given(rows=st.integers(1, 400), rate=st.sampled_from([1, 2, 5, 10, 50]), seed=st.integers(0, 99))
def test_every_policy_picks_exactly_its_budget(rows: int, rate: int, seed: int) -> None:
    scores, duty = _scores(rows, seed)
    for policy in policies(0.2, 0.1).values():
        assert int(policy.select(scores, duty, rate, seed).sum()) == selection_size(rows, rate)


def test_default_with_no_shares_is_the_probability_policy() -> None:
    scores, duty = _scores(1000, 1)
    picked = balanced(0.0, 0.0).select(scores, duty, 5)
    assert np.array_equal(picked, policies()["probability"].select(scores, duty, 5))


def test_shares_take_their_part_of_the_budget_and_never_a_row_twice() -> None:
    critical = np.array([0.9, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    fraud = np.array([0.1, 0.1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    chosen = fill([(0.4, critical), (1.0, fraud)], 10, 5)
    assert chosen.tolist() == [True, True, True, True, True, False, False, False, False, False]


def test_shares_must_fit_in_the_budget() -> None:
    with pytest.raises(ValueError, match="sum to at most 1"):
        balanced(0.8, 0.3)


def test_scores_at_counts_revenue_on_fraud_rows_only() -> None:
    selected = np.array([True, True, False, False])
    fraud = np.array([True, False, True, False])
    revenue = np.array([10.0, 1000.0, 30.0, 5.0])
    critical = np.array([False, False, True, False])
    result = scores_at(selected, fraud, revenue, critical)
    assert result == {"precision": 0.5, "recall": 0.5, "revenue": 0.25, "critical": 0.0}


def test_roc_auc_ranks_and_ties() -> None:
    assert roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True])) == 0.75
    assert roc_auc(np.array([0.5, 0.5]), np.array([True, False])) == 0.5
