"""BODS 0.4 records: statements about an entity, person or relationship record.

A 0.4 statement carries a ``recordId`` that stays the same across updates of one record;
relationships point at record ids, given as plain strings, or say why a party is unspecified.
"""

from __future__ import annotations

from borderlens.ingest.bods.checks import Checker
from borderlens.ingest.bods.parsed import (
    Kind,
    Parsed,
    interests_columns,
    required_text,
    statement_kind,
    text,
)
from borderlens.ingest.bods.parties import entity_row, person_row
from borderlens.ingest.bods.statements import declared_version, envelope

RECORD_TYPES: dict[str, Kind] = {
    "entity": "entity",
    "person": "person",
    "relationship": "relationship",
}
_DETAILS = ".recordDetails"


def parse_record(statement: dict[str, object], checker: Checker) -> Parsed:
    """A 0.4 statement in the version-free shape, with its problems."""
    version = declared_version(statement, "0.4")
    statement_id = required_text(statement, "statementId", checker)
    record_id = required_text(statement, "recordId", checker)
    kind = statement_kind(statement, "recordType", RECORD_TYPES, checker)
    details = statement.get("recordDetails")
    if not isinstance(details, dict):
        checker.add(_DETAILS, "recordDetails", "statement has no recordDetails object")
        details = {}
    parsed = Parsed(kind, statement_id, record_id, version)
    common = envelope(statement, checker, statement_id, version)
    if kind == "entity":
        parsed.row = {**common, "record_id": record_id, **entity_row(details, _DETAILS, checker)}
    elif kind == "person":
        parsed.row = {**common, "record_id": record_id, **person_row(details, _DETAILS, checker)}
    elif kind == "relationship":
        _relationship(details, parsed, checker)
        parsed.row = {**common, "relationship_id": record_id}
    parsed.problems = checker.problems
    return parsed


def _relationship(details: dict[str, object], parsed: Parsed, checker: Checker) -> None:
    subject = details.get("subject")
    parsed.subject = text(subject)
    if parsed.subject is None and not isinstance(subject, dict):
        checker.add(f"{_DETAILS}.subject", "subject", "relationship has no subject")
    party = details.get("interestedParty")
    parsed.party = text(party)
    if isinstance(party, dict):
        parsed.party_kind = "unspecified"
    elif parsed.party is None:
        checker.add(
            f"{_DETAILS}.interestedParty", "interestedParty", "relationship has no interested party"
        )
    parsed.interests = interests_columns(
        details.get("interests"), "directOrIndirect", checker, f"{_DETAILS}.interests"
    )


def is_record(statement: dict[str, object]) -> bool:
    """Whether a statement has the 0.4 shape (recordId, recordType, recordDetails, statementId)."""
    return any(
        key in statement for key in ("recordType", "recordDetails", "recordId", "statementId")
    )
