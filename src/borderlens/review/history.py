"""A trader's record before a declaration: how often the importer (or seller) declared, how
often it was inspected and found in fraud, what the workbench's outcomes add, and its latest
declarations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from borderlens.review.access import PARTY_COLUMNS, PARTY_ITEM_TABLE
from borderlens.review.decisions import CURRENT_OUTCOMES
from borderlens.review.queue import case_path
from borderlens.warehouse.store import Store

RECENT = 6
_EARLIER = "role = ? AND party_id = ? AND declaration_date <= ? AND declaration_id <> ?"
"""The party's declarations lodged up to the day of this one, other than itself (read from
``review_party_item``, which :func:`borderlens.review.access.ensure_case_access` keeps)."""


@dataclass(frozen=True)
class RecentDeclaration:
    declaration_id: str
    declaration_date: dt.date
    items: int
    value: float | None
    currency: str | None
    inspected: bool
    fraud_found: bool
    url: str


@dataclass
class PartyHistory:
    """The record of one party (by the id on the declaration) before this declaration."""

    role: str
    party_id: str | None
    name: str | None
    declarations: int = 0
    items: int = 0
    inspected: int = 0
    frauds: int = 0
    revenue_recovered: float = 0.0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    last_inspection: dt.date | None = None
    last_fraud: dt.date | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    outcome_revenue: float = 0.0
    seizures: int = 0
    recent: list[RecentDeclaration] = field(default_factory=list)


_TOTALS = {
    "declarations": "count(*)",
    "items": "sum(items)",
    "inspected": "sum(inspected_items)",
    "frauds": "sum(fraud_items)",
    "revenue_recovered": "sum(revenue)",
    "first_date": "min(first_date)",
    "last_date": "max(declaration_date)",
    "last_inspection": "max(inspected_on)",
    "last_fraud": "max(fraud_on)",
}
"""The party's record, summed over its earlier declarations (each row carries them)."""


def _record(store: Store, params: list[Any], history: PartyHistory) -> None:
    """The party's totals and its latest declarations, from one read of its items."""
    totals = ", ".join(f"{sql} OVER () AS total_{name}" for name, sql in _TOTALS.items())
    rows = store.rows(
        f"""SELECT *, {totals} FROM (
            SELECT declaration_id, min(item_no) AS first_item,
                max(declaration_date) AS declaration_date, min(declaration_date) AS first_date,
                count(*) AS items, sum(item_value) AS value, any_value(currency) AS currency,
                count(*) FILTER (WHERE inspected) AS inspected_items,
                count(*) FILTER (WHERE fraud_label = 1) AS fraud_items,
                coalesce(sum(revenue_recovered), 0) AS revenue,
                max(declaration_date) FILTER (WHERE inspected) AS inspected_on,
                max(declaration_date) FILTER (WHERE fraud_label = 1) AS fraud_on
            FROM {PARTY_ITEM_TABLE} WHERE {_EARLIER} GROUP BY declaration_id) per_declaration
        QUALIFY row_number() OVER (ORDER BY declaration_date DESC, declaration_id DESC) <= ?
        ORDER BY declaration_date DESC, declaration_id DESC""",
        [*params, RECENT],
    )
    for name in _TOTALS:
        value = rows[0][f"total_{name}"] if rows else None
        if value is not None:
            setattr(history, name, float(value) if name == "revenue_recovered" else value)
    history.recent = [
        RecentDeclaration(
            row["declaration_id"],
            row["declaration_date"],
            int(row["items"]),
            row["value"],
            row["currency"],
            row["inspected_items"] > 0,
            row["fraud_items"] > 0,
            case_path(row["declaration_id"], row["first_item"]),
        )
        for row in rows
    ]


def _outcomes(store: Store, params: list[Any], history: PartyHistory) -> None:
    """Outcomes officers recorded in the workbench (each item's current outcome)."""
    if not store.table_exists("case_outcome"):
        return
    rows = store.rows(
        f"""SELECT coalesce(o.result, 'unspecified') AS result, count(*) AS outcomes,
               coalesce(sum(o.revenue_recovered), 0) AS revenue,
               count(*) FILTER (WHERE o.seizure) AS seizures
        FROM ({CURRENT_OUTCOMES}) o
        JOIN (SELECT declaration_id, item_no FROM {PARTY_ITEM_TABLE} WHERE {_EARLIER}) d
            ON d.declaration_id = o.declaration_id AND d.item_no = o.item_no
        GROUP BY ALL ORDER BY outcomes DESC""",
        params,
    )
    history.outcomes = {row["result"]: int(row["outcomes"]) for row in rows}
    history.outcome_revenue = float(sum(row["revenue"] for row in rows))
    history.seizures = int(sum(row["seizures"] for row in rows))


def party_history(store: Store, role: str, declaration: dict[str, Any]) -> PartyHistory:
    """The importer's or the seller's record before ``declaration``."""
    column = PARTY_COLUMNS[role]
    party_id = declaration.get(column)
    history = PartyHistory(role, party_id, declaration.get(f"{role}_name"))
    if not party_id:
        return history
    params = [role, party_id, declaration["declaration_date"], declaration["declaration_id"]]
    _record(store, params, history)
    _outcomes(store, params, history)
    return history
