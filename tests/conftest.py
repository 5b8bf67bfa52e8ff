"""Fixtures shared by every test: real DuckDB warehouses, one Spark session, shared data."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from borderlens.engine.base import Engine
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.settings import Settings
from borderlens.warehouse.migrations import ensure_schema

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_data() -> Path:
    """The public data beside the repository; tests that need it skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is not here")
    return SHARED_DATA


@contextmanager
def warehouse_copy(source: Path, folder: Path) -> Iterator[Engine]:
    """A private copy of a warehouse file built once for many tests, opened."""
    copy = folder / source.name
    shutil.copy(source, copy)
    with DuckDBEngine(copy) as opened:
        yield opened


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny demo world ingested once into a DuckDB file (copy it before changing it)."""
    from borderlens.demo.run import run_demo

    folder = tmp_path_factory.mktemp("tiny")
    database = folder / "world.duckdb"
    with DuckDBEngine(database) as opened:
        ensure_schema(opened)
        run_demo(opened, folder / "files", size="tiny")
    return database


@pytest.fixture(scope="session")
def advised_world(tiny_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world with every kind of machine advice (see ``tests/measure``), built once."""
    from tests.measure import scored_world

    return scored_world(tiny_world, tmp_path_factory.mktemp("advised"))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh DuckDB warehouse file with the current schema."""
    with DuckDBEngine(tmp_path / "warehouse.duckdb") as opened:
        ensure_schema(opened)
        yield opened


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One local Spark session for the whole run (starting one takes seconds)."""
    pytest.importorskip("pyspark")
    from borderlens.engine.spark_engine import build_session

    folder = tmp_path_factory.mktemp("spark")
    session = build_session(Settings(spark_warehouse=folder / "warehouse"))
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def spark_engine(spark_session: object) -> Iterator[Engine]:
    """A Spark warehouse in its own database, with the current schema."""
    from borderlens.engine.spark_engine import SparkEngine

    opened = SparkEngine(spark_session, f"test_{uuid.uuid4().hex[:12]}")
    ensure_schema(opened)
    yield opened
    opened.close()
