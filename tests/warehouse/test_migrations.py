"""Schema versions: a new warehouse gets every table; an old one is upgraded; a newer refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlens.engine.base import Engine
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.errors import SchemaVersionError
from borderlens.warehouse.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Migration,
    current_version,
    ensure_schema,
)
from borderlens.warehouse.schema import TABLES

NEXT = Migration(
    SCHEMA_VERSION + 1,
    "record the declared incoterm",
    ("ALTER TABLE declaration ADD COLUMN incoterm VARCHAR",),
)


def test_a_new_warehouse_has_every_table_at_the_current_version(engine: Engine) -> None:
    assert current_version(engine) == SCHEMA_VERSION
    for table in TABLES:
        assert engine.table_exists(table), table


def test_opening_again_changes_nothing(engine: Engine) -> None:
    assert ensure_schema(engine) == SCHEMA_VERSION
    assert engine.count("SELECT count(*) FROM schema_version") == len(MIGRATIONS)


def test_an_older_warehouse_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with DuckDBEngine(path) as old:
        ensure_schema(old)
        old.execute("INSERT INTO declaration (declaration_id, item_no) VALUES ('D1', 1)")
    with DuckDBEngine(path) as reopened:
        assert ensure_schema(reopened, (*MIGRATIONS, NEXT)) == NEXT.version
        assert current_version(reopened) == NEXT.version
        assert "incoterm" in reopened.columns("declaration")
        assert reopened.count("SELECT count(*) FROM declaration") == 1


def test_a_failed_migration_leaves_the_warehouse_as_it_was(engine: Engine) -> None:
    broken = Migration(SCHEMA_VERSION + 1, "broken", ("ALTER TABLE no_such_table ADD x INT",))
    with pytest.raises(Exception, match="no_such_table"):
        ensure_schema(engine, (*MIGRATIONS, broken))
    assert current_version(engine) == SCHEMA_VERSION


def test_a_newer_warehouse_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.duckdb"
    with DuckDBEngine(path) as newer:
        ensure_schema(newer, (*MIGRATIONS, NEXT))
    with DuckDBEngine(path) as older_code, pytest.raises(SchemaVersionError, match="newer"):
        ensure_schema(older_code)
