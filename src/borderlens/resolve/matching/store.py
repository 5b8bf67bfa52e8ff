"""What the matching stage reads from and writes to the warehouse besides the source records."""

from __future__ import annotations

from borderlens.engine.base import Engine
from borderlens.resolve.matching.clusters import SourceRecord


def previous_links(engine: Engine) -> dict[SourceRecord, str]:
    """The entity id each source record was linked to by the last run."""
    rows = engine.query("SELECT source_kind, source_key, entity_id FROM entity_link").to_pylist()
    return {(row["source_kind"], row["source_key"]): row["entity_id"] for row in rows}


def issued_ids(engine: Engine) -> set[str]:
    """Every entity id handed out so far: current, linked, and retired ones."""
    sources = {
        "entity": "entity_id",
        "entity_link": "entity_id",
        "entity_redirect": "retired_entity_id",
    }
    ids: set[str] = set()
    for table, column in sources.items():
        found = engine.query(f"SELECT DISTINCT {column} AS id FROM {table}")
        ids.update(value for value in found.column("id").to_pylist() if value)
    return ids


def created_at(engine: Engine) -> dict[str, object]:
    """When each existing entity was first created (carried over on every run)."""
    rows = engine.query("SELECT entity_id, created_at FROM entity").to_pylist()
    return {row["entity_id"]: row["created_at"] for row in rows}
