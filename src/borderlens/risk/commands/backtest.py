"""`borderlens backtest kcs|demo`: train on an earlier period, select in a later one."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from borderlens.cli_common import AsJson, fail, settings_for
from borderlens.console import (
    output,
    print_backtest,
    print_load,
)
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
                f"{sql_literal(reports[1].load_id)}"
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
            if not isinstance(last, dt.date):
                raise BorderLensError("the warehouse holds no declarations")
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
