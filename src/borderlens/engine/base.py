"""The engine contract: domain code hands over SQL steps; an engine runs them on its backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

StepMode = Literal["view", "temp", "replace", "append"]


@dataclass(frozen=True)
class Step:
    """One SQL query, written in DuckDB's dialect, whose result lands in table ``output``.

    ``mode`` says what happens to ``output``: ``view`` names the query for later steps without
    running it, ``temp`` materializes a scratch table, ``replace`` (re)creates a warehouse
    table, ``append`` inserts into an existing one.
    """

    sql: str
    output: str
    mode: StepMode = "temp"
    description: str = ""


@dataclass(frozen=True)
class CsvOptions:
    """How to parse a delimited text file."""

    delimiter: str = ","
    quote: str = '"'
    encoding: str = "utf-8"
    header: bool = True


@dataclass(frozen=True)
class RejectedRecord:
    """A record the CSV reader could not split into the expected columns."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class StagedFile:
    """A file read into a scratch table of text columns plus ``_record`` and ``_line``."""

    table: str
    columns: tuple[str, ...]
    records: int
    rejected: tuple[RejectedRecord, ...] = field(default=())


class Engine(ABC):
    """A backend that runs SQL steps and moves Arrow batches in and out of tables."""

    name: str

    @abstractmethod
    def run(self, steps: Sequence[Step]) -> None:
        """Run the steps in order, each one materializing its output table."""

    @abstractmethod
    def query(self, sql: str) -> pa.Table:
        """Run a read-only query (DuckDB dialect) and return its result."""

    @abstractmethod
    def execute(self, sql: str) -> None:
        """Run a statement (DuckDB dialect) that returns nothing, such as DDL."""

    @abstractmethod
    def write_arrow(self, table: str, data: pa.Table, mode: StepMode = "append") -> None:
        """Write an Arrow table to ``table`` (see :class:`Step` for the modes)."""

    @abstractmethod
    def table_exists(self, table: str) -> bool:
        """Whether a table or view of that name exists."""

    @abstractmethod
    def columns(self, table: str) -> list[str]:
        """The column names of a table, in order."""

    @abstractmethod
    def stage_csv(self, path: Path, table: str, options: CsvOptions) -> StagedFile:
        """Read a delimited file into a scratch table of text columns."""

    @abstractmethod
    def stage_parquet(self, path: Path, table: str) -> StagedFile:
        """Read a Parquet file into a scratch table of text columns."""

    @abstractmethod
    def drop(self, table: str) -> None:
        """Drop a table if it exists."""

    @abstractmethod
    def delete_matching(
        self, table: str, keys: str, columns: Sequence[str], condition: str = "true"
    ) -> None:
        """Delete the rows of ``table`` (alias ``t``) that share ``columns`` with a row of
        ``keys`` (alias ``k``) and meet ``condition``, an SQL predicate over ``t``."""

    @abstractmethod
    def close(self) -> None:
        """Release the backend."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing where the backend can; a plain block where it cannot."""
        yield

    def scalar(self, sql: str) -> object:
        """The single value a query returns."""
        result = self.query(sql)
        return result.column(0)[0].as_py() if result.num_rows else None

    def count(self, sql: str) -> int:
        """The integer a counting query returns (0 when it returns NULL)."""
        value = self.scalar(sql)
        return int(value) if isinstance(value, int | float) else 0

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
