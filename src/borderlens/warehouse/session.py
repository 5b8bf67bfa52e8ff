"""Open the warehouse the settings name, with its schema brought up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from borderlens.engine import Engine, open_engine
from borderlens.errors import BorderLensError
from borderlens.settings import Settings
from borderlens.warehouse.holder import Holder, current_holder
from borderlens.warehouse.migrations import ensure_schema

JOBS_IN_SERVER = "retrain, score, rules apply and select (without options)"
"""The commands a workbench server that holds the warehouse runs as jobs for them."""


def warehouse_holder(settings: Settings) -> Holder | None:
    """The workbench server holding the DuckDB warehouse, if one runs."""
    return current_holder(settings.database) if settings.engine == "duckdb" else None


def describe_warehouse(settings: Settings) -> str:
    """Where the data lives, in words, for the first line a command prints."""
    if settings.engine == "spark":
        return f"Spark warehouse {settings.spark_warehouse} ({settings.spark_master})"
    holder = warehouse_holder(settings)
    if holder is not None:
        return (
            f"DuckDB warehouse {settings.database} (held by the workbench server at {holder.url})"
        )
    return f"DuckDB warehouse {settings.database} (opened by this process)"


def refuse_if_held(settings: Settings) -> None:
    """Stop, saying which server to stop, when a workbench server holds the warehouse."""
    holder = warehouse_holder(settings)
    if holder is not None:
        raise BorderLensError(
            f"the workbench server at {holder.url} (process {holder.pid}) holds "
            f"{settings.database}: stop it first (Ctrl+C where it runs). While it runs, it runs "
            f"{JOBS_IN_SERVER} as jobs for the command, and on its Jobs page."
        )


@contextmanager
def open_warehouse(settings: Settings) -> Iterator[Engine]:
    """The engine, connected and migrated; closed when the block ends."""
    refuse_if_held(settings)
    engine = open_engine(settings)
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.close()
