"""The workbench's commands: ``borderlens serve`` and ``borderlens users``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from borderlens.cli_common import fail, settings_for
from borderlens.console import console
from borderlens.errors import BorderLensError
from borderlens.review.roles import Role
from borderlens.settings import Settings

users_app = typer.Typer(help="Workbench accounts: add one (its password is asked for).")

Host = Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def _ask_password(prompt: str) -> str:
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))


def serve_command(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Serve the analyst workbench over the warehouse (Ctrl+C stops it).

    On a warehouse with no accounts, the first run asks for an administrator: here when run
    in a terminal, otherwise on the first page the browser opens.
    """
    from borderlens.review.accounts import create_user
    from borderlens.web.server import (
        Address,
        check_address_free,
        needs_first_account,
        open_workbench,
        serve,
    )

    settings = settings_for(quiet=False)
    address = Address(host, port)
    try:
        check_address_free(address)
        bench = open_workbench(settings)
        if needs_first_account(bench) and sys.stdin.isatty():
            console.print("This warehouse has no accounts yet: create the administrator.")
            name = str(typer.prompt("Administrator's user name", default="admin"))
            create_user(
                bench.store,
                name,
                Role.ADMIN,
                _ask_password("Password (at least 8 characters)"),
                created_by="first run",
                client="console",
            )
        elif needs_first_account(bench):
            console.print(f"No accounts yet: open {address.url}/setup to create the administrator.")
    except BorderLensError as error:
        raise fail(error) from error
    console.print(f"BorderLens workbench at [bold]{address.url}[/] (Ctrl+C stops it)")
    serve(bench, address)


@users_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="User name: lower-case letters and digits.")],
    role: Annotated[Role, typer.Option("--role", help="What the account may do.")],
) -> None:
    """Add a workbench account; the password is asked for twice and stored as an Argon2 hash."""
    from borderlens.review.accounts import create_user
    from borderlens.warehouse.session import refuse_if_held
    from borderlens.warehouse.store import Store

    settings = settings_for(quiet=False)
    try:
        refuse_if_held(settings)
    except BorderLensError as error:
        raise fail(error) from error
    password = _ask_password("Password (at least 8 characters)")
    try:
        store = Store(settings.database)
        try:
            user = create_user(
                store, username, role, password, created_by="console", client="console"
            )
        finally:
            store.close()
    except BorderLensError as error:
        raise fail(error) from error
    console.print(f"Account {user.username} ({user.role.value}) created.")


def serve_demo(settings: Settings, host: str, port: int) -> None:
    """Serve the demo warehouse, with one account per role, and say how to sign in."""
    from borderlens.web.server import (
        DEMO_ACCOUNTS,
        Address,
        check_address_free,
        ensure_demo_accounts,
        open_workbench,
        serve,
    )

    address = Address(host, port)
    try:
        check_address_free(address)
        bench = open_workbench(settings, demo=True)
        ensure_demo_accounts(bench.store, settings.demo_password)
    except BorderLensError as error:
        raise fail(error) from error
    names = ", ".join(role.value for role in DEMO_ACCOUNTS)
    console.print(
        f"\nBorderLens workbench at [bold]{address.url}[/] (Ctrl+C stops it)\n"
        f"Demo accounts: {names}; password from BORDERLENS_DEMO_PASSWORD "
        f"(default borderlens-demo)."
    )
    serve(bench, address)
