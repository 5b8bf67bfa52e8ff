"""The embedded default: one DuckDB file, one connection that does every write."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from borderlens.engine.base import (
    CsvOptions,
    Engine,
    RejectedRecord,
    StagedFile,
    Step,
    StepMode,
)
from borderlens.engine.sql import sql_literal
from borderlens.engine.text_files import read_header
from borderlens.errors import UnreadableInputError

_DATA = "_data"  # suffix of the table behind a staging view
# The CSV reader hands each buffer to the staging insert as one batch; in file order, batches
# smaller than a row group are copied once more to be merged. 16 MB batches fill whole row
# groups: staging 1M declarations took 1.3 CPU seconds with the default size and 0.9 with this.
_CSV_BUFFER_BYTES = 16 * 1024 * 1024
_COLUMN_COUNT = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")
_CREATE = {
    "view": "CREATE OR REPLACE TEMP VIEW",
    "temp": "CREATE OR REPLACE TEMP TABLE",
    "replace": "CREATE OR REPLACE TABLE",
}


def _reject_reason(message: str) -> str:
    """DuckDB's reject message, phrased with its varying numbers quoted."""
    counted = _COLUMN_COUNT.search(message)
    if counted:
        expected, found = counted.groups()
        return f"wrong number of columns: '{found}' where the header has '{expected}'"
    return message.split("\n")[0]


