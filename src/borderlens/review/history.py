"""A trader's record before a declaration: how often the importer (or seller) declared, how
often it was inspected and found in fraud, what the workbench's outcomes add, and its latest
declarations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from borderlens.review.decisions import CURRENT_OUTCOMES
from borderlens.review.queue import case_path
from borderlens.warehouse.store import Store

RECENT = 6
_PARTY_COLUMN = {"importer": "importer_id", "seller": "seller_id"}
_EARLIER = "declaration_date <= ? AND declaration_id <> ?"
"""Declarations lodged up to the day of this one, other than itself."""


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


def _counts(store: Store, column: str, params: list[Any]) -> dict[str, Any]:
    row = store.row(
        f"""SELECT count(DISTINCT declaration_id) AS declarations, count(*) AS items,
               count(*) FILTER (WHERE inspected) AS inspected,
               count(*) FILTER (WHERE fraud_label = 1) AS frauds,
               coalesce(sum(revenue_recovered), 0) AS revenue_recovered,
               min(declaration_date) AS first_date, max(declaration_date) AS last_date,
               max(declaration_date) FILTER (WHERE inspected) AS last_inspection,
               max(declaration_date) FILTER (WHERE fraud_label = 1) AS last_fraud
        FROM declaration WHERE {column} = ? AND {_EARLIER}""",
        params,
    )
    return row or {}


def _recent(store: Store, column: str, params: list[Any]) -> list[RecentDeclaration]:
    rows = store.rows(
        f"""SELECT declaration_id, min(item_no) AS first_item,
               max(declaration_date) AS declaration_date, count(*) AS items,
               sum(item_value) AS value, any_value(currency) AS currency,
               bool_or(coalesce(inspected, false)) AS inspected,
               bool_or(coalesce(fraud_label = 1, false)) AS fraud_found
        FROM declaration WHERE {column} = ? AND {_EARLIER}
        GROUP BY declaration_id ORDER BY declaration_date DESC, declaration_id DESC LIMIT ?""",
        [*params, RECENT],
    )
    return [
        RecentDeclaration(
            row["declaration_id"],
            row["declaration_date"],
            int(row["items"]),
            row["value"],
            row["currency"],
            bool(row["inspected"]),
            bool(row["fraud_found"]),
            case_path(row["declaration_id"], row["first_item"]),
        )
        for row in rows
    ]


def _outcomes(store: Store, column: str, params: list[Any], history: PartyHistory) -> None:
    """Outcomes officers recorded in the workbench (each item's current outcome)."""
    if not store.table_exists("case_outcome"):
        return
    rows = store.rows(
        f"""SELECT coalesce(o.result, 'unspecified') AS result, count(*) AS outcomes,
               coalesce(sum(o.revenue_recovered), 0) AS revenue,
               count(*) FILTER (WHERE o.seizure) AS seizures
        FROM ({CURRENT_OUTCOMES}) o
        JOIN declaration d ON d.declaration_id = o.declaration_id AND d.item_no = o.item_no
        WHERE d.{column} = ? AND d.declaration_date <= ? AND d.declaration_id <> ?
        GROUP BY ALL ORDER BY outcomes DESC""",
        params,
    )
    history.outcomes = {row["result"]: int(row["outcomes"]) for row in rows}
    history.outcome_revenue = float(sum(row["revenue"] for row in rows))
    history.seizures = int(sum(row["seizures"] for row in rows))


def party_history(store: Store, role: str, declaration: dict[str, Any]) -> PartyHistory:
    """The importer's or the seller's record before ``declaration``."""
    column = _PARTY_COLUMN[role]
    party_id = declaration.get(column)
    history = PartyHistory(role, party_id, declaration.get(f"{role}_name"))
    if not party_id:
        return history
    params = [party_id, declaration["declaration_date"], declaration["declaration_id"]]
    for name, value in _counts(store, column, params).items():
        if value is not None:
            setattr(history, name, float(value) if name == "revenue_recovered" else value)
    history.recent = _recent(store, column, params)
    _outcomes(store, column, params, history)
    return history
