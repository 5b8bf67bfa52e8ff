"""The one path of every tabular source: stage, type, check, load the good, quarantine the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pyarrow as pa

from borderlens.engine.base import Engine, StagedFile, Step
from borderlens.engine.sql import sql_literal
from borderlens.engine.text_files import guess_delimiter
from borderlens.errors import UnreadableInputError
from borderlens.ingest.mapping import Mapping, identity_mapping
from borderlens.ingest.progress import Progress, no_progress
from borderlens.ingest.validation import (
    Reference,
    StagedRows,
    good_rows_step,
    key_step,
    problem_step,
    row_checks,
    typing_step,
)
from borderlens.warehouse.audit import append_event
from borderlens.warehouse.fields import FieldSpec
from borderlens.warehouse.loads import (
    LoadReport,
    fingerprint,
    new_load_id,
    previous_load,
    record_load,
)

FileFormat = Literal["csv", "parquet"]


@dataclass(frozen=True)
class TabularSource:
    """A kind of tabular input: the table it fills, its fields and the key that must be unique."""

    kind: str
    target: str
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()


def load_steps(
    source: TabularSource, staged: StagedFile, mapping: Mapping, load_id: str, path: Path
) -> tuple[list[Step], list[Step]]:
    """The checking steps and the loading steps, from staged text to target and quarantine.

    The good rows are typed and checked on their way into the target; what the target did not
    take is then quarantined with its reasons and record, so no row can fall between the two.
    """
    file_literal = sql_literal(str(path))
    provenance = f"{sql_literal(load_id)} AS load_id, {file_literal} AS source_file"
    rows = StagedRows(staged.table, staged.columns, "stage_keys", source.key)
    checks = row_checks(rows, source.fields, mapping, source.references)
    loaded_lines = f"SELECT source_line FROM {source.target} WHERE load_id = {sql_literal(load_id)}"
    key_fields = [spec for spec in source.fields if spec.name in source.key]
    checking = [
        typing_step(staged.table, "stage_key_values", key_fields, mapping),
        key_step("stage_key_values", "stage_keys", source.key, source.target),
    ]
    loading = [
        good_rows_step(checks, source.target, provenance),
        problem_step(checks, "stage_problems", loaded_lines),
        Step(
            f"SELECT {provenance}, {sql_literal(source.kind)} AS source_kind, _line AS line, "
            "'line ' || CAST(_line AS VARCHAR) AS location, _fields AS field, "
            "_problems AS reason, _raw AS record FROM stage_problems",
            "quarantine",
            "append",
            "quarantine the rows that failed a check, with their reasons",
        ),
    ]
    return checking, loading


def ingest_tabular_file(
    engine: Engine,
    source: TabularSource,
    path: Path,
    *,
    file_format: FileFormat,
    mapping: Mapping | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load one file: good rows into the target table, bad rows into quarantine, both counted."""
    if not path.is_file():
        raise UnreadableInputError(f"{path}: no such file. Check the path and try again.")
    started = datetime.now(UTC)
    print_ = fingerprint(path)
    load_id = new_load_id(source.kind)
    report = LoadReport(load_id, source.kind, str(path))
    report.previous_load_id = previous_load(engine, source.kind, print_)
    if report.already_loaded:
        return report
    total = 4
    progress(f"reading {path.name}", 0, total)
    staged = _stage(engine, path, file_format, mapping)
    if mapping is None:
        _check_columns(path, staged, Mapping(name="canonical"), _required_columns(source))
        mapping = identity_mapping(source.fields, staged.columns)
    else:
        mapping.check_fields(source.fields, f"mapping {mapping.name}")
        _check_columns(path, staged, mapping, list(mapping.columns.values()))
    progress("validating", 1, total)
    checks, loads = load_steps(source, staged, mapping, load_id, path)
    with engine.transaction():
        engine.run(checks)
        progress("loading", 2, total)
        engine.run(loads)
        _quarantine_unsplit_records(engine, staged, source, load_id, path)
        progress("recording the load", 3, total)
        _count(engine, report, staged)
        record_load(
            engine,
            report,
            print_,
            file_format=file_format,
            mapping=mapping.name,
            started_at=started,
        )
        append_event(
            engine,
            "ingest",
            load_id,
            {
                "file": str(path),
                "read": report.rows_read,
                "loaded": report.rows_loaded,
                "quarantined": report.rows_quarantined,
            },
        )
    for table in ("stage_problems", "stage_keys", "stage_key_values", staged.table):
        engine.drop(table)
    progress("done", total, total)
    return report


def _stage(
    engine: Engine, path: Path, file_format: FileFormat, mapping: Mapping | None
) -> StagedFile:
    if file_format == "parquet":
        return engine.stage_parquet(path, "stage_raw")
    options = (mapping or Mapping()).csv_options()
    return engine.stage_csv(path, "stage_raw", options)


def _required_columns(source: TabularSource) -> list[str]:
    return [spec.name for spec in source.fields if spec.required]


def _check_columns(path: Path, staged: StagedFile, mapping: Mapping, needed: list[str]) -> None:
    """A file that lacks the columns it needs is not in the named layout: stop before loading."""
    missing = [column for column in needed if column not in staged.columns]
    if not missing:
        return
    hint = ""
    if len(staged.columns) == 1 and path.suffix.lower() != ".parquet":
        found = guess_delimiter(path, mapping.read.encoding)
        if found and found != mapping.read.delimiter:
            hint = f" The file looks delimited by {found!r}: set delimiter in the mapping's [read]."
    raise UnreadableInputError(
        f"{path} is not in the {mapping.name} layout: column(s) "
        f"{', '.join(repr(column) for column in missing)} are missing "
        f"(found {', '.join(repr(column) for column in staged.columns[:12])}).{hint}"
    )


def _quarantine_unsplit_records(
    engine: Engine, staged: StagedFile, source: TabularSource, load_id: str, path: Path
) -> None:
    """Records the reader could not split into columns are quarantined as they were written."""
    if not staged.rejected:
        return
    rows = [
        {
            "load_id": load_id,
            "source_file": str(path),
            "source_kind": source.kind,
            "line": reject.line,
            "location": f"line {reject.line}",
            "field": None,
            "reason": reject.reason,
            "record": reject.text,
        }
        for reject in staged.rejected
    ]
    schema = pa.schema([(name, pa.int64() if name == "line" else pa.string()) for name in rows[0]])
    engine.write_arrow("quarantine", pa.Table.from_pylist(rows, schema=schema))


def _count(engine: Engine, report: LoadReport, staged: StagedFile) -> None:
    load = sql_literal(report.load_id)
    report.rows_loaded = staged.records - engine.count("SELECT count(*) FROM stage_problems")
    report.rows_read = staged.records + len(staged.rejected)
    report.rows_quarantined = engine.count(
        f"SELECT count(*) FROM quarantine WHERE load_id = {load}"
    )
    reasons = engine.query(
        "SELECT field, count(*) AS n FROM (SELECT unnest(string_split(coalesce(field, "
        f"'record'), ', ')) AS field FROM quarantine WHERE load_id = {load}) "
        "GROUP BY field ORDER BY n DESC, field"
    )
    report.reasons = dict(
        zip(reasons.column(0).to_pylist(), reasons.column(1).to_pylist(), strict=True)
    )
