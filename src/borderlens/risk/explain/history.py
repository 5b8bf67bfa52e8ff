"""History factors: what earlier inspections of an importer, declarant, goods or pair found.

A history is three features (smoothed fraud rate, smoothed critical-fraud rate, inspections);
an officer reads them as one sentence with the count behind the rate: "7 of 9 earlier
inspections found fraud (smoothed rate 0.61)". The counts are the ``<key>_frauds`` and
``<key>_criticals`` columns ``risk_feature`` keeps beside the features.
"""

from __future__ import annotations

from borderlens.risk.explain.context import Context, WordFunction, Wording
from borderlens.risk.explain.numbers import amount, count, rate
from borderlens.risk.features.catalog import HistoryKey


def history_features(key: HistoryKey) -> tuple[str, str, str]:
    """The features of one history, in catalog order."""
    return (f"{key.name}_fraud_rate", f"{key.name}_critical_rate", f"{key.name}_inspections")


def _inspections(number: float) -> str:
    return "inspection" if number == 1 else "inspections"


def _value(context: Context, column: str) -> str:
    number = context.number(column)
    return amount(number) if number is not None else context.text(column) or "?"


def _who(context: Context, key: HistoryKey) -> str:
    return f"{key.label} ({', '.join(_value(context, column) for column in key.columns)})"


def _fraud_part(smoothed: float | None, inspections: float, found: float | None) -> str:
    seen = f"{count(inspections)} earlier {_inspections(inspections)}"
    if smoothed is None:
        return seen
    if found is None:
        return f"{seen}, smoothed fraud rate {rate(smoothed)}"
    return f"{count(found)} of {seen} found fraud (smoothed rate {rate(smoothed)})"


def _critical_part(smoothed: float | None, found: float | None, leads: bool) -> str | None:
    """Critical frauds, cited when there were any or when they weighed most in this factor."""
    if smoothed is None:
        return None
    if found is None:
        return f"smoothed critical-fraud rate {rate(smoothed)}" if leads else None
    if found == 0 and not leads:
        return None
    return f"{count(found)} found critical fraud (smoothed rate {rate(smoothed)})"


def _sentence(context: Context, key: HistoryKey, members: tuple[str, ...]) -> Wording:
    fraud_name, critical_name, inspections_name = history_features(key)
    who = _who(context, key)
    inspections = context.number(inspections_name)
    fraud, critical = context.number(fraud_name), context.number(critical_name)
    if inspections is None:
        return "missing", f"{who}: not given, so no history"
    if inspections == 0:
        overall = "" if fraud is None else f" (scored at the overall fraud rate {rate(fraud)})"
        return "0 inspections", f"{who}: no earlier inspections{overall}"
    parts = [_fraud_part(fraud, inspections, context.number(f"{key.name}_frauds"))]
    critical_part = _critical_part(
        critical, context.number(f"{key.name}_criticals"), context.lead(members) == critical_name
    )
    if critical_part:
        parts.append(critical_part)
    value = f"{count(inspections)} {_inspections(inspections)}"
    if fraud is not None:
        value += f", fraud rate {rate(fraud)}"
    return value, f"{who}: {', '.join(parts)}"


def history(key: HistoryKey) -> WordFunction:
    """The wording of ``key``'s history."""

    def word(context: Context, members: tuple[str, ...]) -> Wording:
        return _sentence(context, key, members)

    return word
