"""Declaration headers and goods items as numpy columns (one row per item)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from borderlens.demo.world.countries import COUNTRIES
from borderlens.demo.world.goods import GoodsCatalogue
from borderlens.demo.world.posts import DEFAULT_ROUTES, EXPRESS_ROUTES, ROUTES_BY_COUNTRY
from borderlens.demo.world.trade import TradeNetwork

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ITEM_COUNT_PROBABILITIES = (0.45, 0.25, 0.15, 0.1, 0.05)
EXPRESS_SHARE = 0.08
PREFERENTIAL = np.array([country.preferential for country in COUNTRIES])
ROUTE_WIDTH = 8


@dataclass
class Items:
    """Columns of goods items; header columns are repeated on every item of a declaration."""

    header: IntArray
    item_no: IntArray
    pair: IntArray
    day: IntArray
    broker: IntArray
    route: IntArray
    express: BoolArray
    hs: IntArray
    declared_hs: IntArray
    origin: IntArray
    declared_origin: IntArray
    departure: IntArray
    mass: FloatArray
    true_value: FloatArray
    declared_value: FloatArray
    extra: dict[str, npt.NDArray[np.generic]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.header)


def route_table(network: TradeNetwork) -> list[tuple[str, str]]:
    """All (transport mode, office) routes, indexable by the route column."""
    routes = sorted(
        {*DEFAULT_ROUTES, *EXPRESS_ROUTES, *(r for v in ROUTES_BY_COUNTRY.values() for r in v)}
    )
    return routes


def _seller_routes(network: TradeNetwork, routes: list[tuple[str, str]]) -> IntArray:
    position = {route: index for index, route in enumerate(routes)}
    table = np.zeros((len(network.sellers), ROUTE_WIDTH), np.int64)
    for seller, company in enumerate(network.sellers):
        options = ROUTES_BY_COUNTRY.get(company.country, DEFAULT_ROUTES)
        table[seller] = [position[options[k % len(options)]] for k in range(ROUTE_WIDTH)]
    return table


def generate_items(
    network: TradeNetwork,
    catalogue: GoodsCatalogue,
    headers: int,
    days: int,
    rng: np.random.Generator,
) -> Items:
    """Draw `headers` declarations over `days` days and their 1-5 items each."""
    pair = rng.choice(len(network.pair_weight), size=headers, p=network.pair_weight)
    weekday_weight = np.tile([1.0, 1.0, 1.0, 1.0, 0.9, 0.45, 0.2], days // 7 + 1)[:days]
    trend = np.linspace(0.85, 1.15, days) * weekday_weight
    day = np.sort(rng.choice(days, size=headers, p=trend / trend.sum()))
    counts = rng.choice(np.arange(1, 6), size=headers, p=ITEM_COUNT_PROBABILITIES)
    return expand_items(network, catalogue, pair, day.astype(np.int64), counts, rng)


def expand_items(
    network: TradeNetwork,
    catalogue: GoodsCatalogue,
    pair: IntArray,
    day: IntArray,
    counts: IntArray,
    rng: np.random.Generator,
) -> Items:
    """Build the item rows for headers given by pair, day and number of items."""
    headers = len(pair)
    express = rng.random(headers) < EXPRESS_SHARE
    header = np.repeat(np.arange(headers), counts)
    starts = np.cumsum(counts) - counts
    item_no = np.arange(len(header)) - np.repeat(starts, counts) + 1
    seller = network.pair_seller[pair][header]
    hs = network.seller_catalogue[
        seller, (rng.random(len(header)) * network.seller_catalogue_size[seller]).astype(np.int64)
    ]
    origin = network.seller_origin[seller]
    seller_country = np.array([_country_index(c.country) for c in network.sellers])[seller]
    mass = np.exp(catalogue.log_mass[hs] + rng.normal(-0.7, 1.0, len(header)))
    mass = np.where(express[header], mass * 0.002 + 0.2, mass)
    price = np.exp(catalogue.log_price[hs, origin] + rng.normal(0, 0.35, len(header)))
    value = np.round(mass * price, 2)
    return Items(
        header=header,
        item_no=item_no,
        pair=pair[header],
        day=day[header],
        broker=_brokers(network, pair, rng)[header],
        route=_routes(network, pair, express, rng)[header],
        express=express[header],
        hs=hs,
        declared_hs=hs.copy(),
        origin=origin,
        declared_origin=origin.copy(),
        departure=seller_country,
        mass=np.round(mass, 3).astype(np.float64),
        true_value=value,
        declared_value=value.copy(),
    )


def _country_index(code: str) -> int:
    return next(i for i, c in enumerate(COUNTRIES) if c.code == code)


def _brokers(network: TradeNetwork, pair: IntArray, rng: np.random.Generator) -> IntArray:
    usual = network.importer_broker[network.pair_importer[pair]]
    other = rng.integers(0, len(network.brokers), len(pair))
    return np.where(rng.random(len(pair)) < 0.75, usual, other)


def _routes(
    network: TradeNetwork, pair: IntArray, express: BoolArray, rng: np.random.Generator
) -> IntArray:
    routes = route_table(network)
    table = _seller_routes(network, routes)
    chosen = table[network.pair_seller[pair], rng.integers(0, ROUTE_WIDTH, len(pair))]
    express_route = np.array([routes.index(r) for r in EXPRESS_ROUTES])
    return np.where(express, express_route[rng.integers(0, len(express_route), len(pair))], chosen)


def concatenate(parts: list[Items]) -> Items:
    """Join item tables, renumbering headers so they stay distinct."""
    offset = 0
    shifted = []
    for part in parts:
        shifted.append(part.header + offset)
        offset += int(part.header.max()) + 1 if len(part) else 0
    fields = {name: np.concatenate([getattr(p, name) for p in parts]) for name in _FIELDS}
    extra = {key: np.concatenate([p.extra[key] for p in parts]) for key in parts[0].extra}
    return Items(header=np.concatenate(shifted), **fields, extra=extra)


def sort_by_day(items: Items) -> Items:
    """Reorder rows by (day, header, item) and renumber headers 0..n-1 in that order."""
    order = np.lexsort((items.item_no, items.header, items.day))
    fields = {name: getattr(items, name)[order] for name in _FIELDS}
    header = items.header[order]
    first = np.r_[True, header[1:] != header[:-1]]
    extra = {key: column[order] for key, column in items.extra.items()}
    return Items(header=np.cumsum(first) - 1, **fields, extra=extra)


_FIELDS = (
    "item_no", "pair", "day", "broker", "route", "express", "hs", "declared_hs", "origin",
    "declared_origin", "departure", "mass", "true_value", "declared_value",
)  # fmt: skip
