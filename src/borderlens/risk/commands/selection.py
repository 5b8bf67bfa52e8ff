"""`borderlens select` and `simulate`: channels within a budget, learning week by week."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from borderlens.cli_common import AsJson, Quiet, fail, ran_in_server, settings_for
from borderlens.console import (
    output,
    print_selection,
    print_simulation,
)
from borderlens.errors import BorderLensError
from borderlens.warehouse.session import open_warehouse


def select_command(
    share: Annotated[
        float | None,
        typer.Option("--share", min=0, max=1, help="Red budget as a share of each day's items."),
    ] = None,
    per_office_per_day: Annotated[
        int | None,
        typer.Option(
            "--per-office-per-day", min=0, help="Red budget as a count per office per day."
        ),
    ] = None,
    exploration: Annotated[
        float | None,
        typer.Option(
            min=0, max=1, help="Share of the red budget drawn at random to keep learning."
        ),
    ] = None,
    yellow: Annotated[
        float | None, typer.Option(min=0, max=1, help="Share of items for documentary checks.")
    ] = None,
    blue: Annotated[
        float | None, typer.Option(min=0, max=1, help="Share of items for post-clearance audit.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only declarations from this day (YYYY-MM-DD).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the exploration draw.")] = 0,
    explain: Annotated[
        bool, typer.Option(help="Explain every red item in plain words (risk_explanation).")
    ] = True,
    quiet: Quiet = False,
) -> None:
    """Route scored declarations to red, yellow, blue and green channels (table risk_selection).

    The red budget is filled by the default policy except the exploration share, drawn at
    random and marked as such; yellow and blue take the next items by fraud probability; the
    rest is green. Budget and rates are the newest a supervisor set in the workbench, or 5% red
    (5% of it exploration), 10% yellow and 10% blue; each option given here overrides them.
    """
    from borderlens.console import console
    from borderlens.risk.budgets import budget_for_run, newest_budget
    from borderlens.risk.stage import select_within

    settings = settings_for(quiet)
    overrides = (share, per_office_per_day, exploration, yellow, blue, since)
    as_set = all(value is None for value in overrides) and seed == 0 and explain
    if as_set and ran_in_server(settings, "select", quiet):
        return
    try:
        day = dt.date.fromisoformat(since) if since else None
        with open_warehouse(settings) as engine:
            setting = budget_for_run(
                newest_budget(engine),
                share=share,
                per_office_per_day=per_office_per_day,
                exploration=exploration,
                yellow=yellow,
                blue=blue,
            )
            if not quiet:
                source = f"version {setting.version}" if setting.version else setting.note
                console.print(f"budget ({source}): {setting.describe()}")
            summary, _ = select_within(
                engine,
                setting,
                settings.model_dir,
                revenue_share=settings.revenue_share,
                safety_share=settings.safety_share,
                since=day,
                seed=seed,
                explain=explain,
            )
    except ValueError as error:
        raise fail(BorderLensError(str(error))) from error
    except BorderLensError as error:
        raise fail(error) from error
    print_selection(summary)


def simulate_command(
    weeks: Annotated[int, typer.Option(min=1, help="Weeks at the end of the demo world.")] = 12,
    share: Annotated[
        float, typer.Option(min=0, max=1, help="Red budget as a share of each day's items.")
    ] = 0.05,
    exploration: Annotated[
        float, typer.Option(min=0, max=1, help="Exploration share of the red budget.")
    ] = 0.05,
    as_json: AsJson = False,
) -> None:
    """Demo world: select, inspect, retrain week after week, with exploration and without.

    The world's ground truth reveals each inspection's outcome; prints precision and revenue
    captured per week for both arms.
    """
    from dataclasses import asdict

    from borderlens.risk.learning import simulate
    from borderlens.risk.policy import balanced
    from borderlens.risk.selection import Budget

    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            result = simulate(
                engine,
                balanced(settings.revenue_share, settings.safety_share),
                weeks,
                budget=Budget(share=share),
                exploration=exploration,
            )
    except BorderLensError as error:
        raise fail(error) from error
    if as_json:
        arms = {arm: [asdict(week) for week in rows] for arm, rows in result.arms.items()}
        output.print_json(json.dumps({"arms": arms}, default=str))
    else:
        print_simulation(result)
