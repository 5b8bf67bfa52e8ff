"""BODS 0.2 and 0.3 statements: entity, person and ownership-or-control statements.

Relationships point at the ``statementID`` of the statements describing their subject and
interested party, so that id doubles as the record id the warehouse links on.
"""

from __future__ import annotations

from borderlens.ingest.bods.checks import Checker
from borderlens.ingest.bods.parsed import (
    Kind,
    Parsed,
    as_dict,
    interests_columns,
    required_text,
    statement_kind,
    text,
)
from borderlens.ingest.bods.parties import entity_row, person_row

STATEMENT_TYPES: dict[str, Kind] = {
    "entityStatement": "entity",
    "personStatement": "person",
    "ownershipOrControlStatement": "relationship",
}


def declared_version(statement: dict[str, object], default: str) -> str:
    """The ``publicationDetails.bodsVersion`` a statement declares, else the shape's version."""
    version = text(as_dict(statement.get("publicationDetails")).get("bodsVersion"))
    return version or default


def envelope(
    statement: dict[str, object], checker: Checker, statement_id: str | None, version: str
) -> dict[str, object]:
    """The columns every row of a statement shares; checks the statement's own dates."""
    publication = as_dict(statement.get("publicationDetails")).get("publicationDate")
    checker.date(publication, ".publicationDetails.publicationDate", "publicationDate")
    return {
        "statement_id": statement_id,
        "statement_date": checker.date(
            statement.get("statementDate"), ".statementDate", "statementDate"
        ),
        "bods_version": version,
    }


def parse_statement(statement: dict[str, object], checker: Checker) -> Parsed:
    """A 0.2/0.3 statement in the version-free shape, with its problems."""
    version = declared_version(statement, "0.2")
    statement_id = required_text(statement, "statementID", checker)
    kind = statement_kind(statement, "statementType", STATEMENT_TYPES, checker)
    parsed = Parsed(kind, statement_id, statement_id, version)
    common = envelope(statement, checker, statement_id, version)
    if kind == "entity":
        parsed.row = {**common, "record_id": statement_id, **entity_row(statement, "", checker)}
    elif kind == "person":
        parsed.row = {**common, "record_id": statement_id, **person_row(statement, "", checker)}
    elif kind == "relationship":
        _relationship(statement, parsed, checker)
        parsed.row = {**common, "relationship_id": statement_id}
    parsed.problems = checker.problems
    return parsed


def _relationship(statement: dict[str, object], parsed: Parsed, checker: Checker) -> None:
    subject = as_dict(statement.get("subject"))
    parsed.subject = text(subject.get("describedByEntityStatement"))
    if parsed.subject is None:
        checker.add(".subject", "subject", "subject names no describedByEntityStatement")
    party = as_dict(statement.get("interestedParty"))
    if "describedByEntityStatement" in party:
        parsed.party, parsed.party_kind = text(party["describedByEntityStatement"]), "entity"
    elif "describedByPersonStatement" in party:
        parsed.party, parsed.party_kind = text(party["describedByPersonStatement"]), "person"
    elif "unspecified" in party:
        parsed.party_kind = "unspecified"
    if parsed.party is None and parsed.party_kind != "unspecified":
        checker.add(".interestedParty", "interestedParty", "interested party names no statement")
    parsed.interests = interests_columns(
        statement.get("interests"), "interestLevel", checker, ".interests"
    )
