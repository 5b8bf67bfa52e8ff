"""Which features are worded together, and how: one factor per thing an officer recognises.

Contributions are additive (SHAP values), so a group's contribution is the sum of its
members'. Grouping keeps an officer from reading three lines about one importer's history or
the same unit value seen as a ratio, a z-score and a percentile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderlens.errors import ModelMismatchError
from borderlens.risk.explain import sentences
from borderlens.risk.explain.context import WordFunction
from borderlens.risk.explain.history import history, history_features
from borderlens.risk.explain.unit_value import UNIT_VALUE_FEATURES, unit_value
from borderlens.risk.features.catalog import FEATURES, HISTORY_KEYS


@dataclass(frozen=True)
class Group:
    """Features worded as one factor; ``name`` is what explanations store as the feature."""

    name: str
    features: tuple[str, ...]
    word: WordFunction


_SPECIAL: tuple[Group, ...] = (
    Group("unit_value", UNIT_VALUE_FEATURES, unit_value),
    *(Group(f"{key.name}_history", history_features(key), history(key)) for key in HISTORY_KEYS),
    Group("goods_code", ("hs6", "hs4", "hs2"), sentences.goods_code),
    Group("route", ("origin_country", "departure_country", "route_differs"), sentences.route),
    Group(
        "importer_activity",
        ("importer_declarations", "new_seller_for_importer"),
        sentences.importer_activity,
    ),
    Group(
        "ownership_group", ("structure_companies", "structure_countries"), sentences.ownership_group
    ),
    Group("log_item_value", ("log_item_value",), sentences.declared_value),
    Group("log_net_mass", ("log_net_mass",), sentences.net_mass),
    Group("tax_rate", ("tax_rate",), sentences.duty_rate),
    Group("undeclared_related_seller", ("undeclared_related_seller",), sentences.flag),
    Group("owner_in_secrecy_jurisdiction", ("owner_in_secrecy_jurisdiction",), sentences.flag),
)


def _single(name: str) -> Group:
    """A feature no group claims, worded from the catalog's description."""
    kind = FEATURES[name].kind
    return Group(
        name, (name,), sentences.categorical if kind == "categorical" else sentences.numeric
    )


_CLAIMED = {feature: group for group in _SPECIAL for feature in group.features}


def group_of(feature: str) -> Group:
    """The group that words ``feature`` (a catalog feature)."""
    if feature not in FEATURES:
        raise ModelMismatchError(
            f"feature {feature!r} is not in the feature catalog, so it cannot be explained; "
            "train a new model with `borderlens train`"
        )
    return _CLAIMED.get(feature) or _single(feature)


def groups_for(features: Sequence[str]) -> list[Group]:
    """The groups over a model's features, each holding only the members the model reads."""
    found: dict[str, Group] = {}
    for feature in features:
        group = group_of(feature)
        if group.name not in found:
            members = tuple(name for name in group.features if name in features)
            found[group.name] = Group(group.name, members, group.word)
    return list(found.values())
