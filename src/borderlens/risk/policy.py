"""Selection policies: which declarations to inspect within a budget, given the model's scores.

- ``probability`` picks the likeliest frauds: high precision, little of the revenue.
- ``revenue`` picks the largest expected recoveries (fraud probability x duty at stake): most
  of the revenue, low precision.
- ``random`` picks uniformly: the baseline every policy must beat.
- ``default`` splits the budget. ``revenue_share`` of it goes to the largest expected
  recoveries from likely frauds (probability squared x duty: a large duty does not buy a
  doubtful declaration an inspection), ``safety_share`` to the likeliest critical frauds
  (goods that threaten public safety, which a fraud model ranks low because they are rare),
  the rest to the likeliest frauds. ``revenue_share`` is the one parameter that weighs fraud
  probability against expected revenue: 0 is the probability policy.

The default shares (``BORDERLENS_REVENUE_SHARE`` 0.12, ``BORDERLENS_SAFETY_SHARE`` 0.12) were
chosen on the KCS validation months (docs/risk.md gives the figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.risk.metrics import Mask, Vector, selection_size
from borderlens.risk.model.artifact import Scores


@dataclass(frozen=True)
class Policy:
    """A rule that picks a number of rows from their scores."""

    name: str
    description: str
    pick: Callable[[Scores, Vector, int, np.random.Generator], Mask]

    def select(self, scores: Scores, duty: Vector, rate_percent: float, seed: int = 0) -> Mask:
        """Pick ``rate_percent`` of the rows."""
        return self.select_count(scores, duty, selection_size(len(duty), rate_percent), seed)

    def select_count(self, scores: Scores, duty: Vector, count: int, seed: int = 0) -> Mask:
        """Pick ``count`` rows."""
        return self.pick(scores, duty, count, np.random.default_rng(seed))


def fill(rankings: list[tuple[float, Vector]], rows: int, budget: int) -> Mask:
    """Pick by each ranking in turn its share of ``budget`` (the last takes what is left),
    never picking a row twice."""
    chosen = np.zeros(rows, dtype=np.bool_)
    for index, (share, score) in enumerate(rankings):
        last = index == len(rankings) - 1
        want = budget - int(chosen.sum()) if last else round(budget * share)
        if want <= 0:
            continue
        order = np.argsort(-score, kind="stable")
        order = order[~chosen[order]][:want]
        chosen[order] = True
    return chosen


def _probability(scores: Scores, duty: Vector, count: int, rng: np.random.Generator) -> Mask:
    return fill([(1.0, scores.fraud)], len(duty), count)


def _revenue(scores: Scores, duty: Vector, count: int, rng: np.random.Generator) -> Mask:
    return fill([(1.0, scores.fraud * duty)], len(duty), count)


def _random(scores: Scores, duty: Vector, count: int, rng: np.random.Generator) -> Mask:
    return fill([(1.0, rng.random(len(duty)))], len(duty), count)


def balanced(revenue_share: float, safety_share: float) -> Policy:
    """The default policy with its two shares of the budget."""
    if not (0 <= revenue_share <= 1 and 0 <= safety_share <= 1 - revenue_share):
        raise ValueError("revenue and safety shares must be between 0 and 1 and sum to at most 1")

    def pick(scores: Scores, duty: Vector, count: int, rng: np.random.Generator) -> Mask:
        rankings = [
            (safety_share, scores.critical),
            (revenue_share, scores.fraud**2 * duty),
            (1.0, scores.fraud),
        ]
        return fill(rankings, len(duty), count)

    return Policy(
        "default",
        f"{revenue_share:.0%} of the budget by expected revenue of likely frauds, "
        f"{safety_share:.0%} by "
        "critical-fraud probability, the rest by fraud probability",
        pick,
    )


def policies(
    revenue_share: float = DEFAULT_REVENUE_SHARE, safety_share: float = DEFAULT_SAFETY_SHARE
) -> dict[str, Policy]:
    """The four policies a backtest compares, the default first."""
    return {
        "default": balanced(revenue_share, safety_share),
        "probability": Policy("probability", "highest fraud probability", _probability),
        "revenue": Policy("revenue", "highest fraud probability x duty at stake", _revenue),
        "random": Policy("random", "uniformly at random", _random),
    }
