"""Checks across statements: duplicate ids, and relationships whose parties nobody describes.

A relationship may point at a record described in the same file or in an earlier load, so the
warehouse's registry tables are asked too, in one query per check through a scratch table.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.ingest.bods.checks import Problem
from borderlens.ingest.bods.parsed import Parsed

_SCRATCH = "bods_scratch_ids"


def mark_duplicates_in_file(statements: Iterable[Parsed]) -> None:
    """A statement id seen earlier in the same file: the first one stands, later ones are bad."""
    seen: set[str] = set()
    for parsed in statements:
        if parsed.statement_id is None:
            continue
        if parsed.statement_id in seen:
            parsed.problems.append(
                Problem(
                    "",
                    "statementID",
                    f"duplicate statement id '{parsed.statement_id}' in this file",
                )
            )
        seen.add(parsed.statement_id)


def mark_loaded_before(engine: Engine, statements: list[Parsed]) -> None:
    """A statement id already in the warehouse (from another file) is a duplicate."""
    ids = {parsed.statement_id for parsed in statements if parsed.statement_id}
    sql = " UNION ALL ".join(
        f"SELECT DISTINCT statement_id, load_id FROM {table} "
        f"WHERE statement_id IN (SELECT id FROM {_SCRATCH})"
        for table in ("registry_entity", "registry_person", "ownership")
    )
    found = dict(_lookup(engine, ids, sql))
    for parsed in statements:
        if parsed.statement_id in found:
            load = found[parsed.statement_id]
            parsed.problems.append(
                Problem(
                    "",
                    "statementID",
                    f"statement id '{parsed.statement_id}' was loaded before by '{load}'",
                )
            )


def resolve_references(engine: Engine, statements: list[Parsed]) -> None:
    """Give each relationship's parties a kind; unknown, mistyped and self references are bad."""
    known: dict[str, str] = {}
    for parsed in statements:
        if parsed.kind in ("entity", "person") and parsed.record_id and not parsed.problems:
            known.setdefault(parsed.record_id, parsed.kind)
    relationships = [parsed for parsed in statements if parsed.kind == "relationship"]
    wanted = {
        ref
        for parsed in relationships
        for ref in (parsed.subject, parsed.party)
        if ref is not None and ref not in known
    }
    sql = " UNION ALL ".join(
        f"SELECT DISTINCT record_id, '{kind}' FROM registry_{kind} "
        f"WHERE record_id IN (SELECT id FROM {_SCRATCH})"
        for kind in ("entity", "person")
    )
    for record_id, kind in _lookup(engine, wanted, sql):
        known.setdefault(record_id, kind)
    for parsed in relationships:
        _check_parties(parsed, known)


def _check_parties(parsed: Parsed, known: dict[str, str]) -> None:
    def bad(field: str, reason: str) -> None:
        parsed.problems.append(Problem("", field, reason))

    if parsed.subject is not None:
        subject_kind = known.get(parsed.subject)
        if subject_kind is None:
            bad(
                "subject",
                f"subject '{parsed.subject}' is described neither in this file "
                "nor in the warehouse",
            )
        elif subject_kind != "entity":
            bad(
                "subject",
                f"subject '{parsed.subject}' is a {subject_kind}; a subject must be an entity",
            )
    if parsed.party is not None:
        party_kind = known.get(parsed.party)
        if party_kind is None:
            bad(
                "interestedParty",
                f"interested party '{parsed.party}' is described neither in this file "
                "nor in the warehouse",
            )
        elif parsed.party_kind not in (None, party_kind):
            bad(
                "interestedParty",
                f"interested party '{parsed.party}' is a {party_kind}, not a {parsed.party_kind}",
            )
        else:
            parsed.party_kind = "entity" if party_kind == "entity" else "person"
    if parsed.subject is not None and parsed.subject == parsed.party:
        bad(
            "interestedParty",
            f"self-ownership: '{parsed.subject}' is both subject and interested party",
        )


def _lookup(engine: Engine, ids: set[str], sql: str) -> list[tuple[str, str]]:
    if not ids:
        return []
    engine.write_arrow(_SCRATCH, pa.table({"id": pa.array(sorted(ids), pa.string())}), mode="temp")
    try:
        result = engine.query(sql)
    finally:
        engine.drop(_SCRATCH)
    return list(zip(result.column(0).to_pylist(), result.column(1).to_pylist(), strict=True))