class DuckDBEngine(Engine):
    """Runs steps on a DuckDB database file (``:memory:`` for a throwaway one)."""

    name = "duckdb"

    def __init__(
        self, database: Path | str, *, threads: int | None = None, memory_limit: str | None = None
    ) -> None:
        config: dict[str, str | bool | int | float | list[str]] = {}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.database = str(database)
        try:
            self.connection = duckdb.connect(self.database, config=config)
        except duckdb.IOException as exc:
            raise UnreadableInputError(
                f"cannot open the warehouse {self.database}: {exc}. Another BorderLens process "
                "may hold it; stop that process or set BORDERLENS_DATABASE to another file."
            ) from exc
        self._in_transaction = False
        # Row order inside a table carries no meaning here (provenance columns say where a row
        # came from), and keeping it makes filtered inserts twice as slow.
        self.connection.execute("SET preserve_insertion_order = false")

    def run(self, steps: Sequence[Step]) -> None:
        for step in steps:
            self._materialize(step)

    def _materialize(self, step: Step) -> None:
        if step.mode == "append":
            self.connection.execute(f"INSERT INTO {step.output} BY NAME {step.sql}")
        else:
            self.connection.execute(f"{_CREATE[step.mode]} {step.output} AS {step.sql}")

    def query(self, sql: str) -> pa.Table:
        return self.connection.sql(sql).to_arrow_table()

    def execute(self, sql: str) -> None:
        self.connection.execute(sql)

    def write_arrow(self, table: str, data: pa.Table, mode: StepMode = "append") -> None:
        self.connection.register("_arrow_in", data)
        try:
            self._materialize(Step("SELECT * FROM _arrow_in", table, mode))
        finally:
            self.connection.unregister("_arrow_in")

    def table_exists(self, table: str) -> bool:
        found = self.connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
            "UNION ALL SELECT count(*) FROM duckdb_views() WHERE view_name = ?",
            [table, table],
        ).fetchall()
        return any(count for (count,) in found)

    def columns(self, table: str) -> list[str]:
        return [row[0] for row in self.connection.execute(f"DESCRIBE {table}").fetchall()]

    def stage_csv(self, path: Path, table: str, options: CsvOptions) -> StagedFile:
        reader = (
            f"read_csv({sql_literal(str(path))}, all_varchar = true, header = {options.header}, "
            f"delim = {sql_literal(options.delimiter)}, quote = {sql_literal(options.quote)}, "
            f"encoding = {sql_literal(options.encoding)}, auto_detect = false, "
            f"columns = {self._csv_columns(path, options)}, "
            "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans', "
            f"strict_mode = true, null_padding = false, buffer_size = {_CSV_BUFFER_BYTES})"
        )
        # The reject tables accumulate across reads: start each read with empty ones.
        self.connection.execute("DROP TABLE IF EXISTS csv_rejects")
        self.connection.execute("DROP TABLE IF EXISTS csv_scans")
        try:
            self._in_file_order(
                f"CREATE OR REPLACE TEMP TABLE {table}{_DATA} AS SELECT * FROM {reader}"
            )
            rejected = self.connection.execute(
                "SELECT line, error_message, coalesce(csv_line, '') FROM csv_rejects ORDER BY line"
            ).fetchall()
        except duckdb.Error as exc:
            raise UnreadableInputError(f"{path}: cannot be read as delimited text: {exc}") from exc
        first_error_by_line: dict[int, RejectedRecord] = {}
        for line, kind, text in rejected:
            reason = _reject_reason(str(kind))
            first_error_by_line.setdefault(int(line), RejectedRecord(int(line), reason, str(text)))
        rejects = tuple(first_error_by_line.values())
        self._number_lines(table, rejects, header=options.header)
        columns = tuple(self._data_columns(table))
        return StagedFile(table, columns, self._count(f"{table}{_DATA}"), rejects)

    def stage_parquet(self, path: Path, table: str) -> StagedFile:
        try:
            self._in_file_order(
                f"CREATE OR REPLACE TEMP TABLE {table}{_DATA} AS SELECT COLUMNS(*)::VARCHAR "
                f"FROM read_parquet({sql_literal(str(path))})"
            )
        except duckdb.Error as exc:
            raise UnreadableInputError(f"{path}: cannot be read as Parquet: {exc}") from exc
        self._number_lines(table, (), header=False)
        columns = tuple(self._data_columns(table))
        return StagedFile(table, columns, self._count(f"{table}{_DATA}"))

    def drop(self, table: str) -> None:
        views = self.connection.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [table]
        ).fetchall()
        kind = "VIEW" if views[0][0] else "TABLE"
        self.connection.execute(f"DROP {kind} IF EXISTS {table}")
        self.connection.execute(f"DROP TABLE IF EXISTS {table}{_DATA}")

    def delete_matching(
        self, table: str, keys: str, columns: Sequence[str], condition: str = "true"
    ) -> None:
        joined = " AND ".join(f"t.{column} = k.{column}" for column in columns)
        self.connection.execute(
            f"DELETE FROM {table} AS t USING {keys} AS k WHERE {joined} AND ({condition})"
        )

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        self.connection.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        else:
            self.connection.execute("COMMIT")
        finally:
            self._in_transaction = False
        # Row order inside a table carries no meaning here (provenance columns say where a row
        # came from), and keeping it makes filtered inserts twice as slow.
        self.connection.execute("SET preserve_insertion_order = false")

    def _csv_columns(self, path: Path, options: CsvOptions) -> str:
        names = read_header(path, options)
        pairs = ", ".join(f"{sql_literal(name)}: 'VARCHAR'" for name in names)
        return "{" + pairs + "}"

    def _in_file_order(self, statement: str) -> None:
        """Run a staging statement that must keep rows in file order (rowid numbers them)."""
        self.connection.execute("SET preserve_insertion_order = true")
        try:
            self.connection.execute(statement)
        finally:
            self.connection.execute("SET preserve_insertion_order = false")

    def _number_lines(
        self, table: str, rejects: tuple[RejectedRecord, ...], *, header: bool
    ) -> None:
        """A view that gives each staged record its number and the line it came from.

        The table keeps file order, so ``rowid`` numbers the records. With the rejected lines
        sorted, the k-th accepted record sits on line k + header + #{j : reject_j - j -
        header + 1 <= k}: each rejected line pushes every later record one line down.
        """
        first = 1 if header else 0
        thresholds = [reject.line - index - first + 1 for index, reject in enumerate(rejects, 1)]
        shift = "0"
        if thresholds:
            values = ", ".join(f"({value})" for value in thresholds)
            shift = (
                f"(SELECT count(*) FROM (VALUES {values}) t(threshold) "
                "WHERE threshold <= staged.rowid + 1)"
            )
        self.connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT staged.rowid + 1 AS _record, "
            f"staged.rowid + 1 + {first} + {shift} AS _line, staged.* "
            f"FROM {table}{_DATA} staged"
        )

    def _data_columns(self, table: str) -> list[str]:
        return [name for name in self.columns(table) if name not in ("_record", "_line")]

    def _count(self, table: str) -> int:
        ((count,),) = self.connection.execute(f"SELECT count(*) FROM {table}").fetchall()
        return int(count)
