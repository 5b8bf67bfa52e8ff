"""Size presets of the demo world: how many parties, declarations and structures to generate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderlens.errors import BorderLensError

END_DATE = dt.date(2026, 10, 31)
"""Last day of declarations; every generated date is relative to it, never to the wall clock."""

DE_MINIMIS_USD = 300.0
"""Declarations whose total customs value is below this are relieved of import duty."""

VAT_RATE = 18.0
"""Georgian VAT in percent, charged on customs value plus duty; part of revenue at stake."""


@dataclass(frozen=True)
class WorldSize:
    """Parameters of one size preset.

    Attributes:
        importers: Georgian importing companies.
        sellers: foreign selling companies outside any group.
        brokers: customs brokers acting as declarants.
        small_groups: small cross-border company groups (2-8 companies each).
        declarations: declaration headers before split-shipment fraud adds more.
        months: calendar months of declarations ending with END_DATE's month.
        suppliers_per_importer: mean number of sellers an importer buys from.
        related_fraud_pairs: importer/seller pairs given an undeclared relation for undervaluation.
    """

    importers: int
    sellers: int
    brokers: int
    small_groups: int
    declarations: int
    months: int
    suppliers_per_importer: float
    related_fraud_pairs: int


SIZES: dict[str, WorldSize] = {
    "tiny": WorldSize(
        importers=30,
        sellers=60,
        brokers=5,
        small_groups=4,
        declarations=320,
        months=18,
        suppliers_per_importer=3.0,
        related_fraud_pairs=6,
    ),
    "small": WorldSize(
        importers=300,
        sellers=600,
        brokers=15,
        small_groups=40,
        declarations=12_000,
        months=18,
        suppliers_per_importer=5.0,
        related_fraud_pairs=40,
    ),
    "default": WorldSize(
        importers=1_400,
        sellers=2_300,
        brokers=40,
        small_groups=160,
        declarations=95_000,
        months=18,
        suppliers_per_importer=7.0,
        related_fraud_pairs=150,
    ),
    "large": WorldSize(
        importers=6_000,
        sellers=10_000,
        brokers=80,
        small_groups=700,
        declarations=900_000,
        months=24,
        suppliers_per_importer=9.0,
        related_fraud_pairs=700,
    ),
}


def world_size(name: str) -> WorldSize:
    """Return the preset called `name`, or raise BorderLensError listing the valid names."""
    try:
        return SIZES[name]
    except KeyError:
        valid = ", ".join(SIZES)
        raise BorderLensError(f"unknown demo world size {name!r}; choose one of: {valid}") from None
