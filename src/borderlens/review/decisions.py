"""Officers' decisions on goods items and what their examinations found, kept append-only.

A decision is one of inspect (physical examination), documentary check or release. It keeps
a copy of the machine advice shown at that moment (`borderlens.review.advice`) and whether it
goes against it (red advises inspect, yellow a documentary check, blue and green release);
going against the advice must be justified with a reason.

An outcome is what an examination found, so it follows a decision to examine: it can be
recorded only while the item's current decision is inspect or documentary check. A released
item has no outcome; if it was examined after all, the decision is corrected first. For the
same reason a decision to release is refused while an outcome stands. A hit says what was
found; a no-hit recovers no revenue and seizes nothing.

Nothing is updated or deleted. A correction is a new row naming, in ``corrects``, the current
row it replaces (a corrected decision must say why); a new decision without ``corrects``
supersedes the previous one (an escalation, say). The current decision or outcome of an item
is its newest row that no other row corrects. Each record appends an audit event in the same
transaction.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

import duckdb

from borderlens.errors import BorderLensError
from borderlens.review.accounts import now
from borderlens.review.advice import ACTION_LABELS, ACTIONS, Advice, current_advice
from borderlens.review.events import record_event
from borderlens.warehouse.store import Row, Store

Result = Literal["hit", "no_hit"]
RESULTS: tuple[Result, ...] = ("hit", "no_hit")
RESULT_LABELS = {"hit": "hit", "no_hit": "no hit"}
EXAMINING_ACTIONS = frozenset({"inspect", "documentary_check"})
MAX_TEXT = 2000


def current_rows_sql(table: str, key: str, stamp: str, where: str = "true") -> str:
    """The current row of every item in ``case_decision`` or ``case_outcome`` (its newest row
    that no other row corrects), of the rows ``r`` meeting ``where``. Every argument is SQL
    text from this package, never user input."""
    return f"""
    SELECT * EXCLUDE (newest) FROM (
        SELECT r.*, row_number() OVER (
            PARTITION BY r.declaration_id, r.item_no ORDER BY r.{stamp} DESC, r.{key} DESC
        ) AS newest
        FROM {table} r LEFT JOIN {table} c ON c.corrects = r.{key}
        WHERE c.{key} IS NULL AND {where}
    ) WHERE newest = 1"""


CURRENT_DECISIONS = current_rows_sql("case_decision", "decision_id", "decided_at")
CURRENT_OUTCOMES = current_rows_sql("case_outcome", "outcome_id", "recorded_at")
_ONE_ITEM = "r.declaration_id = ? AND r.item_no = ?"
_ITEM_DECISION = current_rows_sql("case_decision", "decision_id", "decided_at", _ONE_ITEM)
_ITEM_OUTCOME = current_rows_sql("case_outcome", "outcome_id", "recorded_at", _ONE_ITEM)


_DECISION_COLUMNS = frozenset(
    {"decision_id", "action", "reason", "officer", "decided_at", "corrects", "overrides_advice"}
)


def _insert(cursor: duckdb.DuckDBPyConnection, table: str, row: Row) -> None:
    """Append ``row`` (column names from this module, values as parameters) to ``table``."""
    marks = ", ".join("?" for _ in row)
    cursor.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values()))


class UnknownCase(BorderLensError):
    """No goods item with that declaration number and item number."""


class RecordError(BorderLensError):
    """A decision or outcome that cannot be recorded as given; ``field`` names the input."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class Decision:
    decision_id: str
    action: str
    reason: str
    officer: str
    decided_at: datetime
    corrects: str | None
    advice: Advice
    overrides_advice: bool
    corrected_by: str | None = None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def row(self, declaration_id: str, item_no: int) -> Row:
        """The ``case_decision`` row of this decision."""
        advice = self.advice
        return {
            "declaration_id": declaration_id,
            "item_no": item_no,
            **{f.name: getattr(self, f.name) for f in fields(self) if f.name in _DECISION_COLUMNS},
            "advice_channel": advice.channel,
            "advice_model_version": advice.model_version,
            "advice_score": advice.score,
            "advice_rules": advice.rules_json(),
            "advice_reasons": advice.reasons_json(),
            "advice_exploration": advice.exploration,
        }

    @classmethod
    def from_row(cls, row: Row) -> Decision:
        """A ``case_decision`` row (with ``corrected_by``) as a Decision."""
        names = [f.name for f in fields(cls) if f.name != "advice"]
        values = {name: row[name] for name in names} | {"reason": row["reason"] or ""}
        return cls(**values, advice=Advice.stored(row))


