"""Channels within a budget: red filled by the policy and an exploration draw, then yellow, blue."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.model import TrainingOptions
from borderlens.risk.model.artifact import Scores
from borderlens.risk.policy import balanced, policies
from borderlens.risk.scoring import score_warehouse, train_on_warehouse
from borderlens.risk.selection import (
    SELECTION_TABLE,
    Budget,
    Channel,
    ChannelRates,
    select_declarations,
    select_group,
)


def test_one_group_fills_each_channel_to_its_size() -> None:
    rng = np.random.default_rng(3)
    scores = Scores(rng.random(1000), rng.random(1000) / 10)
    duty = rng.lognormal(5, 1, 1000)
    group = select_group(
        scores, duty, 50, policies()["probability"], 0.2, ChannelRates(0.1, 0.05), rng
    )
    channels = Counter(group.channel)
    assert channels == {"red": 50, "yellow": 100, "blue": 50, "green": 800}
    explored = [i for i, by in enumerate(group.picked_by) if by == "exploration"]
    chosen = [i for i, by in enumerate(group.picked_by) if by == "policy:probability"]
    assert len(explored) == 10 and len(chosen) == 40
    # The policy's picks are the 40 likeliest frauds, with propensity 1.
    assert set(chosen) == set(np.argsort(-scores.fraud)[:40].tolist())
    assert all(group.propensity[i] == 1.0 for i in chosen)
    # Everything else had the same chance of being drawn: 10 of the 960 passed over.
    others = [i for i in range(1000) if i not in chosen]
    assert np.allclose(group.propensity[others], 10 / 960)
    # Yellow takes the likeliest frauds among those still green, before blue.
    yellow = [i for i, c in enumerate(group.channel) if c == "yellow"]
    blue = [i for i, c in enumerate(group.channel) if c == "blue"]
    assert scores.fraud[yellow].min() >= scores.fraud[blue].max()


def test_no_exploration_means_the_policy_alone() -> None:
    rng = np.random.default_rng(5)
    scores = Scores(rng.random(200), rng.random(200))
    group = select_group(scores, np.ones(200), 20, policies()["probability"], 0.0,
                         ChannelRates(0, 0), rng)  # fmt: skip
    assert "exploration" not in group.picked_by
    assert Counter(group.channel) == {"red": 20, "green": 180}


def test_budgets_are_checked() -> None:
    with pytest.raises(BorderLensError, match="as a share or as a count"):
        Budget(share=None, per_office_per_day=None)
    with pytest.raises(BorderLensError, match="above 0"):
        Budget(share=0.0)
    assert Budget(share=None, per_office_per_day=3).red(10) == 3
    assert Budget(share=0.05).red(100) == 5


def test_selection_on_scored_declarations(kcs: Engine) -> None:
    with pytest.raises(BorderLensError, match="borderlens score"):
        select_declarations(kcs, balanced(0.12, 0.12), Budget())
    model = train_on_warehouse(kcs, dt.date(2021, 1, 1), TrainingOptions(rounds=30, leaves=15))
    score_warehouse(kcs, model)
    since = dt.date(2021, 1, 1)
    summary = select_declarations(
        kcs, balanced(0.12, 0.12), Budget(share=0.1), exploration=0.2, since=since, seed=4
    )
    per_day = kcs.query(f"""
        SELECT declaration_date, count(*) AS items, count(*) FILTER (channel = 'red') AS red
        FROM {SELECTION_TABLE} GROUP BY declaration_date""").to_pylist()
    assert all(day["red"] == round(day["items"] * 0.1) for day in per_day)
    assert min(day["declaration_date"] for day in per_day) >= since
    assert summary.channels["red"] == sum(day["red"] for day in per_day)
    assert 0 < summary.explored < summary.channels["red"]
    first = kcs.query(f"SELECT * EXCLUDE (selected_at) FROM {SELECTION_TABLE} ORDER BY ALL")
    select_declarations(
        kcs, balanced(0.12, 0.12), Budget(share=0.1), exploration=0.2, since=since, seed=4
    )
    again = kcs.query(f"SELECT * EXCLUDE (selected_at) FROM {SELECTION_TABLE} ORDER BY ALL")
    assert first.equals(again)
    select_declarations(kcs, balanced(0.12, 0.12), Budget(share=None, per_office_per_day=2))
    most = kcs.scalar(f"""
        SELECT max(red) FROM (
            SELECT count(*) FILTER (channel = 'red') AS red FROM {SELECTION_TABLE}
            GROUP BY declaration_date, office_id)""")
    assert most == 2


def test_rule_hits_take_their_channel_first() -> None:
    rng = np.random.default_rng(8)
    scores = Scores(np.linspace(1, 0, 100), np.zeros(100))
    rules: list[tuple[Channel, str] | None] = [None] * 100
    rules[90], rules[91], rules[5] = ("red", "weapons"), ("red", "weapons"), ("yellow", "textiles")
    group = select_group(
        scores, np.ones(100), 5, policies()["probability"], 0.0, ChannelRates(0.03, 0.0), rng,
        rules,
    )  # fmt: skip
    assert group.channel[90] == group.channel[91] == "red"
    assert group.picked_by[90] == "rule:weapons" and group.propensity[90] == 1.0
    # Red rule hits count against the budget of 5: the policy picks the 3 likeliest others.
    assert [i for i, c in enumerate(group.channel) if c == "red"] == [0, 1, 2, 90, 91]
    # The yellow rule hit fills one of the 3 yellow places; the ranking fills the other two.
    assert group.channel[5] == "yellow" and group.picked_by[5] == "rule:textiles"
    assert [i for i, c in enumerate(group.channel) if c == "yellow"] == [3, 4, 5]


def test_the_baseline_profile_feeds_the_selection(kcs: Engine) -> None:
    from borderlens.risk.rules import BASELINE_PROFILE, evaluate_rules

    model = train_on_warehouse(kcs, dt.date(2021, 1, 1), TrainingOptions(rounds=30, leaves=15))
    score_warehouse(kcs, model)
    summary = evaluate_rules(kcs, [BASELINE_PROFILE], refresh_features=True)
    assert summary.hits_by_channel.get("red", 0) > 0
    select_declarations(kcs, balanced(0.12, 0.12), Budget(share=0.01))
    wrong = kcs.count(f"""
        SELECT count(*) FROM risk_rule_hit h
        JOIN {SELECTION_TABLE} s USING (declaration_id, item_no)
        WHERE h.channel = 'red' AND (s.channel <> 'red' OR s.picked_by NOT LIKE 'rule:%')""")
    assert wrong == 0
