"""`borderlens train`, `score`, `retrain` and `explain`: the models and what they say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from borderlens.cli_common import Quiet, fail, ran_in_server, settings_for
from borderlens.console import (
    output,
    print_explanations,
    print_model,
)
from borderlens.engine.sql import sql_literal
from borderlens.errors import BorderLensError
from borderlens.warehouse.session import open_warehouse


def train_command(
    until: Annotated[
        str | None,
        typer.Option(help="Train only on declarations before this day (YYYY-MM-DD)."),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Train the fraud and critical-fraud models on the inspection outcomes in the warehouse."""
    from borderlens.risk.scoring import model_artifact, train_on_warehouse

    settings = settings_for(quiet)
    try:
        day = dt.date.fromisoformat(until) if until else None
    except ValueError as error:
        raise fail(BorderLensError(f"--until {until!r} is not a date like 2026-01-31")) from error
    try:
        with open_warehouse(settings) as engine:
            model = train_on_warehouse(engine, day)
    except BorderLensError as error:
        raise fail(error) from error
    path = model.save(model_artifact(settings.model_dir, model.version))
    print_model(model, path)


def score_command(
    model_path: Annotated[
        Path | None,
        typer.Option(
            "--model", help="Model artifact (default: the newest in BORDERLENS_MODEL_DIR)."
        ),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Score every declaration in the warehouse into the risk_score table."""
    from borderlens.risk.model import RiskModel
    from borderlens.risk.scoring import newest_model, score_warehouse

    settings = settings_for(quiet)
    if model_path is None and ran_in_server(settings, "score", quiet):
        return
    try:
        model = RiskModel.load(model_path or newest_model(settings.model_dir))
        with open_warehouse(settings) as engine:
            summary = score_warehouse(engine, model)
    except BorderLensError as error:
        raise fail(error) from error
    output.print(
        f"scored {summary.rows:,} goods items with {summary.model_version}: mean fraud "
        f"probability {summary.mean_fraud_probability:.3f}, expected revenue "
        f"{summary.expected_revenue:,.0f}",
        soft_wrap=True,
    )


def retrain_command(quiet: Quiet = False) -> None:
    """Train on recorded outcomes, each inspected item weighted by 1 / its selection propensity.

    Only selected declarations have outcomes; the exploration share's random draws stand, by
    their weights, for the declarations nobody inspected (weights capped at 20).
    """
    from borderlens.risk.learning import retrain
    from borderlens.risk.scoring import model_artifact

    settings = settings_for(quiet)
    if ran_in_server(settings, "retrain", quiet):
        return
    try:
        with open_warehouse(settings) as engine:
            model = retrain(engine)
    except BorderLensError as error:
        raise fail(error) from error
    path = model.save(model_artifact(settings.model_dir, model.version))
    print_model(model, path)


def explain_command(
    declaration_id: Annotated[str, typer.Argument(help="The declaration to explain.")],
    item: Annotated[int | None, typer.Option(help="Only this goods item.")] = None,
    top: Annotated[int, typer.Option(min=1, max=20, help="Factors per item.")] = 5,
    quiet: Quiet = False,
) -> None:
    """Why a declaration was scored as it was: its top factors in plain words.

    Each factor cites the values behind it; the explanations are stored in risk_explanation.
    """
    from borderlens.risk.explain import explain_selection
    from borderlens.risk.scoring import model_that_scored

    settings = settings_for(quiet)
    try:
        with open_warehouse(settings) as engine:
            if not engine.table_exists("risk_score"):
                raise BorderLensError("nothing is scored yet; run `borderlens score` first")
            items = (
                engine.query(
                    "SELECT item_no FROM risk_score WHERE declaration_id = "
                    f"{sql_literal(declaration_id)} ORDER BY item_no"
                )
                .column("item_no")
                .to_pylist()
            )
            if item is not None:
                items = [number for number in items if number == item]
            if not items:
                raise BorderLensError(f"declaration {declaration_id} has no scored goods item")
            model = model_that_scored(engine, settings.model_dir)
            found = explain_selection(engine, model, [(declaration_id, n) for n in items], top)
    except BorderLensError as error:
        raise fail(error) from error
    print_explanations(found)
