"""`borderlens rules check|apply`: analysts' risk criteria as YAML rule profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from borderlens.cli_common import Quiet, fail, ran_in_server, settings_for
from borderlens.console import (
    console,
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
    profiles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Rule profiles (YAML files or names of profiles kept in the workbench); "
            "none: the newest version of every profile the workbench keeps.",
            show_default=False,
        ),
    ] = None,
    as_written: Annotated[
        bool,
        typer.Option(
            "--as-written",
            help="Apply the files given as they are, even where the workbench keeps a "
            "newer version of their profile.",
        ),
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Apply rule profiles to the declarations' features (table risk_rule_hit); `borderlens
    select` then sends every hit to its rule's channel."""
    from borderlens.risk.rules import apply_profiles
    from borderlens.risk.rules.versions import choose_profiles

    settings = settings_for(quiet)
    if not profiles and not as_written and ran_in_server(settings, "rules", quiet):
        return
    try:
        with open_warehouse(settings) as engine:
            chosen = choose_profiles(engine, profiles or [], as_written=as_written)
            for found in chosen:
                console.print(f"applying {found.source}", soft_wrap=True)
            summary = apply_profiles(
                engine, [found.profile for found in chosen], refresh_features=True
            )
    except BorderLensError as error:
        raise fail(error) from error
    print_rule_hits(summary)
