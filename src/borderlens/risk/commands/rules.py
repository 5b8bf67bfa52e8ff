"""`borderlens rules check|apply`: analysts' risk criteria as YAML rule profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from borderlens.cli_common import Quiet, fail, settings_for
from borderlens.console import (
    print_rule_hits,
    print_rules,
)
from borderlens.errors import BorderLensError
from borderlens.warehouse.session import open_warehouse

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
