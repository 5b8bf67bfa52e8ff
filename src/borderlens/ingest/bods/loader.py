"""Load one BODS file: registry entities and persons, ownership interests, and quarantine.

It follows the tabular path (fingerprint, skip a file loaded before, write everything and the
load record in one transaction) so that a BODS load behaves exactly like a tabular one.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal
from borderlens.errors import UnreadableInputError
from borderlens.ingest.bods import tables
from borderlens.ingest.bods.checks import Checker, Problem
from borderlens.ingest.bods.cycles import ownership_cycles
from borderlens.ingest.bods.links import (
    mark_duplicates_in_file,
    mark_loaded_before,
    resolve_references,
)
from borderlens.ingest.bods.parsed import Parsed
from borderlens.ingest.bods.reader import Document, RawStatement, read_document
from borderlens.ingest.bods.records import is_record, parse_record
from borderlens.ingest.bods.statements import parse_statement
from borderlens.ingest.progress import Progress, no_progress
from borderlens.warehouse.audit import append_event
from borderlens.warehouse.loads import (
    FileFingerprint,
    LoadReport,
    fingerprint,
    new_load_id,
    previous_load,
    record_load,
)

SOURCE_KIND = "bods"
PROGRESS_EVERY = 1000
_CYCLE_EXAMPLES = 5


@dataclass(frozen=True)
class Item:
    """A statement as read and as understood."""

    raw: RawStatement
    parsed: Parsed


def ingest_bods(engine: Engine, path: Path, *, progress: Progress = no_progress) -> LoadReport:
    """Load a BODS 0.2/0.3/0.4 file (JSON array, one statement, or JSON Lines).

    Good statements go to ``registry_entity``, ``registry_person`` and ``ownership`` (one row
    per interest); each bad statement goes to ``quarantine`` with every reason found. Loading
    the same content again adds nothing and the report says which load brought it in.
    """
    if not path.is_file():
        raise UnreadableInputError(f"{path}: no such file. Check the path and try again.")
    started = datetime.now(UTC)
    print_ = fingerprint(path)
    report = LoadReport(new_load_id(SOURCE_KIND), SOURCE_KIND, str(path))
    report.previous_load_id = previous_load(engine, SOURCE_KIND, print_)
    if report.already_loaded:
        return report
    with _collector_paused():
        _load(engine, path, report, print_, started, progress)
    return report


def _load(
    engine: Engine,
    path: Path,
    report: LoadReport,
    print_: FileFingerprint,
    started: datetime,
    progress: Progress,
) -> None:
    """Read, check and write one file in one transaction, filling in the report."""
    document = read_document(path)
    total = len(document.statements)
    items = _parse_all(document, progress, total)
    parsed = [item.parsed for item in items]
    mark_duplicates_in_file(parsed)
    with engine.transaction():
        mark_loaded_before(engine, parsed)
        resolve_references(engine, parsed)
        progress("loading", total, total)
        counts: dict[str, object] = dict(_write(engine, items, report.load_id, path))
        cycles = _cycles(engine, items)
        _count(report, items)
        versions = sorted({p.version for p in parsed if p.version})
        mapping = "bods-" + "+".join(versions)
        record_load(
            engine,
            report,
            print_,
            file_format=document.file_format,
            mapping=mapping,
            started_at=started,
        )
        counts |= {
            "file": str(path),
            "source_kind": SOURCE_KIND,
            "format": document.file_format,
            "read": report.rows_read,
            "loaded": report.rows_loaded,
            "quarantined": report.rows_quarantined,
            "bods_versions": versions,
            "ownership_cycles": len(cycles),
            "ownership_cycle_examples": cycles[:_CYCLE_EXAMPLES],
        }
        append_event(engine, "ingest", report.load_id, counts)
    progress("done", total, total)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the garbage collector while a load builds millions of small objects that all live
    on: collecting meanwhile finds nothing and took half the time at 100k statements."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_all(document: Document, progress: Progress, total: int) -> list[Item]:
    today = date.today()
    items: list[Item] = []
    for number, raw in enumerate(document.statements):
        if number % PROGRESS_EVERY == 0:
            progress("checking statements", number, total)
        items.append(Item(raw, parse_one(raw, today)))
    return items


def parse_one(raw: RawStatement, today: date) -> Parsed:
    """Understand one statement of whichever version its shape says it is."""
    if raw.error is not None:
        return Parsed(None, None, None, "", problems=[Problem("", "json", raw.error)])
    if not isinstance(raw.value, dict):
        reason = f"not a JSON object but {type(raw.value).__name__}"
        return Parsed(None, None, None, "", problems=[Problem("", "statement", reason)])
    checker = Checker(today)
    return (
        parse_record(raw.value, checker)
        if is_record(raw.value)
        else parse_statement(raw.value, checker)
    )


def _write(engine: Engine, items: list[Item], load_id: str, path: Path) -> dict[str, int]:
    """Write the good statements and the quarantine rows; returns the row counts per table."""
    entities: list[dict[str, object]] = []
    persons: list[dict[str, object]] = []
    ownership: list[dict[str, object]] = []
    quarantine: list[dict[str, object]] = []
    for item in items:
        parsed = item.parsed
        if parsed.problems:
            quarantine.append(_quarantine_row(item, load_id, path))
            continue
        provenance = {"load_id": load_id, "source_file": str(path), "source_line": item.raw.number}
        if parsed.kind == "entity":
            entities.append({**parsed.row, **provenance})
        elif parsed.kind == "person":
            persons.append({**parsed.row, **provenance})
        else:
            ownership.extend(_ownership_rows(parsed, provenance))
    for table, rows, schema in (
        ("registry_entity", entities, tables.ENTITY),
        ("registry_person", persons, tables.PERSON),
        ("ownership", ownership, tables.OWNERSHIP),
        ("quarantine", quarantine, tables.QUARANTINE),
    ):
        if rows:
            engine.write_arrow(table, tables.arrow_table(rows, schema))
    return {"entities": len(entities), "persons": len(persons), "ownership_rows": len(ownership)}


def _ownership_rows(parsed: Parsed, provenance: dict[str, object]) -> list[dict[str, object]]:
    """One row per interest; a relationship without interests still gives one row."""
    shared = {
        **parsed.row,
        "owned_record_id": parsed.subject,
        "owner_record_id": parsed.party,
        "owner_kind": parsed.party_kind,
        **provenance,
    }
    return [{**shared, **interest} for interest in parsed.interests or [tables.EMPTY_INTEREST]]


def _quarantine_row(item: Item, load_id: str, path: Path) -> dict[str, object]:
    problems = item.parsed.problems
    return {
        "load_id": load_id,
        "source_kind": SOURCE_KIND,
        "source_file": str(path),
        "line": item.raw.number,
        "location": item.raw.location(problems[0].path),
        "field": ", ".join(dict.fromkeys(problem.field for problem in problems)),
        "reason": "; ".join(dict.fromkeys(problem.reason for problem in problems)),
        "record": item.raw.text(),
    }


def _cycles(engine: Engine, items: list[Item]) -> list[list[str]]:
    """Ownership cycles among entities that this load's relationships take part in."""
    touched = {
        record
        for item in items
        if item.parsed.kind == "relationship" and not item.parsed.problems
        for record in (item.parsed.subject, item.parsed.party)
        if record is not None and item.parsed.party_kind == "entity"
    }
    if not touched:
        return []
    edges: pa.Table = engine.query(
        "SELECT DISTINCT owner_record_id, owned_record_id FROM ownership WHERE owner_kind = "
        f"{sql_literal('entity')} AND owner_record_id IS NOT NULL AND owned_record_id IS NOT NULL"
    )
    pairs = zip(edges.column(0).to_pylist(), edges.column(1).to_pylist(), strict=True)
    return ownership_cycles(pairs, touched)


def _count(report: LoadReport, items: list[Item]) -> None:
    bad = [item.parsed for item in items if item.parsed.problems]
    report.rows_read = len(items)
    report.rows_quarantined = len(bad)
    report.rows_loaded = report.rows_read - report.rows_quarantined
    fields = Counter(", ".join(dict.fromkeys(p.field for p in parsed.problems)) for parsed in bad)
    report.reasons = dict(fields.most_common())
