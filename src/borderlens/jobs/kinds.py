"""What the workbench server runs for supervisors: the pipeline steps that follow their work
(new rule versions, a new budget, recorded outcomes), each through the same functions as its
command, with what the command would use by default (the newest rules, budget and model)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from borderlens.engine.base import Engine
from borderlens.settings import Settings

Report = Callable[[str], None]
"""Tells whoever watches what the job is doing now."""
UNFINISHED = ("queued", "running")
"""A job's states before it is done or failed."""


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    does: str
    command: str
    run: Callable[[Engine, Settings, Report], str]
    """Does the work and returns what came of it, in a sentence."""


def _retrain(engine: Engine, settings: Settings, report: Report) -> str:
    from borderlens.risk.learning import retrain
    from borderlens.risk.scoring import model_artifact

    report("training on the recorded outcomes")
    model = retrain(engine)
    model.save(model_artifact(settings.model_dir, model.version))
    start, end = model.training_window
    return (
        f"trained {model.version} on {model.training_rows:,} inspected items ({start} to {end}); "
        "score with it next"
    )


def _score(engine: Engine, settings: Settings, report: Report) -> str:
    from borderlens.risk.model import RiskModel
    from borderlens.risk.scoring import newest_model, score_warehouse

    path = newest_model(settings.model_dir)
    report(f"scoring every declaration with {path.stem}")
    summary = score_warehouse(engine, RiskModel.load(path))
    return (
        f"scored {summary.rows:,} goods items with {summary.model_version}: mean fraud "
        f"probability {summary.mean_fraud_probability:.3f}"
    )


def _apply_rules(engine: Engine, settings: Settings, report: Report) -> str:
    from borderlens.risk.rules import apply_profiles
    from borderlens.risk.rules.versions import choose_profiles

    chosen = choose_profiles(engine, [], as_written=False)
    report(f"applying {', '.join(found.source for found in chosen)}")
    summary = apply_profiles(engine, [found.profile for found in chosen], refresh_features=True)
    channels = ", ".join(f"{name} {hits:,}" for name, hits in summary.hits_by_channel.items())
    return f"{summary.items_hit:,} goods items hit by a rule ({channels or 'none'})"


def _select(engine: Engine, settings: Settings, report: Report) -> str:
    from borderlens.risk.budgets import budget_for_run, newest_budget
    from borderlens.risk.stage import select_within

    setting = budget_for_run(newest_budget(engine))
    report(f"selecting within {setting.describe()}, then explaining the red items")
    summary, explained = select_within(
        engine,
        setting,
        settings.model_dir,
        revenue_share=settings.revenue_share,
        safety_share=settings.safety_share,
    )
    channels = ", ".join(f"{name} {items:,}" for name, items in summary.channels.items())
    return f"{channels}; {summary.explored:,} red drawn to explore; {explained:,} red explained"


KINDS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind(
            "retrain",
            "Retrain",
            "Train a new model on every recorded outcome, weighted by selection propensity.",
            "borderlens retrain",
            _retrain,
        ),
        JobKind(
            "score",
            "Score",
            "Score every declaration with the newest model.",
            "borderlens score",
            _score,
        ),
        JobKind(
            "rules",
            "Apply rules",
            "Apply the newest version of every rule profile.",
            "borderlens rules apply",
            _apply_rules,
        ),
        JobKind(
            "select",
            "Select",
            "Route the scored declarations within the newest budget and explain the red items.",
            "borderlens select",
            _select,
        ),
    )
}
"""In the order they usually follow one another."""
