"""What every command shares: the quiet flag, the settings line, and how errors end a command."""

from __future__ import annotations

from typing import Annotated

import typer

from borderlens.console import console
from borderlens.errors import BorderLensError
from borderlens.settings import Settings, get_settings
from borderlens.warehouse.session import describe_warehouse

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def settings_for(quiet: bool) -> Settings:
    """The settings, and a line naming the warehouse unless quiet."""
    settings = get_settings()
    if not quiet:
        console.print(f"[dim]{describe_warehouse(settings)}[/]")
    return settings


def fail(error: BorderLensError) -> typer.Exit:
    """Print the error and end the command with exit code 2."""
    console.print(f"[red]error:[/] {error}", soft_wrap=True)
    return typer.Exit(code=2)
