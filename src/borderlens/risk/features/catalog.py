"""Every feature the models read, with the sentence an officer reads beside its value.

Features are computed only from what was known before a declaration's date: histories count
inspection outcomes of earlier declarations, unit-value references use earlier declarations
of the same goods and origin. The catalog is the contract between the SQL that computes the
features (`build.py`), the model that reads them and the explanations that cite them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FeatureKind = Literal["categorical", "numeric"]


@dataclass(frozen=True)
class Feature:
    """A model input: its column in ``risk_feature``, its kind and what it means."""

    name: str
    kind: FeatureKind
    description: str
    unit: str = ""


@dataclass(frozen=True)
class HistoryKey:
    """Whose history a set of history features describes (one actor or a pair)."""

    name: str
    columns: tuple[str, ...]
    label: str


HISTORY_KEYS: tuple[HistoryKey, ...] = (
    HistoryKey("importer", ("importer_id",), "this importer"),
    HistoryKey("declarant", ("declarant_id",), "this declarant"),
    HistoryKey("seller", ("seller_id",), "this seller"),
    HistoryKey("hs6", ("hs6",), "this HS subheading"),
    HistoryKey("origin", ("origin_country",), "this origin country"),
    HistoryKey("office", ("office_id",), "this customs office"),
    HistoryKey(
        "importer_declarant", ("importer_id", "declarant_id"), "this importer and declarant"
    ),
    HistoryKey("importer_hs6", ("importer_id", "hs6"), "this importer with these goods"),
    HistoryKey("declarant_office", ("declarant_id", "office_id"), "this declarant at this office"),
    HistoryKey("seller_origin", ("seller_id", "origin_country"), "this seller from this origin"),
    HistoryKey("hs6_origin", ("hs6", "origin_country"), "these goods from this origin"),
    # The same goods at the same declared value and net mass: a repeated consignment, whoever
    # declares it. On the KCS files this is the strongest history of all (docs/risk.md,
    # "Repeated consignments").
    HistoryKey(
        "consignment",
        ("hs_code", "consignment_value", "consignment_mass"),
        "consignments of these goods at this value and mass",
    ),
)

HISTORY_COUNTS = ("frauds", "criticals")
"""Besides its three features, each history keeps its raw counts in ``risk_feature``
(``<key>_frauds``, ``<key>_criticals``): not model inputs, but what an explanation cites."""

PRIOR_WEIGHT = 10
"""Histories are smoothed towards the overall rate as if PRIOR_WEIGHT more outcomes at that rate
had been seen: two frauds in two inspections is a 2/12-weighted signal, not a certainty."""

# Importers, declarants and sellers enter through their histories, not as categories (couriers
# not at all): with tens of thousands of values a category split costs ten times the training
# time (100,000 synthetic rows: 59 s against 5 s for 100 trees) and found no more fraud on the
# KCS months.
_CATEGORICAL = (
    ("office_id", "customs office"),
    ("process_type", "clearance process"),
    ("import_type", "import type"),
    ("import_use", "intended use"),
    ("payment_type", "duty payment method"),
    ("transport_mode", "mode of transport"),
    ("hs6", "HS subheading (6 digits)"),
    ("hs4", "HS heading (4 digits)"),
    ("hs2", "HS chapter (2 digits)"),
    ("origin_country", "declared country of origin"),
    ("departure_country", "country of departure"),
    ("tax_type", "duty rate type"),
    ("origin_indicator", "how origin was established"),
)

_NUMERIC = (
    ("tax_rate", "duty rate", "%"),
    ("log_item_value", "declared value (natural log)", ""),
    ("log_net_mass", "net mass (natural log of kg)", ""),
    ("unit_value_kg", "declared value per kg", "per kg"),
    ("unit_value_unit", "declared value per supplementary unit", "per unit"),
    ("reference_median", "median value per kg of earlier declarations of these goods and origin",
     "per kg"),
    ("reference_p05", "5th percentile of value per kg of earlier declarations of these goods and "
     "origin", "per kg"),
    ("reference_p95", "95th percentile of value per kg of earlier declarations of these goods and "
     "origin", "per kg"),
    ("reference_count", "earlier declarations in the unit-value reference", ""),
    ("unit_value_z", "robust z-score of value per kg against the reference (median and MAD)", ""),
    ("unit_value_ratio", "value per kg divided by the reference median", ""),
    ("route_differs", "country of departure differs from the country of origin (1 yes, 0 no)", ""),
    ("importer_declarations", "earlier declarations by this importer", ""),
    ("new_seller_for_importer", "first declaration of this importer with this seller (1 yes)", ""),
)  # fmt: skip

_NETWORK = (
    ("undeclared_related_seller", "importer and seller are related under WTO Art. 15.4 and the "
     "declaration does not say so (1 yes, 0 no)"),
    ("owner_in_secrecy_jurisdiction", "the importer's ownership structure reaches a secrecy "
     "jurisdiction (1 yes, 0 no)"),
    ("structure_companies", "companies in the importer's ownership group"),
    ("structure_countries", "countries in the importer's ownership group"),
)  # fmt: skip


def _history_features() -> tuple[Feature, ...]:
    features: list[Feature] = []
    for key in HISTORY_KEYS:
        features += [
            Feature(
                f"{key.name}_fraud_rate",
                "numeric",
                f"share of earlier inspections of {key.label} that found fraud (smoothed)",
            ),
            Feature(
                f"{key.name}_critical_rate",
                "numeric",
                f"share of earlier inspections of {key.label} that found critical fraud (smoothed)",
            ),
            Feature(f"{key.name}_inspections", "numeric", f"earlier inspections of {key.label}"),
        ]
    return tuple(features)


BASE_FEATURES: tuple[Feature, ...] = (
    *(Feature(name, "categorical", text) for name, text in _CATEGORICAL),
    *(Feature(name, "numeric", text, unit) for name, text, unit in _NUMERIC),
    *_history_features(),
)
"""Features every warehouse with declarations has."""

NETWORK_FEATURES: tuple[Feature, ...] = tuple(
    Feature(name, "numeric", text) for name, text in _NETWORK
)
"""Features that exist once `borderlens network` has run."""

FEATURES: dict[str, Feature] = {f.name: f for f in (*BASE_FEATURES, *NETWORK_FEATURES)}


def available_features(columns: dict[str, int]) -> tuple[str, ...]:
    """The features a feature table carries: the base ones, and the network ones when any row
    has a value for them (``columns`` maps a column to its count of non-null values)."""
    network = any(columns.get(feature.name, 0) for feature in NETWORK_FEATURES)
    return tuple(f.name for f in (*BASE_FEATURES, *(NETWORK_FEATURES if network else ())))
