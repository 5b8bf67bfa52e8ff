"""Everything the network knows about one entity, for ``borderlens entity ID`` and the web."""

from __future__ import annotations

import json
from typing import Any

from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal
from borderlens.errors import BorderLensError

_NAMES = """
    SELECT entity_id AS id, name FROM entity
    UNION ALL SELECT record_id, name FROM registry_entity
    UNION ALL SELECT record_id, name FROM registry_person"""


def _rows(engine: Engine, table: str, where: str, order: str) -> list[dict[str, Any]]:
    return list(engine.query(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}").to_pylist())


def entity_profile(engine: Engine, entity_id: str) -> dict[str, Any]:
    """Names and sources, owners, holdings, ultimate owners, structure and related parties.

    Raises:
        BorderLensError: when no table of the network stage mentions ``entity_id``.
    """
    key = sql_literal(entity_id)
    linked = (
        f"SELECT source_key FROM entity_link WHERE source_kind = 'registry' "
        f"AND entity_id = {key} UNION SELECT {key}"
    )
    profile: dict[str, Any] = {
        "entity_id": entity_id,
        "sources": _rows(engine, "entity_link", f"entity_id = {key}", "source_kind, source_key"),
        "registry": _registry(engine, linked),
        "owners": _rows(engine, "effective_ownership", f"owned_id = {key}", "share DESC"),
        "holdings": _rows(engine, "effective_ownership", f"owner_id = {key}", "share DESC"),
        "ultimate_owners": _rows(engine, "ultimate_owner", f"entity_id = {key}", "share DESC"),
        "controllers": _rows(engine, "control", f"controlled_id = {key}", "chain"),
        "structure": next(iter(_rows(engine, "structure_metric", f"entity_id = {key}", "1")), None),
        "related_parties": _related(engine, key),
        "issues": _rows(engine, "network_issue", f"record_id IN ({linked})", "issue"),
    }
    _add_names(engine, profile)
    if not any(profile[part] for part in ("sources", "registry", "owners", "holdings",
                                          "structure", "related_parties")):  # fmt: skip
        raise BorderLensError(
            f"no entity {entity_id!r} in the network tables; run the network stage first or "
            "check the id (entity ids come from entity resolution, or registry record ids)."
        )
    return profile


def _add_names(engine: Engine, profile: dict[str, Any]) -> None:
    """Put a name beside every id an officer would otherwise have to look up."""
    columns = {
        "owners": "owner_id",
        "holdings": "owned_id",
        "ultimate_owners": "owner_id",
        "controllers": "controller_id",
        "related_parties": "entity_b",
    }
    ids = {row[column] for part, column in columns.items() for row in profile[part]}
    if not ids:
        return
    listed = ", ".join(sql_literal(str(value)) for value in ids)
    found = engine.query(
        f"SELECT id, min(name) AS name FROM ({_NAMES}) names WHERE id IN ({listed}) GROUP BY id"
    ).to_pylist()
    names = {row["id"]: row["name"] for row in found}
    for part, column in columns.items():
        for row in profile[part]:
            row[column.replace("_id", "_name") if column.endswith("_id") else "name"] = names.get(
                row[column]
            )


def _registry(engine: Engine, linked: str) -> list[dict[str, Any]]:
    found = []
    for table, kind in (("registry_entity", "entity"), ("registry_person", "person")):
        for row in _rows(engine, table, f"record_id IN ({linked})", "record_id"):
            found.append({
                "kind": kind, "record_id": row["record_id"], "name": row["name"],
                "country": row.get("country"), "source_file": row.get("source_file"),
                "load_id": row.get("load_id"),
            })  # fmt: skip
    return found


def _related(engine: Engine, key: str) -> list[dict[str, Any]]:
    rows = _rows(engine, "related_party", f"entity_a = {key} OR entity_b = {key}", "1, 2")
    for row in rows:
        row["evidence"] = json.loads(row["evidence"]) if row["evidence"] else []
    return rows
