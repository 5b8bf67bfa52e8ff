"""A history of selective inspections by a biased policy, and what they found.

The historical policy favours some origins, offices and chapters and high values, and officers
had tips on some frauds; inspections find most, not all, of the fraud on inspected items.
"""

from __future__ import annotations

import numpy as np

from borderlens.demo.world.countries import COUNTRIES
from borderlens.demo.world.declarations import Items
from borderlens.demo.world.goods import GoodsCatalogue

INSPECTION_SHARE = 0.07
FAVOURED_ORIGINS = frozenset({"CN", "IR", "TR", "AE", "IN"})
FAVOURED_CHAPTERS = frozenset({"22", "24", "61", "62", "64", "85", "87", "93"})
DETECTION_RATE = 0.8
CRITICAL_DETECTION_RATE = 0.9


def inspect(
    items: Items, catalogue: GoodsCatalogue, route_offices: list[str], rng: np.random.Generator
) -> None:
    """Choose inspected declarations and fill fraud labels and revenue recovered on them."""
    score = _item_scores(items, catalogue, route_offices)
    header_score = np.full(int(items.header.max()) + 1, -np.inf)
    np.maximum.at(header_score, items.header, score)
    probability = _calibrated(header_score, INSPECTION_SHARE)
    inspected_header = rng.random(len(header_score)) < probability
    inspected = inspected_header[items.header]
    fraud = items.extra["fraud_type"] != ""
    critical = np.asarray(items.extra["critical"], np.bool_)
    found_rate = np.where(critical, CRITICAL_DETECTION_RATE, DETECTION_RATE)
    found = inspected & fraud & (rng.random(len(items)) < found_rate)
    items.extra["inspected"] = inspected
    items.extra["fraud_label"] = np.where(found, np.where(critical, 2, 1), 0)
    at_stake = np.asarray(items.extra["revenue_at_stake"], np.float64)
    recovered = at_stake * rng.uniform(0.8, 1.0, len(items))
    items.extra["revenue_recovered"] = np.where(found, np.round(recovered, 2), 0.0)


def _item_scores(items: Items, catalogue: GoodsCatalogue, route_offices: list[str]) -> np.ndarray:
    favoured_origin = np.array([c.code in FAVOURED_ORIGINS for c in COUNTRIES])
    favoured_chapter = np.array([ch in FAVOURED_CHAPTERS for ch in catalogue.chapters])
    favoured_office = np.array(
        [office in {"GE-SRP", "GE-POT", "GE-KZB"} for office in route_offices]
    )
    tipped = (items.extra["fraud_type"] != "") & (np.asarray(items.header) % 3 == 0)
    score: np.ndarray = (
        0.8 * favoured_origin[items.declared_origin]
        + 0.6 * favoured_office[items.route]
        + 0.6 * favoured_chapter[items.declared_hs]
        + 0.35 * np.log10(items.declared_value + 1.0)
        + 2.0 * tipped
    )
    return score


def _calibrated(score: np.ndarray, share: float) -> np.ndarray:
    """Logistic probabilities of `score` with the intercept set so their mean is `share`."""
    low, high = -30.0, 30.0
    for _ in range(50):
        middle = (low + high) / 2
        if np.mean(1 / (1 + np.exp(-(score + middle)))) > share:
            high = middle
        else:
            low = middle
    probability: np.ndarray = 1 / (1 + np.exp(-(score + low)))
    return probability
