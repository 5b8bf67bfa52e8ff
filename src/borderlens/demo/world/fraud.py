"""Planted fraud: undervaluation by related parties, misclassification, origin, split shipments.

Every fraudulent item gets a fraud type, a critical flag (dangerous goods of chapters 28, 29,
36 and 93, or counterfeit branded goods), its true value and the revenue at stake (duty, excise
and VAT that the true declaration would have paid minus what the declared one pays).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from borderlens.demo.world.countries import COUNTRIES
from borderlens.demo.world.declarations import PREFERENTIAL, Items, expand_items
from borderlens.demo.world.goods import GoodsCatalogue
from borderlens.demo.world.sizes import DE_MINIMIS_USD, VAT_RATE
from borderlens.demo.world.trade import TradeNetwork

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

MISCLASSIFICATION_SHARE = 0.006
ORIGIN_SHARE = 0.009
COUNTERFEIT_SHARE = 0.2
PREFERENTIAL_DISGUISES = ("TR", "UA", "AM", "AZ", "CN", "GB", "KZ")


def tax_rate(catalogue: GoodsCatalogue, hs: IntArray, origin: IntArray) -> FloatArray:
    """Duty plus excise in percent: duty is relieved for preferential origins."""
    duty = np.where(PREFERENTIAL[origin], 0.0, catalogue.duty_rate[hs])
    return duty + catalogue.excise_rate[hs]


def tax_due(value: FloatArray, rate: FloatArray) -> FloatArray:
    """Duty and excise at `rate` plus VAT on value and duty."""
    duty = value * rate / 100.0
    return duty + (value + duty) * VAT_RATE / 100.0


def start_marks(items: Items) -> None:
    """Add empty fraud columns to `items`."""
    items.extra["fraud_type"] = np.full(len(items), "", dtype=object)
    items.extra["critical"] = np.zeros(len(items), np.bool_)
    items.extra["revenue_at_stake"] = np.zeros(len(items))


def _clean(items: Items) -> BoolArray:
    return np.asarray(items.extra["fraud_type"] == "", np.bool_) & ~items.express


def undervalue(items: Items, fraud_pairs: BoolArray, rng: np.random.Generator) -> None:
    """Related sellers invoice 30-60% of the true value on most of their shipments."""
    chosen = fraud_pairs[items.pair] & _clean(items) & (rng.random(len(items)) < 0.8)
    factor = rng.uniform(0.3, 0.6, int(chosen.sum()))
    items.declared_value[chosen] = np.round(items.true_value[chosen] * factor, 2)
    items.extra["fraud_type"][chosen] = "undervaluation"


def misclassify(items: Items, catalogue: GoodsCatalogue, rng: np.random.Generator) -> None:
    """Declare an HS6 code with a lower rate; dangerous goods are favoured targets."""
    rates = catalogue.duty_rate + catalogue.excise_rate
    taxed = (rates[items.hs] > 0) | catalogue.dangerous[items.hs]
    odds = np.where(catalogue.dangerous[items.hs], 8.0, 1.0) * MISCLASSIFICATION_SHARE
    chosen = np.flatnonzero(taxed & _clean(items) & (rng.random(len(items)) < odds))
    harmless = np.flatnonzero(~catalogue.dangerous)
    for row in chosen.tolist():
        true_code = int(items.hs[row])
        lower = harmless[rates[harmless] < max(rates[true_code], 0.1)]
        same_chapter = lower[
            [catalogue.chapters[c] == catalogue.chapters[true_code] for c in lower]
        ]
        pool = same_chapter if len(same_chapter) else lower
        items.declared_hs[row] = pool[int(rng.integers(len(pool)))]
    items.extra["fraud_type"][chosen] = "misclassification"


def misdeclare_origin(items: Items, rng: np.random.Generator) -> None:
    """Goods from a non-preferential origin declared as from a preferential one."""
    codes = [country.code for country in COUNTRIES]
    disguises = np.array([codes.index(code) for code in PREFERENTIAL_DISGUISES])
    chosen = (
        ~PREFERENTIAL[items.origin] & _clean(items) & (rng.random(len(items)) < ORIGIN_SHARE * 2)
    )
    rows = np.flatnonzero(chosen)
    items.declared_origin[rows] = disguises[rng.integers(0, len(disguises), len(rows))]
    revealing = rows[rng.random(len(rows)) < 0.6]
    items.departure[revealing] = items.origin[revealing]
    items.extra["fraud_type"][rows] = "origin_misdeclaration"


def split_shipments(
    network: TradeNetwork,
    catalogue: GoodsCatalogue,
    consignments: int,
    days: int,
    rng: np.random.Generator,
) -> Items:
    """Consignments split into declarations each under the de minimis value, on 1-2 days."""
    pair = rng.choice(len(network.pair_weight), size=consignments, p=network.pair_weight)
    total = rng.uniform(2.4, 10.0, consignments) * DE_MINIMIS_USD
    parts = np.ceil(total / (DE_MINIMIS_USD * 0.92)).astype(np.int64)
    part_pair = np.repeat(pair, parts)
    base_day = rng.integers(0, days - 1, consignments)
    part_day = np.repeat(base_day, parts) + (rng.random(int(parts.sum())) < 0.35)
    items = expand_items(
        network, catalogue, part_pair, part_day, np.ones(len(part_pair), np.int64), rng
    )
    part_value = np.repeat(total / parts, parts) * rng.uniform(0.93, 1.0, len(part_pair))
    value = np.round(np.minimum(part_value, DE_MINIMIS_USD - 0.01), 2)
    scaled = items.mass * value / np.maximum(items.true_value, 0.01)
    items.mass = np.round(scaled, 3).astype(np.float64)
    items.true_value = np.asarray(value, np.float64)
    items.declared_value = items.true_value.copy()
    items.express[:] = False
    start_marks(items)
    items.extra["fraud_type"][:] = "split_shipment"
    return items


def finish_marks(items: Items, catalogue: GoodsCatalogue, rng: np.random.Generator) -> None:
    """Set the critical flag and the revenue at stake of every fraudulent item."""
    fraud_type = items.extra["fraud_type"]
    fraud = fraud_type != ""
    counterfeit = catalogue.brand[items.hs] & (rng.random(len(items)) < COUNTERFEIT_SHARE)
    items.extra["critical"] = np.asarray(fraud & (catalogue.dangerous[items.hs] | counterfeit))
    true_rate = tax_rate(catalogue, items.hs, items.origin)
    declared_rate = tax_rate(catalogue, items.declared_hs, items.declared_origin)
    owed = tax_due(items.true_value, true_rate)
    paid = tax_due(items.declared_value, declared_rate)
    paid = np.where(fraud_type == "split_shipment", 0.0, paid)
    items.extra["revenue_at_stake"] = np.where(fraud, np.round(np.maximum(owed - paid, 0), 2), 0.0)
