"""What every command shares: the quiet flag, the settings line, and how errors end a command."""

from __future__ import annotations

from typing import Annotated

import typer

from borderlens.console import console, output
from borderlens.errors import BorderLensError
from borderlens.settings import Settings, get_settings
from borderlens.warehouse.session import describe_warehouse, warehouse_holder

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


def ran_in_server(settings: Settings, kind: str, quiet: bool) -> bool:
    """When a workbench server holds the warehouse, have it run job ``kind`` (following it
    with a spinner unless quiet) and print what came of it; False when no server holds it."""
    from borderlens.jobs.remote import run_in_server

    holder = warehouse_holder(settings)
    if holder is None:
        return False
    try:
        if quiet:
            job = run_in_server(holder, kind, lambda step: None)
        else:
            with console.status(f"asking the workbench server at {holder.url}") as status:
                job = run_in_server(holder, kind, lambda step: status.update(step))
    except BorderLensError as error:
        raise fail(error) from error
    where = f"job {job['job_id']} in the workbench server at {holder.url}"
    if job["status"] != "done":
        raise fail(BorderLensError(f"{where} failed: {job['summary']}"))
    output.print(f"{where}: {job['summary']}", soft_wrap=True)
    return True
