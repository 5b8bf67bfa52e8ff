"""Goods of the demo world: HS6 codes with descriptions, prices, masses, units and duty rates.

Prices are lognormal per (HS6, origin): a chapter base price, a fixed HS6 offset, the origin's
price factor and a fixed (HS6, origin) interaction, so reference prices differ by both.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from borderlens.demo.world.countries import COUNTRIES

EXCISE_CHAPTERS = {"22": 35.0, "24": 70.0, "27": 25.0}
DANGEROUS_CHAPTERS = frozenset({"28", "29", "36", "93"})
BRAND_CHAPTERS = frozenset({"33", "61", "62", "64", "85", "95"})

# chapter: (USD per kg, typical net mass of one item line in kg, quantity unit, kg per unit,
# MFN duty rate in percent)
CHAPTER_PROFILES: dict[str, tuple[float, float, str, float, float]] = {
    "02": (5.0, 2000, "kg", 1, 12), "03": (6.0, 1500, "kg", 1, 12), "04": (4.0, 1500, "kg", 1, 12),
    "07": (1.2, 5000, "kg", 1, 12), "08": (2.0, 4000, "kg", 1, 12), "09": (6.0, 800, "kg", 1, 5),
    "10": (0.4, 20000, "kg", 1, 0), "15": (1.5, 5000, "l", 0.92, 5), "17": (0.7, 10000, "kg", 1, 5),
    "19": (3.0, 2000, "kg", 1, 12), "20": (2.5, 2000, "kg", 1, 12), "21": (4.0, 1000, "kg", 1, 12),
    "22": (3.0, 3000, "l", 1.3, 12), "24": (20.0, 500, "kg", 1, 12), "25": (0.1, 20000, "kg", 1, 0),
    "27": (0.7, 20000, "l", 0.85, 0), "28": (1.5, 2000, "kg", 1, 0), "29": (6.0, 800, "kg", 1, 0),
    "30": (60.0, 100, "kg", 1, 0), "33": (20.0, 300, "kg", 1, 12), "34": (2.5, 1500, "kg", 1, 5),
    "36": (8.0, 200, "kg", 1, 12), "38": (3.0, 1500, "kg", 1, 5), "39": (2.2, 3000, "kg", 1, 5),
    "40": (3.0, 2000, "kg", 1, 5), "44": (0.6, 10000, "m3", 600, 5), "48": (1.2, 5000, "kg", 1, 5),
    "52": (3.5, 2000, "kg", 1, 5), "54": (4.0, 1500, "kg", 1, 5), "61": (18.0, 500, "u", 0.3, 12),
    "62": (20.0, 500, "u", 0.4, 12),
    "63": (6.0, 800, "kg", 1, 12), "64": (22.0, 400, "pr", 0.9, 12),
    "69": (0.8, 8000, "m2", 20, 12), "70": (1.2, 5000, "kg", 1, 12), "72": (0.8, 20000, "kg", 1, 0),
    "73": (2.5, 5000, "kg", 1, 5), "76": (4.0, 3000, "kg", 1, 5), "82": (12.0, 400, "u", 0.5, 5),
    "84": (25.0, 800, "u", 40, 0), "85": (35.0, 400, "u", 2.5, 5), "87": (12.0, 3000, "u", 1300, 5),
    "90": (80.0, 100, "u", 1.5, 0), "93": (60.0, 80, "u", 3, 12), "94": (5.0, 1500, "u", 15, 12),
    "95": (8.0, 600, "u", 0.8, 12), "96": (7.0, 400, "u", 0.1, 12),
}  # fmt: skip

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class GoodsCatalogue:
    """Arrays indexed by HS6 position (and origin country position for prices)."""

    codes: tuple[str, ...]
    descriptions: tuple[str, ...]
    chapters: tuple[str, ...]
    log_price: npt.NDArray[np.float64]  # shape (codes, countries)
    log_mass: FloatArray
    unit_kg: FloatArray
    units: tuple[str, ...]
    duty_rate: FloatArray
    excise_rate: FloatArray
    dangerous: npt.NDArray[np.bool_]
    brand: npt.NDArray[np.bool_]

    def codes_in_chapters(self, chapters: set[str]) -> IntArray:
        """Positions of the codes whose chapter is in `chapters`."""
        return np.array([i for i, ch in enumerate(self.chapters) if ch in chapters], np.int64)


def read_hs_subset() -> list[tuple[str, str]]:
    """The packaged (hscode, description) rows, in file order."""
    text = resources.files("borderlens.demo.world").joinpath("hs_subset.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return [(code, description) for code, description in rows[1:]]


def build_catalogue(rng: np.random.Generator) -> GoodsCatalogue:
    """Price, mass and duty parameters for every packaged HS6 code."""
    rows = read_hs_subset()
    chapters = tuple(code[:2] for code, _ in rows)
    profiles = [CHAPTER_PROFILES[ch] for ch in chapters]
    base_price = np.log([p[0] for p in profiles]) + rng.normal(0, 0.45, len(rows))
    origin_factor = np.log([c.price_factor for c in COUNTRIES])
    interaction = rng.normal(0, 0.2, (len(rows), len(COUNTRIES)))
    chapter_rate = np.array([p[4] for p in profiles])
    other_rate = rng.choice([0.0, 5.0, 12.0], len(rows))
    return GoodsCatalogue(
        codes=tuple(code for code, _ in rows),
        descriptions=tuple(description for _, description in rows),
        chapters=chapters,
        log_price=base_price[:, None] + origin_factor[None, :] + interaction,
        log_mass=np.log([p[1] for p in profiles]),
        unit_kg=np.array([p[3] for p in profiles]),
        units=tuple(p[2] for p in profiles),
        duty_rate=np.where(rng.random(len(rows)) < 0.75, chapter_rate, other_rate),
        excise_rate=np.array([EXCISE_CHAPTERS.get(ch, 0.0) for ch in chapters]),
        dangerous=np.array([ch in DANGEROUS_CHAPTERS for ch in chapters]),
        brand=np.array([ch in BRAND_CHAPTERS for ch in chapters]),
    )
