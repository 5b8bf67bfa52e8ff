"""The risk commands: ``borderlens train``, ``borderlens score`` and ``borderlens backtest``."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from borderlens.risk.model import RiskModel

from borderlens.cli_common import AsJson, Quiet, fail, settings_for
from borderlens.console import (
    output,
    print_backtest,
    print_explanations,
    print_load,
    print_model,
    print_rule_hits,
    print_rules,
    print_selection,
    print_simulation,
)
from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal
from borderlens.errors import BorderLensError
from borderlens.warehouse.session import open_warehouse

backtest_app = typer.Typer(
    help="Train on an earlier period, select in a later one, and score the policies."
)

Chart = Annotated[
    Path | None,
    typer.Option("--chart", help="Where to draw the PNG chart (default: backtest-<source>.png)."),
]
RevenueShare = Annotated[
    float | None,
    typer.Option(
        "--revenue-share",
        min=0,
        max=1,
        help="Default policy: share of the budget by expected revenue "
        "(default: BORDERLENS_REVENUE_SHARE).",
    ),
]
SafetyShare = Annotated[
    float | None,
    typer.Option(
        "--safety-share",
        min=0,
        max=1,
        help="Default policy: share of the budget by critical-fraud probability "
        "(default: BORDERLENS_SAFETY_SHARE).",
    ),
]


def _given(option: float | None, setting: float) -> float:
    return setting if option is None else option


def _report(result: object, source: str, chart: Path | None, as_json: bool) -> None:
    from borderlens.risk.backtest import BacktestResult
    from borderlens.risk.chart import backtest_chart

    assert isinstance(result, BacktestResult)
    drawn = backtest_chart(
        result.policies,
        chart or Path(f"backtest-{source}.png"),
        f"BorderLens backtest, {source}: test from {result.cutoff} ({result.test_rows:,} items)",
    )
    if as_json:
        output.print_json(json.dumps(result.as_json()))
    else:
        print_backtest(result, drawn)


@backtest_app.command("kcs")
def backtest_kcs(
    train: Annotated[Path, typer.Option("--train", help="Earlier KCS declarations (CSV).")],
    test: Annotated[Path, typer.Option("--test", help="Later KCS declarations (CSV).")],
    as_json: AsJson = False,
    chart: Chart = None,
    revenue_share: RevenueShare = None,
    safety_share: SafetyShare = None,
) -> None:
    """Backtest on two Korea Customs Service files: train on TRAIN, select in TEST.

    Both files go through the ingest (bad rows are quarantined and counted) into a scratch
    warehouse that is deleted afterwards. Revenue at stake on a fraud row is
    Item Price x Tax Rate / 100.
    """
    from borderlens.engine.duckdb_engine import DuckDBEngine
    from borderlens.ingest.declarations import ingest_declarations
    from borderlens.risk.backtest import LABELS_FROM_DECLARATIONS, run_backtest
    from borderlens.warehouse.migrations import ensure_schema

    settings = settings_for(quiet=True)
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            DuckDBEngine(Path(folder) / "backtest.duckdb") as engine,
        ):
            ensure_schema(engine)
            reports = [ingest_declarations(engine, path) for path in (train, test)]
            if not as_json:
                for report in reports:
                    print_load(report)
            cutoff = engine.scalar(
                "SELECT min(declaration_date) FROM declaration WHERE load_id = "
                f"'{reports[1].load_id}'"
            )
            if not isinstance(cutoff, dt.date):
                raise BorderLensError(f"{test}: no declaration could be loaded")
            result = run_backtest(
                engine,
                cutoff,
                labels_sql=LABELS_FROM_DECLARATIONS,
                revenue_share=_given(revenue_share, settings.revenue_share),
                safety_share=_given(safety_share, settings.safety_share),
            )
    except BorderLensError as error:
        raise fail(error) from error
    _report(result, "kcs", chart, as_json)


@backtest_app.command("demo")
def backtest_demo(
    test_months: Annotated[
        int, typer.Option("--test-months", min=1, help="Months at the end to select in.")
    ] = 3,
    as_json: AsJson = False,
    chart: Chart = None,
    revenue_share: RevenueShare = None,
    safety_share: SafetyShare = None,
) -> None:
    """Backtest on the demo world in the warehouse: train on the inspections before the last
    TEST_MONTHS months, select in those months, score against the world's ground truth."""
    from borderlens.risk.backtest import LABELS_FROM_TRUTH, run_backtest

    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            if not engine.count("SELECT count(*) FROM truth_fraud"):
                raise BorderLensError(
                    "the warehouse holds no demo-world truth; run `borderlens demo` first"
                )
            last = engine.scalar("SELECT max(declaration_date) FROM declaration")
            assert isinstance(last, dt.date)
            month = last.year * 12 + last.month - test_months
            cutoff = dt.date(month // 12, month % 12 + 1, 1)
            result = run_backtest(
                engine,
                cutoff,
                labels_sql=LABELS_FROM_TRUTH,
                revenue_share=_given(revenue_share, settings.revenue_share),
                safety_share=_given(safety_share, settings.safety_share),
            )
    except BorderLensError as error:
        raise fail(error) from error
    _report(result, "demo", chart, as_json)


def train_command(
    until: Annotated[
        str | None,
        typer.Option(help="Train only on declarations before this day (YYYY-MM-DD)."),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Train the fraud and critical-fraud models on the inspection outcomes in the warehouse."""
    from borderlens.risk.scoring import train_on_warehouse

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
    path = model.save(settings.model_dir / f"{model.version}.json")
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
    """Score every declaration in the warehouse into the ``risk_score`` table."""
    from borderlens.risk.model import RiskModel
    from borderlens.risk.scoring import newest_model, score_warehouse

    settings = settings_for(quiet)
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
        float,
        typer.Option(
            min=0, max=1, help="Share of the red budget drawn at random to keep learning."
        ),
    ] = 0.05,
    yellow: Annotated[
        float, typer.Option(min=0, max=1, help="Share of items for documentary checks.")
    ] = 0.10,
    blue: Annotated[
        float, typer.Option(min=0, max=1, help="Share of items for post-clearance audit.")
    ] = 0.10,
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

    The red budget (default 5% of each day's items) is filled by the default policy except the
    exploration share, drawn at random and marked as such; yellow and blue take the next items
    by fraud probability; the rest is green.
    """
    from borderlens.risk.policy import balanced
    from borderlens.risk.selection import Budget, ChannelRates, select_declarations

    settings = settings_for(quiet)
    try:
        day = dt.date.fromisoformat(since) if since else None
        budget = Budget(
            share=None if per_office_per_day is not None else (0.05 if share is None else share),
            per_office_per_day=per_office_per_day,
        )
        with open_warehouse(settings) as engine:
            summary = select_declarations(
                engine,
                balanced(settings.revenue_share, settings.safety_share),
                budget,
                exploration=exploration,
                rates=ChannelRates(yellow=yellow, blue=blue),
                since=day,
                seed=seed,
            )
            if explain:
                from borderlens.risk.explain import explain_selection

                red = engine.query(
                    "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'red'"
                ).to_pylist()
                model = _scoring_model(engine, settings.model_dir)
                keys = [(row["declaration_id"], row["item_no"]) for row in red]
                explain_selection(engine, model, keys)
    except ValueError as error:
        raise fail(BorderLensError(str(error))) from error
    except BorderLensError as error:
        raise fail(error) from error
    print_selection(summary)


def retrain_command(quiet: Quiet = False) -> None:
    """Train on recorded outcomes, each inspected item weighted by 1 / its selection propensity.

    Only selected declarations have outcomes; the exploration share's random draws stand, by
    their weights, for the declarations nobody inspected (weights capped at 20).
    """
    from borderlens.risk.learning import retrain

    settings = settings_for(quiet)
    try:
        with open_warehouse(settings) as engine:
            model = retrain(engine)
    except BorderLensError as error:
        raise fail(error) from error
    path = model.save(settings.model_dir / f"{model.version}.json")
    print_model(model, path)


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
    """On the demo world: select, inspect (the truth reveals the outcome), retrain, week after
    week; precision and revenue per week with exploration and without."""
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


rules_app = typer.Typer(help="Risk criteria written by analysts, as YAML rule profiles.")


@rules_app.command("check")
def rules_check(
    profiles: Annotated[list[Path], typer.Argument(help="Rule profiles (YAML) to check.")],
) -> None:
    """Read and check rule profiles; print their rules. Needs no warehouse."""
    from borderlens.risk.rules import load_profile

    try:
        loaded = [load_profile(path) for path in profiles]
    except BorderLensError as error:
        raise fail(error) from error
    print_rules(loaded)


@rules_app.command("apply")
def rules_apply(
    profiles: Annotated[list[Path], typer.Argument(help="Rule profiles (YAML) to apply.")],
    quiet: Quiet = False,
) -> None:
    """Apply rule profiles to the declarations' features (table risk_rule_hit); `borderlens
    select` then sends every hit to its rule's channel."""
    from borderlens.risk.rules import evaluate_rules

    settings = settings_for(quiet)
    try:
        with open_warehouse(settings) as engine:
            summary = evaluate_rules(engine, profiles, refresh_features=True)
    except BorderLensError as error:
        raise fail(error) from error
    print_rule_hits(summary)


def _scoring_model(engine: Engine, folder: Path) -> RiskModel:
    """The model that wrote ``risk_score`` (its artifact in the model folder)."""
    from borderlens.risk.model import RiskModel

    version = engine.scalar("SELECT any_value(model_version) FROM risk_score")
    path = folder / f"{version}.json"
    if not isinstance(version, str) or not path.is_file():
        raise BorderLensError(
            f"the model that scored the declarations ({version}) is not in {folder}; "
            "run `borderlens score` again"
        )
    return RiskModel.load(path)


def explain_command(
    declaration_id: Annotated[str, typer.Argument(help="The declaration to explain.")],
    item: Annotated[int | None, typer.Option(help="Only this goods item.")] = None,
    top: Annotated[int, typer.Option(min=1, max=20, help="Factors per item.")] = 5,
    quiet: Quiet = False,
) -> None:
    """Why the model scored a declaration as it did: its top factors in plain words, with the
    values behind them (stored in risk_explanation)."""
    from borderlens.risk.explain import explain_selection

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
            model = _scoring_model(engine, settings.model_dir)
            found = explain_selection(engine, model, [(declaration_id, n) for n in items], top)
    except BorderLensError as error:
        raise fail(error) from error
    print_explanations(found)
