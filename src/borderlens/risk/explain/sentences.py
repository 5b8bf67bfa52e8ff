"""Sentences for the declaration's own fields: categories, amounts, route, flags, ownership.

Each function words one factor (one feature or a small group of related ones) with the value
behind it; unit values and histories have modules of their own.
"""

from __future__ import annotations

import math
import re

from borderlens.risk.explain.context import Context, Wording
from borderlens.risk.explain.numbers import amount, count, percent
from borderlens.risk.features.catalog import FEATURES

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def label(name: str) -> str:
    """The catalog's description without its parenthesis: 'HS chapter', 'customs office'."""
    return _PARENTHESIS.sub("", FEATURES[name].description)


def category_phrase(context: Context, name: str) -> str:
    """'customs office 30', with what the model made of a missing or unseen value."""
    value = context.text(name)
    if value is None:
        return f"{label(name)} not given"
    if context.unseen(name):
        return f"{label(name)} {value} (not seen in training, scored as unknown)"
    return f"{label(name)} {value}"


def categorical(context: Context, members: tuple[str, ...]) -> Wording:
    """One categorical feature: 'customs office 30'."""
    name = members[0]
    return context.text(name) or "missing", category_phrase(context, name)


def goods_code(context: Context, members: tuple[str, ...]) -> Wording:
    """HS chapter, heading and subheading as one factor, led by the level that mattered most."""
    lead = context.lead(members)
    sentence = category_phrase(context, lead)
    hs6 = context.text("hs6")
    if lead != "hs6" and hs6 is not None and context.text(lead) is not None:
        sentence += f" (goods code {hs6})"
    return context.text(lead) or "missing", sentence


def route(context: Context, members: tuple[str, ...]) -> Wording:
    """Origin, departure and whether they differ, as one factor about where goods came from."""
    origin, departure = context.text("origin_country"), context.text("departure_country")
    parts = [category_phrase(context, "origin_country")] if "origin_country" in members else []
    if departure is not None and departure != origin:
        parts.append(f"shipped from {departure}, not the country of origin")
    elif departure is not None:
        parts.append(f"shipped from {departure}, the country of origin")
    elif "departure_country" in members or "route_differs" in members:
        parts.append("country of departure not given")
    value = "/".join(code or "?" for code in (origin, departure))
    return value, ", ".join(parts) or "country of origin not given"


def _log_amount(context: Context, name: str) -> float | None:
    logged = context.number(name)
    return None if logged is None else math.expm1(logged)


def declared_value(context: Context, members: tuple[str, ...]) -> Wording:
    """The declared value, shown as declared (the model reads its logarithm)."""
    value = _log_amount(context, "log_item_value")
    if value is None:
        return "missing", "declared value not given"
    currency = f" {context.currency}" if context.currency else ""
    return amount(value), f"declared value {amount(value)}{currency}"


def net_mass(context: Context, members: tuple[str, ...]) -> Wording:
    """The net mass in kg, shown as declared (the model reads its logarithm)."""
    mass = _log_amount(context, "log_net_mass")
    if mass is None:
        return "missing", "net mass not given"
    return f"{amount(mass)} kg", f"net mass {amount(mass)} kg"


def duty_rate(context: Context, members: tuple[str, ...]) -> Wording:
    """The duty rate in percent."""
    rate = context.number("tax_rate")
    if rate is None:
        return "missing", "duty rate not given"
    return percent(rate), f"duty rate {percent(rate)}"


def importer_activity(context: Context, members: tuple[str, ...]) -> Wording:
    """How much the importer has declared before, and whether the seller is new to it."""
    earlier = context.number("importer_declarations")
    new_seller = context.number("new_seller_for_importer")
    parts = []
    if "new_seller_for_importer" in members:
        if new_seller is None:
            parts.append("seller not given")
        elif new_seller >= 1:
            parts.append("the first declaration of this importer with this seller")
        else:
            parts.append("this importer has declared goods from this seller before")
    if "importer_declarations" in members:
        if earlier is None:
            parts.append("earlier declarations of this importer not known")
        else:
            parts.append(f"{count(earlier)} earlier declarations by this importer")
    value = "missing" if earlier is None else count(earlier)
    return value, "; ".join(parts)


_FLAGS = {
    "route_differs": (
        "the country of departure differs from the country of origin",
        "the country of departure is the country of origin",
        "country of departure or origin not given",
    ),
    "undeclared_related_seller": (
        "importer and seller are related under WTO Art. 15.4 and the declaration does not say so",
        "no undeclared relationship between importer and seller was found",
        "relationship between importer and seller not checked (the network stage has not run)",
    ),
    "owner_in_secrecy_jurisdiction": (
        "the importer's ownership structure reaches a secrecy jurisdiction",
        "the importer's ownership structure reaches no secrecy jurisdiction",
        "the importer's ownership structure is not known",
    ),
}


def flag(context: Context, members: tuple[str, ...]) -> Wording:
    """A yes/no feature: what yes, no and unknown mean."""
    name = members[0]
    yes, no, unknown = _FLAGS[name]
    value = context.number(name)
    if value is None:
        return "missing", unknown
    return ("yes", yes) if value >= 1 else ("no", no)


def ownership_group(context: Context, members: tuple[str, ...]) -> Wording:
    """Size of the importer's ownership group: companies and the countries they sit in."""
    companies = context.number("structure_companies")
    countries = context.number("structure_countries")
    if companies is None and countries is None:
        return "missing", "the importer's ownership group is not known"
    parts = []
    if companies is not None:
        parts.append(f"{count(companies)} companies")
    if countries is not None:
        parts.append(f"{count(countries)} countries")
    value = " in ".join(parts)
    return value, f"the importer's ownership group spans {value}"


def numeric(context: Context, members: tuple[str, ...]) -> Wording:
    """Any other number, with the catalog's description and unit."""
    name = members[0]
    feature = FEATURES[name]
    value = context.number(name)
    if value is None:
        return "missing", f"{label(name)} not known"
    unit = f" {feature.unit}" if feature.unit else ""
    return f"{amount(value)}{unit}", f"{label(name)} {amount(value)}{unit}"
