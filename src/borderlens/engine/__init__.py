"""The only code that knows DuckDB or Spark exists; everything else hands it SQL steps."""

from __future__ import annotations

from borderlens.engine.base import CsvOptions, Engine, RejectedRecord, StagedFile, Step
from borderlens.settings import Settings

__all__ = ["CsvOptions", "Engine", "RejectedRecord", "StagedFile", "Step", "open_engine"]


def open_engine(settings: Settings) -> Engine:
    """The engine the settings name, connected to their warehouse."""
    if settings.engine == "spark":
        from borderlens.engine.spark_engine import SparkEngine

        return SparkEngine.from_settings(settings)
    from borderlens.engine.duckdb_engine import DuckDBEngine

    return DuckDBEngine(
        settings.database,
        threads=settings.duckdb_threads,
        memory_limit=settings.duckdb_memory_limit,
    )
