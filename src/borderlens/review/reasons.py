"""Why a declaration item is where it is: who picked it, the first reason an officer reads,
the model's stored top factors, and explaining it on view when none are stored yet (with the
model that scored it, through the real explainer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from borderlens.errors import BorderLensError
from borderlens.review.advice import EXPLORATION_REASON
from borderlens.risk.explain import EXPLANATION_TABLE, explain_selection
from borderlens.risk.model import RiskModel
from borderlens.risk.scoring import scoring_artifact
from borderlens.warehouse.store import Row, Store


def picker_kind(picked_by: str) -> str:
    """model, rule, exploration, or '' for items nobody picked (green)."""
    if picked_by.startswith(("policy:", "rank:")):
        return "model"
    if picked_by.startswith("rule:"):
        return "rule"
    return "exploration" if picked_by == "exploration" else ""


def top_reason(
    picked_by: str, factor: Row | None, hits: list[Row], model_version: str | None
) -> tuple[str, str]:
    """The first reason an officer reads, and where it comes from."""
    kind = picker_kind(picked_by)
    if kind == "rule":
        rule_id = picked_by.removeprefix("rule:")
        reasons = [hit["reason"] for hit in hits if hit["rule_id"] == rule_id]
        return (reasons[0] if reasons else f"rule {rule_id}"), "rule"
    if kind == "exploration":
        return EXPLORATION_REASON, "exploration"
    if factor is not None and factor["model_version"] == model_version:
        return str(factor["text"]), "model"
    if hits:
        return str(hits[0]["reason"]), "rule"
    return "not explained yet: opening the case explains it", "none"


@dataclass(frozen=True)
class Factor:
    """One contributing factor: what it is, the value behind it, how much it added."""

    rank: int
    feature: str
    value: str | None
    contribution: float
    text: str
    model_version: str
    explained_at: dt.datetime | None


def model_factors(store: Store, key: list[Any], model_version: str | None) -> list[Factor]:
    """Stored factors of one item by ``model_version``, by rank (ordered here: an ORDER BY
    would keep DuckDB off the table's index on declaration_id)."""
    if model_version is None or not store.table_exists(EXPLANATION_TABLE):
        return []
    rows = store.rows(
        f"SELECT rank, feature, value, contribution, text, model_version, explained_at "
        f"FROM {EXPLANATION_TABLE} WHERE declaration_id = ? AND item_no = ? "
        "AND model_version = ?",
        [*key, model_version],
    )
    return [Factor(**row) for row in sorted(rows, key=lambda row: row["rank"])]


@lru_cache(maxsize=4)
def _load_model(path: str, modified: float) -> RiskModel:
    """A model artifact, read once per version of the file."""
    return RiskModel.load(Path(path))


def scoring_model(model_dir: Path, model_version: str) -> RiskModel:
    """The artifact of the model that wrote the score (its version names the file)."""
    path = scoring_artifact(model_dir, model_version, scored="this item")
    return _load_model(str(path), path.stat().st_mtime)


def explain_on_view(
    store: Store, model_dir: Path, key: tuple[str, int], model_version: str | None
) -> str:
    """Explain one item into ``risk_explanation``; returns what the officer should know."""
    if model_version is None:
        return "this item has not been scored yet"
    try:
        model = scoring_model(model_dir, model_version)
        with store.exclusive() as engine:
            if model_factors(store, list(key), model_version):
                return ""
            explain_selection(engine, model, [key], counter=False)
    except BorderLensError as error:
        return str(error)
    return "explained when this case was opened"
