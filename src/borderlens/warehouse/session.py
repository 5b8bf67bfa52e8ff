"""Open the warehouse the settings name, with its schema brought up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from borderlens.engine import Engine, open_engine
from borderlens.settings import Settings
from borderlens.warehouse.migrations import ensure_schema


def describe_warehouse(settings: Settings) -> str:
    """Where the data lives, in words, for the first line a command prints."""
    if settings.engine == "spark":
        return f"Spark warehouse {settings.spark_warehouse} ({settings.spark_master})"
    return f"DuckDB warehouse {settings.database} (opened by this process)"


@contextmanager
def open_warehouse(settings: Settings) -> Iterator[Engine]:
    """The engine, connected and migrated; closed when the block ends."""
    engine = open_engine(settings)
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.close()
