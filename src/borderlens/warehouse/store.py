"""The workbench's access to the warehouse: parameterized reads and serialized writes.

The server holds the DuckDB file open for as long as it runs. Each call takes a cursor of its
own (a DuckDB connection must not be shared between threads, its cursors can be), every value
a user typed goes in as a parameter, never into the SQL text, and writes go one at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.warehouse.migrations import ensure_schema

Row = dict[str, Any]


class Store:
    """One open warehouse for the whole server."""

    def __init__(self, database: Path | str, *, threads: int | None = None) -> None:
        self.engine = DuckDBEngine(database, threads=threads)
        ensure_schema(self.engine)
        self._write_lock = threading.Lock()
        # What read models derived from the warehouse, and when (see review/queue_table.py).
        self.memo: dict[str, object] = {}
        self._existing: set[str] = set()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query, as dicts keyed by column name."""
        cursor = self.engine.connection.cursor()
        try:
            result = cursor.execute(sql, list(params))
            names = [column[0] for column in result.description or ()]
            return [dict(zip(names, values, strict=True)) for values in result.fetchall()]
        finally:
            cursor.close()

    def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.row(sql, params)
        return next(iter(found.values())) if found else None

    def table_exists(self, table: str) -> bool:
        """Whether a table or view exists (asked on a cursor of its own, like every read).

        Tables are not dropped under a running server, so a table once found is not asked
        for again."""
        if table in self._existing:
            return True
        found = self.value(
            "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = ?) "
            "+ (SELECT count(*) FROM duckdb_views() WHERE view_name = ?)",
            [table, table],
        )
        if found:
            self._existing.add(table)
        return bool(found)

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside a transaction that commits at the end of the block, one at a time."""
        with self._write_lock:
            cursor = self.engine.connection.cursor()
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            else:
                cursor.execute("COMMIT")
            finally:
                cursor.close()

    @contextmanager
    def exclusive(self) -> Iterator[DuckDBEngine]:
        """The engine itself, for pipeline functions that write through it (explaining a case
        on view, say), while no other write runs."""
        with self._write_lock:
            yield self.engine

    def close(self) -> None:
        self.engine.close()
