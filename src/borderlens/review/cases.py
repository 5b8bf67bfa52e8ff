"""The case of one declaration item: the declaration, every reason it was scored and routed as
it was, the importer's and the seller's history, the ownership around them and the route.

A case opened without a stored explanation is explained there and then, with the model that
scored it (every selected or viewed declaration gets its top contributing factors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borderlens.review.access import ensure_case_access
from borderlens.review.advice import EXPLORATION_REASON
from borderlens.review.diagram import Diagram, EntityRef, build_diagram, linked_entity
from borderlens.review.history import PartyHistory, party_history
from borderlens.review.queue import case_path
from borderlens.review.reasons import (
    Factor,
    explain_on_view,
    model_factors,
    picker_kind,
)
from borderlens.review.route import Route, read_route
from borderlens.risk.scoring import SCORE_TABLE
from borderlens.risk.selection import RULE_HIT_TABLE, SELECTION_TABLE
from borderlens.warehouse.store import Store

_PROVENANCE = ("load_id", "source_file", "source_line")


@dataclass(frozen=True)
class Score:
    fraud_probability: float | None
    critical_probability: float | None
    duty_at_stake: float | None
    expected_revenue: float | None
    model_version: str | None
    scored_at: dt.datetime | None


@dataclass(frozen=True)
class Selection:
    channel: str
    picked_by: str
    picked_by_detail: str
    exploration: bool
    propensity: float | None
    policy: str | None
    model_version: str | None
    selected_at: dt.datetime | None


@dataclass(frozen=True)
class RuleHit:
    rule_id: str
    rule_version: int | None
    channel: str | None
    reason: str
    profile: str | None
    evaluated_at: dt.datetime | None


@dataclass
class Reasons:
    """Everything behind the item's channel: scores, rules, model factors, exploration."""

    score: Score | None
    selection: Selection | None
    rule_hits: list[RuleHit]
    factors: list[Factor]
    explanation_note: str
    exploration_note: str = ""


@dataclass(frozen=True)
class ItemLink:
    item_no: int
    url: str


@dataclass
class Case:
    declaration_id: str
    item_no: int
    url: str
    declaration: dict[str, Any]
    source: dict[str, Any]
    other_items: list[ItemLink]
    reasons: Reasons
    importer_entity: EntityRef | None
    seller_entity: EntityRef | None
    importer_history: PartyHistory
    seller_history: PartyHistory
    diagram: Diagram
    route: Route


def _score(store: Store, key: list[Any]) -> Score | None:
    """The item's latest score. Lookups by item stay on the table's index: ordering and
    limiting in SQL would make DuckDB read the whole table, so the latest is picked here."""
    if not store.table_exists(SCORE_TABLE):
        return None
    rows = store.rows(
        f"SELECT fraud_probability, critical_probability, duty_at_stake, expected_revenue, "
        f"model_version, scored_at FROM {SCORE_TABLE} WHERE declaration_id = ? AND item_no = ?",
        key,
    )
    if not rows:
        return None
    return Score(**max(rows, key=lambda row: (row["scored_at"] is not None, row["scored_at"])))


def _selection(store: Store, key: list[Any]) -> Selection | None:
    if not store.table_exists(SELECTION_TABLE):
        return None
    row = store.row(
        f"SELECT channel, picked_by, propensity, policy, model_version, selected_at "
        f"FROM {SELECTION_TABLE} WHERE declaration_id = ? AND item_no = ? LIMIT 1",
        key,
    )
    if row is None:
        return None
    picked = row.pop("picked_by") or ""
    return Selection(
        picked_by=picker_kind(picked),
        picked_by_detail=picked,
        exploration=picked == "exploration",
        **row,
    )


_CHANNEL_ORDER = {"red": 1, "yellow": 2, "blue": 3}


def _rule_hits(store: Store, key: list[Any]) -> list[RuleHit]:
    """The item's rule hits, the strictest channel first (ordered here, see :func:`_score`)."""
    if not store.table_exists(RULE_HIT_TABLE):
        return []
    rows = store.rows(
        f"SELECT rule_id, rule_version, channel, reason, profile, evaluated_at "
        f"FROM {RULE_HIT_TABLE} WHERE declaration_id = ? AND item_no = ?",
        key,
    )
    rows.sort(key=lambda row: (_CHANNEL_ORDER.get(row["channel"], 4), row["rule_id"]))
    return [RuleHit(**row) for row in rows]


def _exploration_note(selection: Selection | None) -> str:
    if selection is None or not selection.exploration:
        return ""
    chance = f" (it had a {selection.propensity:.2%} chance of being drawn)"
    return EXPLORATION_REASON + (chance if selection.propensity is not None else "")


def read_reasons(store: Store, model_dir: Path, key: list[Any]) -> Reasons:
    """The reasons of one item, explaining it now when no explanation is stored."""
    score = _score(store, key)
    selection = _selection(store, key)
    version = score.model_version if score else None
    factors = model_factors(store, key, version)
    note = ""
    if score is None:
        note = "this item has not been scored yet"
    elif not factors:
        note = explain_on_view(store, model_dir, (key[0], key[1]), version)
        factors = model_factors(store, key, version)
    return Reasons(
        score, selection, _rule_hits(store, key), factors, note, _exploration_note(selection)
    )


def read_declaration(store: Store, declaration_id: str) -> list[dict[str, Any]]:
    """Every goods item of a declaration, by item number (empty when there is none)."""
    items = store.rows("SELECT * FROM declaration WHERE declaration_id = ?", [declaration_id])
    return sorted(items, key=lambda item: item["item_no"])


def read_case(store: Store, model_dir: Path, declaration_id: str, item_no: int) -> Case | None:
    """The whole case of one declaration item, or None when it is unknown."""
    ensure_case_access(store)
    items = read_declaration(store, declaration_id)
    row = next((item for item in items if item["item_no"] == item_no), None)
    if row is None:
        return None
    source = {name: row.pop(name, None) for name in _PROVENANCE}
    key = [declaration_id, item_no]
    importer = linked_entity(store, "importer", row.get("importer_id"))
    seller = linked_entity(store, "seller", row.get("seller_id"))
    return Case(
        declaration_id=declaration_id,
        item_no=item_no,
        url=case_path(declaration_id, item_no),
        declaration=row,
        source=source,
        other_items=[
            ItemLink(found["item_no"], case_path(declaration_id, found["item_no"]))
            for found in items
            if found["item_no"] != item_no
        ],
        reasons=read_reasons(store, model_dir, key),
        importer_entity=importer,
        seller_entity=seller,
        importer_history=party_history(store, "importer", row),
        seller_history=party_history(store, "seller", row),
        diagram=build_diagram(store, row, importer, seller),
        route=read_route(store, row),
    )