@dataclass(frozen=True)
class Outcome:
    outcome_id: str
    result: str
    found: str
    revenue_recovered: float
    seizure: bool
    critical: bool
    officer: str
    recorded_at: datetime
    corrects: str | None
    corrected_by: str | None = None

    @property
    def result_label(self) -> str:
        return RESULT_LABELS.get(self.result, self.result)

    def row(self, declaration_id: str, item_no: int) -> Row:
        """The ``case_outcome`` row of this outcome."""
        own = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "corrected_by"}
        return {"declaration_id": declaration_id, "item_no": item_no, **own}

    @classmethod
    def from_row(cls, row: Row) -> Outcome:
        """A ``case_outcome`` row (with ``corrected_by``) as an Outcome."""
        values = {f.name: row[f.name] for f in fields(cls)}
        return cls(**values | {"found": row["found"] or ""})


@dataclass(frozen=True)
class CaseRecord:
    """Every decision and outcome of one item, newest first, and the current ones."""

    declaration_id: str
    item_no: int
    decisions: list[Decision] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def decision(self) -> Decision | None:
        return next((d for d in self.decisions if d.corrected_by is None), None)

    @property
    def outcome(self) -> Outcome | None:
        return next((o for o in self.outcomes if o.corrected_by is None), None)


def _fetch(cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[Row]:
    result = cursor.execute(sql, params)
    names = [column[0] for column in result.description or ()]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _require_item(cursor: duckdb.DuckDBPyConnection, declaration_id: str, item_no: int) -> None:
    found = _fetch(
        cursor,
        "SELECT count(*) AS n FROM declaration WHERE declaration_id = ? AND item_no = ?",
        [declaration_id, item_no],
    )
    if not found[0]["n"]:
        raise UnknownCase(f"no goods item {item_no} of declaration {declaration_id}")


def _current(
    cursor: duckdb.DuckDBPyConnection, sql: str, declaration_id: str, item_no: int
) -> Row | None:
    found = _fetch(cursor, sql, [declaration_id, item_no])
    return found[0] if found else None


def _check_corrects(current: Row | None, key: str, corrects: str | None) -> None:
    if corrects is None:
        return
    if current is None or current[key] != corrects:
        raise RecordError(
            "corrects", "only the current record of this item can be corrected; reload the case"
        )


def _clean_text(value: str, field_name: str) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise RecordError(field_name, f"keep the {field_name} under {MAX_TEXT} characters")
    return text


def _check_decision(
    action: str, reason: str, advice: Advice, corrects: str | None, has_outcome: bool
) -> None:
    if action not in ACTIONS:
        raise RecordError("action", "choose inspect, documentary check or release")
    if advice.overridden_by(action) and not reason:
        advised = ACTION_LABELS[advice.advised_action or ""]
        raise RecordError(
            "reason", f"the advice is {advised}: say why you decide otherwise (the reason)"
        )
    if corrects and not reason:
        raise RecordError("reason", "a correction says why the earlier decision was wrong")
    if action == "release" and has_outcome:
        raise RecordError(
            "action",
            "an examination outcome is on record for this item, so it was not released "
            "without examination",
        )


def record_decision(
    store: Store,
    declaration_id: str,
    item_no: int,
    action: str,
    reason: str = "",
    *,
    officer: str,
    client: str,
    corrects: str | None = None,
) -> Decision:
    """Record an officer's decision on an item with the advice shown now.

    Raises:
        UnknownCase: no such item.
        RecordError: the decision breaks a rule in this module's docstring.
    """
    reason = _clean_text(reason, "reason")
    advice = current_advice(store, declaration_id, item_no)
    decision = Decision(
        uuid.uuid4().hex,
        action,
        reason,
        officer,
        now(),
        corrects or None,
        advice,
        advice.overridden_by(action),
    )
    with store.writing() as cursor:
        _require_item(cursor, declaration_id, item_no)
        current = _current(cursor, _ITEM_DECISION, declaration_id, item_no)
        _check_corrects(current, "decision_id", decision.corrects)
        outcome = _current(cursor, _ITEM_OUTCOME, declaration_id, item_no)
        _check_decision(action, reason, advice, decision.corrects, outcome is not None)
        _insert(cursor, "case_decision", decision.row(declaration_id, item_no))
        record_event(
            cursor,
            officer,
            client,
            "decision corrected" if decision.corrects else "decision recorded",
            f"{declaration_id}/{item_no}",
            {
                "decision_id": decision.decision_id,
                "action": action,
                "advice_channel": advice.channel,
                "overrides_advice": decision.overrides_advice,
                "corrects": decision.corrects,
            },
        )
    return decision


@dataclass(frozen=True)
class Finding:
    """What an examination found, as an officer enters it."""

    result: str
    found: str = ""
    revenue_recovered: float = 0.0
    seizure: bool = False
    critical: bool = False

    def check(self) -> Finding:
        """The finding cleaned, or a RecordError naming the field at fault."""
        if self.result not in RESULTS:
            raise RecordError("result", "choose hit or no hit")
        found = _clean_text(self.found, "found")
        revenue = float(self.revenue_recovered)
        if not math.isfinite(revenue) or revenue < 0:
            raise RecordError("revenue_recovered", "revenue recovered is a number of 0 or more")
        if self.result == "hit" and not found:
            raise RecordError("found", "a hit says what was found")
        if self.result == "no_hit" and (revenue > 0 or self.seizure or self.critical):
            raise RecordError(
                "result",
                "a no-hit recovers no revenue, seizes nothing and finds no critical fraud; "
                "record a hit instead",
            )
        return Finding(self.result, found, revenue, self.seizure, self.critical)


def record_outcome(
    store: Store,
    declaration_id: str,
    item_no: int,
    finding: Finding,
    *,
    officer: str,
    client: str,
    corrects: str | None = None,
) -> Outcome:
    """Record what the examination of an item found (see the rules in the module docstring).

    Raises:
        UnknownCase: no such item.
        RecordError: the outcome breaks a rule in this module's docstring.
    """
    clean = finding.check()
    found = asdict(clean)
    outcome = Outcome(
        uuid.uuid4().hex, **found, officer=officer, recorded_at=now(), corrects=corrects or None
    )
    with store.writing() as cursor:
        _require_item(cursor, declaration_id, item_no)
        decision = _current(cursor, _ITEM_DECISION, declaration_id, item_no)
        if decision is None or decision["action"] not in EXAMINING_ACTIONS:
            raise RecordError(
                "result",
                "an outcome follows a decision to inspect or to check the documents; "
                "record (or correct) that decision first",
            )
        current = _current(cursor, _ITEM_OUTCOME, declaration_id, item_no)
        _check_corrects(current, "outcome_id", outcome.corrects)
        _insert(cursor, "case_outcome", outcome.row(declaration_id, item_no))
        record_event(
            cursor,
            officer,
            client,
            "outcome corrected" if outcome.corrects else "outcome recorded",
            f"{declaration_id}/{item_no}",
            {"outcome_id": outcome.outcome_id, "corrects": outcome.corrects, **found},
        )
    return outcome


def item_exists(store: Store, declaration_id: str, item_no: int) -> bool:
    return bool(
        store.value(
            "SELECT count(*) FROM declaration WHERE declaration_id = ? AND item_no = ?",
            [declaration_id, item_no],
        )
    )


def _history(store: Store, table: str, key: str, stamp: str, item: list[Any]) -> list[Row]:
    return store.rows(
        f"SELECT r.*, c.{key} AS corrected_by FROM {table} r "
        f"LEFT JOIN {table} c ON c.corrects = r.{key} "
        f"WHERE r.declaration_id = ? AND r.item_no = ? ORDER BY r.{stamp} DESC, r.{key} DESC",
        item,
    )


def case_record(store: Store, declaration_id: str, item_no: int) -> CaseRecord:
    """Every decision and outcome of an item, newest first, each with the row correcting it."""
    item = [declaration_id, item_no]
    decisions = _history(store, "case_decision", "decision_id", "decided_at", item)
    outcomes = _history(store, "case_outcome", "outcome_id", "recorded_at", item)
    return CaseRecord(
        declaration_id,
        item_no,
        [Decision.from_row(row) for row in decisions],
        [Outcome.from_row(row) for row in outcomes],
    )
