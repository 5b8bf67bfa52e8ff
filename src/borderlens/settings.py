"""Every setting BorderLens reads, as one typed object (environment prefix ``BORDERLENS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE


class Settings(BaseSettings):
    """Settings come from the environment (``BORDERLENS_DATABASE=...``) or a ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="BORDERLENS_", env_file=".env", extra="ignore")

    database: Path = Field(
        Path("borderlens.duckdb"),
        description="Path of the DuckDB warehouse file (the embedded default engine).",
    )
    engine: Literal["duckdb", "spark"] = Field(
        "duckdb", description="Engine that runs the pipeline: duckdb (default) or spark."
    )
    duckdb_threads: int | None = Field(
        None, description="Threads DuckDB may use; unset means one per core."
    )
    duckdb_memory_limit: str | None = Field(
        None, description="Memory DuckDB may use, such as '4GB'; unset means DuckDB's default."
    )
    spark_master: str = Field("local[2]", description="Spark master URL for the spark engine.")
    spark_driver_memory: str = Field("4g", description="Spark driver memory for the spark engine.")
    spark_shuffle_partitions: int = Field(
        8, description="spark.sql.shuffle.partitions for the spark engine."
    )
    spark_database: str = Field(
        "borderlens", description="Spark database (schema) that holds the warehouse tables."
    )
    spark_warehouse: Path = Field(
        Path("spark-warehouse"), description="Folder where the spark engine keeps its tables."
    )
    ubo_threshold: float = Field(
        25.0,
        gt=0,
        le=100,
        description="Effective ownership in percent that makes an ultimate owner.",
    )
    secrecy_jurisdictions: str | None = Field(
        None,
        description="Comma-separated ISO codes of secrecy jurisdictions; unset means the "
        "built-in list (Financial Secrecy Index).",
    )
    demo_dir: Path = Field(
        Path("demo-world"),
        description="Folder where `borderlens demo` writes the files it ingests.",
    )
    model_dir: Path = Field(
        Path("models"),
        description="Folder where `borderlens train` writes model artifacts and `borderlens "
        "score` finds the newest one.",
    )
    revenue_share: float = Field(
        DEFAULT_REVENUE_SHARE,
        ge=0,
        le=1,
        description="Share of the inspection budget the default policy gives to the largest "
        "expected recoveries; the rest goes by fraud probability (0 = pure probability, "
        "1 = pure revenue).",
    )
    safety_share: float = Field(
        DEFAULT_SAFETY_SHARE,
        ge=0,
        le=1,
        description="Share of the inspection budget the default policy gives to the likeliest "
        "critical frauds (public safety).",
    )

    session_minutes: int = Field(
        480,
        gt=0,
        description="Minutes a workbench login lasts; after them the officer signs in again.",
    )
    login_attempts: int = Field(
        5,
        gt=0,
        description="Failed workbench sign-ins allowed per account and address in 15 minutes.",
    )
    demo_password: str = Field(
        "borderlens-demo",
        min_length=8,
        description="Password of the demo world's accounts (analyst, supervisor, auditor, "
        "admin); used by `borderlens demo` only.",
    )

    def secrecy_list(self) -> frozenset[str] | None:
        """The configured secrecy jurisdictions, or None for the built-in list."""
        if not self.secrecy_jurisdictions:
            return None
        codes = (code.strip().upper() for code in self.secrecy_jurisdictions.split(","))
        return frozenset(code for code in codes if code)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
