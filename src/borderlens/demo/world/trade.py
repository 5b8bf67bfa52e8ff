"""Who trades with whom: importer/seller pairs, seller catalogues, brokers and seller codes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderlens.demo.world.countries import COUNTRIES
from borderlens.demo.world.goods import GoodsCatalogue
from borderlens.demo.world.population import Company, Population

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

COUNTRY_INDEX = {country.code: index for index, country in enumerate(COUNTRIES)}
SELLER_COUNTRY_WEIGHTS = {
    "TR": 14, "CN": 12, "RU": 8, "AZ": 5, "AM": 5, "DE": 5, "AE": 5, "UA": 4, "IT": 4,
    "IN": 3, "US": 3, "IR": 3, "KZ": 2, "BY": 2, "GR": 2, "FR": 2, "PL": 2, "NL": 2,
}  # fmt: skip
RE_EXPORT_HUBS = frozenset({"AE", "HK", "TR", "NL", "BE", "SG", "CY"})
CATALOGUE_WIDTH = 8


@dataclass(frozen=True)
class TradeNetwork:
    """Parties and the pairs that trade; arrays are indexed by pair or by seller position."""

    importers: tuple[Company, ...]
    sellers: tuple[Company, ...]
    brokers: tuple[Company, ...]
    pair_importer: IntArray
    pair_seller: IntArray
    pair_weight: FloatArray
    importer_broker: IntArray
    seller_catalogue: IntArray
    seller_catalogue_size: IntArray
    seller_origin: IntArray
    seller_codes: tuple[tuple[str, ...], ...]

    def pair_ids(self) -> list[tuple[str, str]]:
        """(importer entity id, seller entity id) for every pair."""
        return [
            (self.importers[i].entity_id, self.sellers[s].entity_id)
            for i, s in zip(self.pair_importer.tolist(), self.pair_seller.tolist(), strict=True)
        ]


def seller_country_weights(codes: list[str]) -> FloatArray:
    """Selection probabilities over `codes` favouring Georgia's main trade partners."""
    weights = np.array([SELLER_COUNTRY_WEIGHTS.get(code, 1) for code in codes], np.float64)
    probabilities: FloatArray = weights / weights.sum()
    return probabilities


def build_network(
    population: Population,
    catalogue: GoodsCatalogue,
    groups: list[list[Company]],
    suppliers_per_importer: float,
) -> TradeNetwork:
    """Link importers to sellers: mostly at random by popularity, and within groups."""
    rng = population.rng
    companies = list(population.companies.values())
    importers = tuple(c for c in companies if c.kind == "importer")
    sellers = tuple(c for c in companies if c.kind == "seller")
    brokers = tuple(c for c in companies if c.kind == "broker")
    importer_pos = {c.entity_id: i for i, c in enumerate(importers)}
    seller_pos = {c.entity_id: i for i, c in enumerate(sellers)}
    popularity = rng.pareto(1.5, len(sellers)) + 0.2
    popularity /= popularity.sum()
    pairs: set[tuple[int, int]] = set()
    for importer in range(len(importers)):
        count = min(len(sellers), 1 + int(rng.poisson(suppliers_per_importer - 1)))
        for seller in rng.choice(len(sellers), size=count, replace=False, p=popularity):
            pairs.add((importer, int(seller)))
    for group in groups:
        group_importers = [importer_pos[c.entity_id] for c in group if c.kind == "importer"]
        group_sellers = [seller_pos[c.entity_id] for c in group if c.kind == "seller"]
        pairs.update((i, s) for i in group_importers for s in group_sellers[:4])
    ordered = sorted(pairs)
    activity = rng.lognormal(0, 1.0, len(importers))
    pair_importer = np.array([i for i, _ in ordered], np.int64)
    pair_seller = np.array([s for _, s in ordered], np.int64)
    weight = activity[pair_importer] * rng.lognormal(0, 0.8, len(ordered))
    catalogue_codes, catalogue_size = _catalogues(rng, catalogue, len(sellers))
    return TradeNetwork(
        importers=importers,
        sellers=sellers,
        brokers=brokers,
        pair_importer=pair_importer,
        pair_seller=pair_seller,
        pair_weight=weight / weight.sum(),
        importer_broker=rng.integers(0, len(brokers), len(importers)),
        seller_catalogue=catalogue_codes,
        seller_catalogue_size=catalogue_size,
        seller_origin=_goods_origins(rng, sellers),
        seller_codes=tuple(
            _seller_codes(rng, seller, index) for index, seller in enumerate(sellers)
        ),
    )


def _catalogues(
    rng: np.random.Generator, catalogue: GoodsCatalogue, count: int
) -> tuple[IntArray, IntArray]:
    """Each seller sells 2-8 HS6 codes from one or two chapters."""
    chapters = sorted(set(catalogue.chapters))
    chapter_weight = np.array([0.25 if ch in {"28", "29", "36", "93"} else 1.0 for ch in chapters])
    chapter_weight /= chapter_weight.sum()
    codes = np.zeros((count, CATALOGUE_WIDTH), np.int64)
    sizes = np.zeros(count, np.int64)
    for seller in range(count):
        picked = rng.choice(
            len(chapters), size=int(rng.integers(1, 3)), replace=False, p=chapter_weight
        )
        pool = catalogue.codes_in_chapters({chapters[int(i)] for i in picked})
        chosen = rng.choice(pool, size=min(len(pool), int(rng.integers(2, 9))), replace=False)
        codes[seller, : len(chosen)] = chosen
        sizes[seller] = len(chosen)
    return codes, sizes


def _goods_origins(rng: np.random.Generator, sellers: tuple[Company, ...]) -> IntArray:
    """Country where a seller's goods are made: its own, or Asia for re-export hubs."""
    far_east = [COUNTRY_INDEX[code] for code in ("CN", "IN", "VN", "TH", "MY")]
    origins = np.array([COUNTRY_INDEX[s.country] for s in sellers], np.int64)
    hub = np.array([s.country in RE_EXPORT_HUBS for s in sellers]) & (
        rng.random(len(sellers)) < 0.4
    )
    origins[hub] = rng.choice(far_east, size=int(hub.sum()))
    return origins


def _seller_codes(rng: np.random.Generator, seller: Company, index: int) -> tuple[str, ...]:
    """1-3 unstable codes under which brokers write the same seller."""
    formats = (
        f"{seller.country}{seller.registration[-7:]}",
        f"S{index + 1:06d}",
        f"{seller.country}-{index * 13 + 7:05d}X",
    )
    count = int(rng.choice([1, 2, 3], p=[0.45, 0.35, 0.2]))
    start = int(rng.integers(3))
    return tuple(formats[(start + k) % 3] for k in range(count))
