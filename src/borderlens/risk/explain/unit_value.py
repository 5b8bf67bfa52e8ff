"""The unit-value factor: value per kg against earlier declarations of the same goods and origin.

Seven features (value per kg, its z-score and ratio, the reference's percentiles and size) say
one thing to an officer, so they make one sentence that cites the value, the reference it was
compared with and where that reference came from.
"""

from __future__ import annotations

from borderlens.risk.explain.context import Context, Wording
from borderlens.risk.explain.numbers import amount, count, significant
from borderlens.risk.features.build import MIN_REFERENCE, REFERENCE_MONTHS

UNIT_VALUE_FEATURES = (
    "unit_value_kg",
    "unit_value_z",
    "unit_value_ratio",
    "reference_median",
    "reference_p05",
    "reference_p95",
    "reference_count",
)


def _goods(context: Context) -> tuple[str, str]:
    """(the reference's goods, where they came from): 'HS subheading 851712', 'from CN'."""
    hs6, hs4 = context.text("hs6") or "?", context.text("hs4") or "?"
    origin = context.text("origin_country")
    source = f"from {origin}" if origin else "of unknown origin"
    if context.row.get("reference_level") == "hs4":
        return f"HS heading {hs4} (subheading {hs6} has fewer than {MIN_REFERENCE})", source
    return f"HS subheading {hs6}", source


def unit_value(context: Context, members: tuple[str, ...]) -> Wording:
    """'value 0.41 per kg is below the 5th percentile (2.10 per kg) of HS subheading 851712
    from CN over the 12 months before (median 4.80 per kg, 143 declarations)'."""
    value = context.number("unit_value_kg")
    if value is None:
        return "missing", "value per kg not known (no net mass above 0 declared)"
    median = context.number("reference_median")
    low, high = context.number("reference_p05"), context.number("reference_p95")
    references = context.number("reference_count")
    months = f"over the {REFERENCE_MONTHS} months before"
    shown = context.per_kg(value)
    if median is None or low is None or high is None or references is None:
        hs6, hs4 = context.text("hs6") or "?", context.text("hs4") or "?"
        origin = context.text("origin_country") or "an unknown origin"
        return shown, (
            f"value {shown}, with no reference: fewer than {MIN_REFERENCE} earlier "
            f"declarations of HS subheading {hs6} or heading {hs4} from {origin} {months}"
        )
    goods, source = _goods(context)
    basis = f"{count(references)} declarations"
    if value < low:
        comparison = f"is below the 5th percentile ({context.per_kg(low)})"
        detail = f"median {context.per_kg(median)}, {basis}"
    elif value > high:
        comparison = f"is above the 95th percentile ({context.per_kg(high)})"
        detail = f"median {context.per_kg(median)}, {basis}"
    else:
        comparison = f"is {significant(value / median)} times the median ({context.per_kg(median)})"
        detail = f"5th to 95th percentile {amount(low)} to {context.per_kg(high)}, {basis}"
    return shown, f"value {shown} {comparison} of {goods} {source} {months} ({detail})"
