"""How well a ranking finds fraud: precision, recall, revenue and critical recall at a rate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

RATES = (1, 2, 5, 10)
"""Inspection rates, in percent of declarations, at which rankings are compared."""


def selection_size(rows: int, rate_percent: float) -> int:
    """How many of ``rows`` an inspection rate selects (at least one when there are rows)."""
    return min(rows, max(1 if rows else 0, round(rows * rate_percent / 100)))


def scores_at(selected: Mask, fraud: Mask, revenue: Vector, critical: Mask) -> dict[str, float]:
    """Precision, recall, revenue captured and critical-fraud recall of one selection.

    Args:
        selected: which rows were picked.
        fraud: which rows are fraud (the truth).
        revenue: the revenue at stake on each row (counted on fraud rows only).
        critical: which rows are critical fraud.
    """
    at_stake = float(revenue[fraud].sum())
    picked = int(selected.sum())
    return {
        "precision": float(fraud[selected].sum() / picked) if picked else 0.0,
        "recall": float(fraud[selected].sum() / fraud.sum()) if fraud.any() else 0.0,
        "revenue": float(revenue[selected & fraud].sum() / at_stake) if at_stake > 0 else 0.0,
        "critical": float(critical[selected].sum() / critical.sum()) if critical.any() else 0.0,
    }


def top_share(score: Vector, rate_percent: float) -> Mask:
    """The highest-scoring rows up to an inspection rate (ties broken by row order)."""
    chosen = np.zeros(len(score), dtype=np.bool_)
    order = np.argsort(-score, kind="stable")
    chosen[order[: selection_size(len(score), rate_percent)]] = True
    return chosen


def roc_auc(score: Vector, label: Mask) -> float:
    """Area under the ROC curve (the chance a fraud outranks a clean row), ties counted half."""
    positives, negatives = int(label.sum()), int((~label).sum())
    if not positives or not negatives:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score), dtype=np.float64)
    sorted_scores = score[order]
    # Average ranks over ties.
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts - 1) / 2.0 + 1
    ranks[order] = np.repeat(average, counts)
    return float((ranks[label].sum() - positives * (positives + 1) / 2) / (positives * negatives))
