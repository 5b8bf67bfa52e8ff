"""A sample of the KCS declarations (every fifth training row, every fourth test row)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.engine.base import Engine
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.ingest.declarations import ingest_declarations
from borderlens.warehouse.migrations import ensure_schema
from tests.conftest import SHARED_DATA, warehouse_copy


def _sample(source: Path, target: Path, every: int) -> Path:
    with (
        source.open(encoding="utf-8", newline="") as read,
        target.open("w", encoding="utf-8", newline="") as write,
    ):
        rows = csv.reader(read)
        out = csv.writer(write)
        out.writerow(next(rows))
        out.writerows(row for index, row in enumerate(rows) if index % every == 0)
    return target


@pytest.fixture(scope="session")
def kcs_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(train, test) KCS CSV samples: about 7,500 rows of 2020 and 2,000 of 2021."""
    folder = SHARED_DATA / "kcs"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    target = tmp_path_factory.mktemp("kcs")
    return (
        _sample(folder / "df_syn_train_eng.csv", target / "train.csv", 5),
        _sample(folder / "df_syn_valid_eng.csv", target / "test.csv", 4),
    )


@pytest.fixture(scope="session")
def kcs_database(kcs_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with both samples ingested."""
    database = tmp_path_factory.mktemp("kcs_db") / "kcs.duckdb"
    with DuckDBEngine(database) as engine:
        ensure_schema(engine)
        for path in kcs_files:
            ingest_declarations(engine, path)
    return database


@pytest.fixture
def kcs(kcs_database: Path, tmp_path: Path) -> Iterator[Engine]:
    """A private copy of the KCS sample warehouse."""
    with warehouse_copy(kcs_database, tmp_path) as engine:
        yield engine
