"""The risk stage as `borderlens demo` runs it: train, score, select, explain the red items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from borderlens.engine.base import Engine
from borderlens.ingest.progress import Progress, no_progress
from borderlens.risk.budgets import BudgetSetting
from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.risk.explain import explain_selection
from borderlens.risk.model import RiskModel, train_model
from borderlens.risk.policy import balanced
from borderlens.risk.scoring import ScoreSummary, feature_rows, model_that_scored, score_rows
from borderlens.risk.selection import (
    SELECTION_TABLE,
    Budget,
    SelectionSummary,
    select_declarations,
)


@dataclass(frozen=True)
class RiskStageSummary:
    """What the risk stage produced: the model, the scores, the channels, the explanations."""

    model: RiskModel
    model_path: Path
    scores: ScoreSummary
    selection: SelectionSummary
    explained: int


def run_risk_stage(
    engine: Engine,
    model_dir: Path,
    *,
    revenue_share: float = DEFAULT_REVENUE_SHARE,
    safety_share: float = DEFAULT_SAFETY_SHARE,
    progress: Progress = no_progress,
) -> RiskStageSummary:
    """Train on the inspections in the warehouse, score every item, select within the default
    budget (5% red, 5% of it explored) and explain every red item."""
    progress("training the risk models", 0, 4)
    table, features = feature_rows(engine)
    model = train_model(table, features)
    path = model.save(model_dir / f"{model.version}.json")
    progress("scoring declarations", 1, 4)
    scores = score_rows(engine, model, table, features)
    progress("selecting", 2, 4)
    selection = select_declarations(engine, balanced(revenue_share, safety_share), Budget())
    progress("explaining the red items", 3, 4)
    explained = explain_red_items(engine, model)
    progress("risk stage done", 4, 4)
    return RiskStageSummary(model, path, scores, selection, explained)


def explain_red_items(engine: Engine, model: RiskModel) -> int:
    """Explain every item the last selection sent red; return how many."""
    red = engine.query(
        f"SELECT declaration_id, item_no FROM {SELECTION_TABLE} WHERE channel = 'red'"
    ).to_pylist()
    keys = [(row["declaration_id"], row["item_no"]) for row in red]
    return len(explain_selection(engine, model, keys, counter=False))


def select_within(
    engine: Engine,
    setting: BudgetSetting,
    model_dir: Path,
    *,
    revenue_share: float = DEFAULT_REVENUE_SHARE,
    safety_share: float = DEFAULT_SAFETY_SHARE,
    since: dt.date | None = None,
    seed: int = 0,
    explain: bool = True,
) -> tuple[SelectionSummary, int]:
    """Route the scored declarations within a budget setting, then explain every red item
    with the model that scored them; returns the channels and how many were explained."""
    summary = select_declarations(
        engine,
        balanced(revenue_share, safety_share),
        setting.budget,
        exploration=setting.exploration,
        rates=setting.rates,
        since=since,
        seed=seed,
    )
    explained = explain_red_items(engine, model_that_scored(engine, model_dir)) if explain else 0
    return summary, explained
