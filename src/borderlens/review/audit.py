"""The audit trail: every decision with the machine advice shown when it was taken, who took it
and when, whether it went against the advice, and what the examination found; and the raw
audit events (sign-ins, accounts, decisions, pipeline runs). Filtered, paged, exported to CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from borderlens.review.decisions import CURRENT_OUTCOMES
from borderlens.warehouse.store import Row, Store

PAGE_SIZE = 50
CSV_COLUMNS = (
    "decision_id",
    "declaration_id",
    "item_no",
    "action",
    "reason",
    "officer",
    "decided_at",
    "corrects",
    "corrected_by",
    "advice_channel",
    "advice_model_version",
    "advice_score",
    "advice_rules",
    "advice_reasons",
    "advice_exploration",
    "overrides_advice",
    "outcome_result",
    "outcome_found",
    "revenue_recovered",
    "seizure",
    "critical",
    "outcome_officer",
    "outcome_recorded_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Spreadsheets run a cell that starts with these as a formula; such text gets a quote."""

_TRAIL = f"""
    SELECT d.decision_id, d.declaration_id, d.item_no, d.action, d.reason, d.officer,
        d.decided_at, d.corrects, c.decision_id AS corrected_by, d.advice_channel,
        d.advice_model_version, d.advice_score, d.advice_rules, d.advice_reasons,
        d.advice_exploration, d.overrides_advice,
        o.result AS outcome_result, o.found AS outcome_found, o.revenue_recovered, o.seizure,
        o.critical, o.officer AS outcome_officer, o.recorded_at AS outcome_recorded_at
    FROM case_decision d
    LEFT JOIN case_decision c ON c.corrects = d.decision_id
    LEFT JOIN ({CURRENT_OUTCOMES}) o
      ON o.declaration_id = d.declaration_id AND o.item_no = d.item_no"""


@dataclass(frozen=True)
class TrailFilter:
    """What the decision trail is narrowed to; empty fields do not narrow it."""

    officer: str = ""
    rule: str = ""
    model_version: str = ""
    overridden: bool | None = None
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition (with ``?`` placeholders) and its parameters."""
        conditions: list[str] = ["true"]
        params: list[Any] = []
        if self.officer:
            conditions.append("d.officer = ?")
            params.append(self.officer)
        if self.rule:
            conditions.append("list_contains(from_json(d.advice_rules, '[\"VARCHAR\"]'), ?)")
            params.append(self.rule)
        if self.model_version:
            conditions.append("d.advice_model_version = ?")
            params.append(self.model_version)
        if self.overridden is not None:
            conditions.append("d.overrides_advice = ?")
            params.append(self.overridden)
        if self.since:
            conditions.append("d.decided_at >= ?")
            params.append(self.since)
        if self.until:
            conditions.append("d.decided_at < ?")
            params.append(self.until + timedelta(days=1))
        return " AND ".join(conditions), params


@dataclass(frozen=True)
class Page:
    """One page of rows, 1-based, and how many there are in all."""

    rows: list[Row]
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def _page_number(page: int) -> int:
    return max(1, page)


def _with_lists(row: Row) -> Row:
    return {
        **row,
        "advice_rules": json.loads(row["advice_rules"] or "[]"),
        "advice_reasons": json.loads(row["advice_reasons"] or "[]"),
    }


def decision_trail(store: Store, chosen: TrailFilter, page: int = 1) -> Page:
    """Decisions newest first, with their advice and the item's current outcome."""
    where, params = chosen.where()
    number = _page_number(page)
    total = int(store.value(f"SELECT count(*) FROM case_decision d WHERE {where}", params) or 0)
    rows = store.rows(
        f"{_TRAIL} WHERE {where} ORDER BY d.decided_at DESC, d.decision_id DESC LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE],
    )
    return Page([_with_lists(row) for row in rows], total, number)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = " | ".join(str(part) for part in value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def trail_csv(store: Store, chosen: TrailFilter) -> Iterator[str]:
    """The whole filtered trail as CSV text, a header line first, in chunks."""
    where, params = chosen.where()
    rows = store.rows(
        f"{_TRAIL} WHERE {where} ORDER BY d.decided_at DESC, d.decision_id DESC", params
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for count, row in enumerate(rows, start=1):
        listed = _with_lists(row)
        writer.writerow([_cell(listed[name]) for name in CSV_COLUMNS])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@dataclass(frozen=True)
class TrailChoices:
    """The values the trail's filters offer."""

    officers: list[str]
    rules: list[str]
    model_versions: list[str]


def trail_choices(store: Store) -> TrailChoices:
    def values(sql: str) -> list[str]:
        return [str(row["v"]) for row in store.rows(sql) if row["v"] is not None]

    return TrailChoices(
        officers=values("SELECT DISTINCT officer AS v FROM case_decision ORDER BY v"),
        rules=values(
            "SELECT DISTINCT unnest(from_json(advice_rules, '[\"VARCHAR\"]')) AS v "
            "FROM case_decision ORDER BY v"
        ),
        model_versions=values(
            "SELECT DISTINCT advice_model_version AS v FROM case_decision ORDER BY v DESC"
        ),
    )


def audit_events(store: Store, actor: str = "", action: str = "", page: int = 1) -> Page:
    """Raw audit events newest first, narrowed to an actor and an action when given."""
    conditions, params = ["true"], []
    if actor:
        conditions.append("actor = ?")
        params.append(actor)
    if action:
        conditions.append("action = ?")
        params.append(action)
    where = " AND ".join(conditions)
    number = _page_number(page)
    total = int(store.value(f"SELECT count(*) FROM audit_event WHERE {where}", params) or 0)
    rows = store.rows(
        "SELECT occurred_at, actor, host, action, subject, detail FROM audit_event "
        f"WHERE {where} ORDER BY occurred_at DESC, event_id LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE],
    )
    return Page(rows, total, number)


def event_choices(store: Store) -> tuple[list[str], list[str]]:
    """(actors, actions) found in the audit events."""
    actors = store.rows("SELECT DISTINCT actor FROM audit_event WHERE actor IS NOT NULL ORDER BY 1")
    actions = store.rows(
        "SELECT DISTINCT action FROM audit_event WHERE action IS NOT NULL ORDER BY 1"
    )
    return [row["actor"] for row in actors], [row["action"] for row in actions]
