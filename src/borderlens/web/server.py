"""Starting the workbench: open the warehouse, make sure someone can sign in, run uvicorn."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import uvicorn

from borderlens.errors import BorderLensError
from borderlens.review.access import ensure_case_access
from borderlens.review.accounts import count_users, create_user, find_user
from borderlens.review.queue_table import ensure_queue_table
from borderlens.review.roles import Role
from borderlens.risk.selection import SELECTION_TABLE
from borderlens.settings import Settings
from borderlens.warehouse.holder import Holder, announce, withdraw
from borderlens.warehouse.session import refuse_if_held
from borderlens.warehouse.store import Store
from borderlens.web.app import create_app
from borderlens.web.context import Workbench
from borderlens.web.vendor import missing_vendor_files

DEMO_ACCOUNTS = tuple(Role)
"""The demo world has one account per role, named after it."""


@dataclass(frozen=True)
class Address:
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def ensure_demo_accounts(store: Store, password: str) -> list[str]:
    """The accounts analyst, supervisor, auditor and admin, with ``password``; returns those
    created now (existing ones keep their password)."""
    created = []
    for role in DEMO_ACCOUNTS:
        if find_user(store, role.value) is None:
            create_user(store, role.value, role, password, created_by="demo", client="local")
            created.append(role.value)
    return created


def open_workbench(settings: Settings, *, demo: bool = False) -> Workbench:
    """The workbench over the settings' DuckDB warehouse."""
    if settings.engine != "duckdb":
        raise BorderLensError(
            "the workbench serves the DuckDB warehouse; set BORDERLENS_ENGINE=duckdb and point "
            "BORDERLENS_DATABASE at the file the pipeline wrote"
        )
    missing = missing_vendor_files()
    if missing:
        raise BorderLensError(
            f"the workbench's browser libraries are not installed ({', '.join(missing)}); "
            "run `make setup` (it runs `npm ci` in src/borderlens/web/assets)"
        )
    refuse_if_held(settings)
    return Workbench(Store(settings.database, threads=settings.duckdb_threads), settings, demo)


def check_address_free(address: Address) -> None:
    """Refuse, with what to do, an address another program already listens on."""
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address.host, address.port))
        except OSError as error:
            raise BorderLensError(
                f"cannot listen on {address.url}: {error.strerror}. Another server may be "
                "running there: stop it, or choose another address with --port/--host"
            ) from None


def needs_first_account(bench: Workbench) -> bool:
    return not bench.demo and count_users(bench.store) == 0


def prepare_read_models(store: Store) -> None:
    """Build the queue's table and the cases' access paths before the first officer asks."""
    if store.table_exists(SELECTION_TABLE):
        ensure_queue_table(store)
    ensure_case_access(store)


def serve(bench: Workbench, address: Address) -> None:
    """Serve until interrupted (Ctrl+C), saying beside the warehouse file that this server
    holds it (commands then ask this server to run their jobs)."""
    database, pid = bench.settings.database, os.getpid()
    try:
        prepare_read_models(bench.store)
        announce(database, Holder(address.url, pid, bench.control_token))
        uvicorn.run(
            create_app(bench, on_stop=lambda: withdraw(database, pid)),
            host=address.host,
            port=address.port,
            log_level="warning",
            access_log=False,
        )
    finally:
        withdraw(database, pid)
        bench.close()
