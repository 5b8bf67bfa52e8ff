"""Apache Spark behind the same contract, for administrations that outgrow one machine.

Steps arrive in DuckDB's dialect and are transpiled (see ``dialect.py``). Scratch tables are
cached temporary views; warehouse tables are Parquet tables in the Spark warehouse folder.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from borderlens.engine.base import CsvOptions, Engine, RejectedRecord, StagedFile, Step, StepMode
from borderlens.engine.dialect import to_spark
from borderlens.engine.text_files import read_header
from borderlens.errors import MissingExtraError, UnreadableInputError
from borderlens.settings import Settings

try:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType
except ImportError as missing:  # pragma: no cover - exercised by the missing-extra test
    raise MissingExtraError("spark", "The spark engine") from missing

_CORRUPT = "_corrupt_record"


def build_session(settings: Settings) -> Any:
    """A Spark session tuned for one machine: few shuffle partitions, UTC, no UI."""
    return (
        SparkSession.builder.master(settings.spark_master)
        .appName("borderlens")
        .config("spark.driver.memory", settings.spark_driver_memory)
        .config("spark.sql.shuffle.partitions", str(settings.spark_shuffle_partitions))
        .config("spark.sql.warehouse.dir", str(settings.spark_warehouse.resolve()))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _column_count_reason(text: str, names: list[str], options: CsvOptions) -> str:
    """The same words the DuckDB engine uses for a record with too many or too few columns."""
    found = len(next(csv.reader([text], delimiter=options.delimiter, quotechar=options.quote)))
    return f"wrong number of columns: '{found}' where the header has '{len(names)}'"


class SparkEngine(Engine):
    """Runs steps on a Spark session (local mode on one machine, a cluster elsewhere)."""

    name = "spark"

    def __init__(self, session: Any, database: str = "default") -> None:
        self.session = session
        self.database = database
        self._views: set[str] = set()
        session.sql(f"CREATE DATABASE IF NOT EXISTS {database}")
        session.catalog.setCurrentDatabase(database)

    @classmethod
    def from_settings(cls, settings: Settings) -> SparkEngine:
        return cls(build_session(settings), settings.spark_database)

    def run(self, steps: Sequence[Step]) -> None:
        for step in steps:
            self._store(self.session.sql(to_spark(step.sql)), step.output, step.mode)

    def query(self, sql: str) -> pa.Table:
        return self.session.sql(to_spark(sql)).toArrow()

    def execute(self, sql: str) -> None:
        statement = to_spark(sql)
        if statement.upper().startswith("CREATE TABLE"):
            statement += " USING parquet"
        self.session.sql(statement)

    def write_arrow(self, table: str, data: pa.Table, mode: StepMode = "append") -> None:
        frame = self.session.createDataFrame(data)
        self._store(frame, table, mode)

    def table_exists(self, table: str) -> bool:
        return bool(self.session.catalog.tableExists(table))

    def columns(self, table: str) -> list[str]:
        return list(self.session.table(table).columns)

    def stage_csv(self, path: Path, table: str, options: CsvOptions) -> StagedFile:
        names = read_header(path, options)
        schema = StructType(
            [StructField(name, StringType()) for name in names]
            + [StructField(_CORRUPT, StringType())]
        )
        frame = (
            self.session.read.option("header", options.header)
            .option("sep", options.delimiter)
            .option("quote", options.quote)
            .option("encoding", options.encoding)
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", _CORRUPT)
            .option("enforceSchema", True)
            .schema(schema)
            .csv(str(path))
        )
        first_line = 2 if options.header else 1
        numbered = self._numbered(frame, first_line).cache()
        rejected = numbered.where(F.col(_CORRUPT).isNotNull()).select("_line", _CORRUPT).collect()
        accepted = numbered.where(F.col(_CORRUPT).isNull()).drop(_CORRUPT, "_record")
        accepted = self._numbered(accepted.orderBy("_line"), 1, column="_record", line=False)
        self._store(accepted.select("_record", "_line", *names), table, "temp")
        rejects = tuple(
            RejectedRecord(
                int(row["_line"]),
                _column_count_reason(row[_CORRUPT], names, options),
                str(row[_CORRUPT]),
            )
            for row in rejected
        )
        return StagedFile(table, tuple(names), accepted.count(), rejects)

    def stage_parquet(self, path: Path, table: str) -> StagedFile:
        try:
            frame = self.session.read.parquet(str(path))
        except Exception as exc:  # Spark raises its own AnalysisException types
            raise UnreadableInputError(f"{path}: cannot be read as Parquet: {exc}") from exc
        names = list(frame.columns)
        as_text = frame.select([F.col(name).cast("string").alias(name) for name in names])
        numbered = self._numbered(as_text, 1)
        staged = numbered.select("_record", F.col("_record").alias("_line"), *names)
        self._store(staged, table, "temp")
        return StagedFile(table, tuple(names), staged.count())

    def drop(self, table: str) -> None:
        if table in self._views:
            self.session.catalog.dropTempView(table)
            self._views.discard(table)
        else:
            self.session.sql(f"DROP TABLE IF EXISTS {table}")

    def delete_matching(
        self, table: str, keys: str, columns: Sequence[str], condition: str = "true"
    ) -> None:
        """Parquet tables take no DELETE: the table is rewritten without the matching rows."""
        joined = " AND ".join(f"t.{column} = k.{column}" for column in columns)
        kept = self.session.sql(
            f"SELECT t.* FROM {table} t LEFT ANTI JOIN {keys} k ON {joined} AND ({condition})"
        )
        self._store(kept, table, "replace")

    def close(self) -> None:
        for view in list(self._views):
            self.drop(view)

    def _store(self, frame: DataFrame, table: str, mode: StepMode) -> None:
        if mode == "view":
            frame.createOrReplaceTempView(table)
            self._views.add(table)
        elif mode == "temp":
            # Materialized now: a lazy view would be computed after later steps had written.
            frame.localCheckpoint(eager=True).createOrReplaceTempView(table)
            self._views.add(table)
        elif mode == "replace":
            frame.localCheckpoint().write.mode("overwrite").format("parquet").saveAsTable(table)
        else:
            target = self.session.table(table).schema
            present = set(frame.columns)
            aligned = frame.select(
                [
                    (F.col(f.name) if f.name in present else F.lit(None))
                    .cast(f.dataType)
                    .alias(f.name)
                    for f in target.fields
                ]
            )
            aligned.write.insertInto(table)

    def _numbered(
        self, frame: DataFrame, start: int, *, column: str = "_line", line: bool = True
    ) -> DataFrame:
        """Number rows in file order (zipWithIndex keeps the order Spark read them in)."""
        schema = StructType([*frame.schema.fields, StructField(column, LongType())])
        rows = frame.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + start))
        numbered: DataFrame = self.session.createDataFrame(rows, schema)
        if line:
            numbered = numbered.withColumn("_record", F.col(column))
        return numbered
