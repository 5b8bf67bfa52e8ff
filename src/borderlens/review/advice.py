"""The machine's advice on one goods item as an officer sees it: the channel the selection gave
it, the fraud score and model version behind it, the rules that fired, the reasons in plain
words, and whether it was an exploration draw. A decision keeps a copy of it, so the record
shows what the officer was told at that moment even after the model is retrained."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from borderlens.warehouse.store import Store

Action = Literal["inspect", "documentary_check", "release"]
ACTIONS: tuple[Action, ...] = ("inspect", "documentary_check", "release")
ACTION_LABELS: dict[str, str] = {
    "inspect": "inspect (physical examination)",
    "documentary_check": "documentary check",
    "release": "release",
}
ADVISED_ACTION: dict[str, Action] = {
    "red": "inspect",
    "yellow": "documentary_check",
    "blue": "release",
    "green": "release",
}
"""What each channel advises: red is examined, yellow checked on documents, blue and green
released (blue with a post-clearance audit)."""
EXPLORATION_REASON = (
    "exploration sample: drawn at random among the items the model passed over, so that it "
    "keeps learning about what it does not select"
)
TOP_REASONS = 5


@dataclass(frozen=True)
class Advice:
    """The advice on one item; ``channel`` is None when no selection covers it."""

    channel: str | None
    model_version: str | None
    score: float | None
    exploration: bool
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    """Every reason in plain words: the model's top factors, the rules, the exploration draw."""

    @property
    def advised_action(self) -> Action | None:
        """The action the channel advises."""
        return ADVISED_ACTION.get(self.channel or "")

    def overridden_by(self, action: str) -> bool:
        """Whether deciding ``action`` goes against the advice (no advice, no override)."""
        return self.advised_action is not None and action != self.advised_action

    def rules_json(self) -> str:
        return json.dumps(list(self.rules))

    def reasons_json(self) -> str:
        return json.dumps(list(self.reasons), ensure_ascii=False)

    @classmethod
    def stored(cls, row: dict[str, Any]) -> Advice:
        """The advice a ``case_decision`` row kept."""
        return cls(
            channel=row["advice_channel"],
            model_version=row["advice_model_version"],
            score=row["advice_score"],
            exploration=bool(row["advice_exploration"]),
            rules=tuple(json.loads(row["advice_rules"] or "[]")),
            reasons=tuple(json.loads(row["advice_reasons"] or "[]")),
        )


def _selection(store: Store, declaration_id: str, item_no: int) -> dict[str, Any] | None:
    if store.table_exists("risk_selection"):
        found = store.row(
            "SELECT channel, model_version, fraud_probability AS score, picked_by "
            "FROM risk_selection WHERE declaration_id = ? AND item_no = ? "
            "ORDER BY selected_at DESC LIMIT 1",
            [declaration_id, item_no],
        )
        if found:
            return found
    if store.table_exists("risk_score"):
        return store.row(
            "SELECT NULL AS channel, model_version, fraud_probability AS score, '' AS picked_by "
            "FROM risk_score WHERE declaration_id = ? AND item_no = ? "
            "ORDER BY scored_at DESC LIMIT 1",
            [declaration_id, item_no],
        )
    return None


def _rule_hits(store: Store, declaration_id: str, item_no: int) -> list[dict[str, Any]]:
    if not store.table_exists("risk_rule_hit"):
        return []
    found = store.rows(
        "SELECT rule_id, channel, reason FROM risk_rule_hit "
        "WHERE declaration_id = ? AND item_no = ? ORDER BY "
        "CASE channel WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 3 ELSE 4 END, "
        "rule_id",
        [declaration_id, item_no],
    )
    return found


def _model_reasons(
    store: Store, declaration_id: str, item_no: int, model_version: str | None
) -> tuple[str, ...]:
    if model_version is None or not store.table_exists("risk_explanation"):
        return ()
    found = store.rows(
        "SELECT text FROM risk_explanation "
        "WHERE declaration_id = ? AND item_no = ? AND model_version = ? ORDER BY rank LIMIT ?",
        [declaration_id, item_no, model_version, TOP_REASONS],
    )
    return tuple(row["text"] for row in found if row["text"])


def current_advice(store: Store, declaration_id: str, item_no: int) -> Advice:
    """The advice the risk tables give on an item now."""
    selection = _selection(store, declaration_id, item_no) or {}
    version = selection.get("model_version")
    model_version = str(version) if version else None
    score = selection.get("score")
    exploration = selection.get("picked_by") == "exploration"
    channel = selection.get("channel")
    hits = _rule_hits(store, declaration_id, item_no)
    reasons = list(_model_reasons(store, declaration_id, item_no, model_version))
    reasons += [f"rule {hit['rule_id']}: {hit['reason'] or hit['channel']}" for hit in hits]
    return Advice(
        channel=str(channel) if channel else None,
        model_version=model_version,
        score=float(score) if isinstance(score, int | float) else None,
        exploration=exploration,
        rules=tuple(hit["rule_id"] for hit in hits),
        reasons=tuple(reasons + ([EXPLORATION_REASON] if exploration else [])),
    )
