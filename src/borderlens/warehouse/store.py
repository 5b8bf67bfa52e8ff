"""The workbench's access to the warehouse: parameterized reads and serialized writes.

The server holds the DuckDB file open for as long as it runs. Each call takes a cursor of its
own (a DuckDB connection must not be shared between threads, its cursors can be), every value
a user typed goes in as a parameter, never into the SQL text, and writes go one at a time.

A pipeline job holds the writer's turn for as long as it runs (minutes on a large warehouse).
Pages keep reading meanwhile; a page that must write waits a few seconds for its turn and then
says the warehouse is busy and with what (:class:`WarehouseBusy`), instead of hanging.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.errors import BorderLensError
from borderlens.warehouse.migrations import ensure_schema

Row = dict[str, Any]
WRITE_WAIT_SECONDS = 10.0
"""How long a page waits for its turn to write before it answers that the warehouse is busy."""


class WarehouseBusy(BorderLensError):
    """Another writer (a pipeline job) kept the warehouse longer than a page may wait."""


class Store:
    """One open warehouse for the whole server."""

    def __init__(self, database: Path | str, *, threads: int | None = None) -> None:
        self.engine = DuckDBEngine(database, threads=threads)
        ensure_schema(self.engine)
        self._write_lock = threading.Lock()
        self.writer = ""
        """What holds the writer's turn now, in words ("" when nothing does)."""
        self.write_wait = WRITE_WAIT_SECONDS
        # What read models derived from the warehouse, and when (see review/read_models.py).
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
    def _turn(self, holder: str, wait: float | None) -> Iterator[None]:
        """The writer's turn, waiting at most ``wait`` seconds (None: ``write_wait``; infinity:
        as long as it takes)."""
        wait = self.write_wait if wait is None else wait
        if not self._write_lock.acquire(timeout=-1 if math.isinf(wait) else wait):
            raise WarehouseBusy(
                f"the warehouse is busy with {self.writer or 'another change'}; nothing was "
                "saved, try again when it is done"
            )
        self.writer = holder
        try:
            yield
        finally:
            self.writer = ""
            self._write_lock.release()

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside a transaction that commits at the end of the block, one at a time."""
        with self._turn("a change made in the workbench", wait):
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
    def exclusive(
        self, holder: str = "another change", wait: float | None = None
    ) -> Iterator[DuckDBEngine]:
        """The engine itself, for pipeline functions that write through it (explaining a case
        on view, a pipeline job), while no other write runs; ``holder`` says what it is for
        whoever has to wait."""
        with self._turn(holder, wait):
            yield self.engine

    def close(self) -> None:
        self.engine.close()
