"""Goods declarations from the KCS layout, or any CSV or Parquet file through a mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from borderlens.engine.base import Engine, Step
from borderlens.engine.sql import sql_literal
from borderlens.ingest.mapping import Mapping, built_in_mapping, load_mapping
from borderlens.ingest.progress import Progress, no_progress
from borderlens.ingest.tabular import TabularSource, ingest_tabular_file
from borderlens.warehouse.declaration import DECLARATION_FIELDS, DECLARATION_KEY
from borderlens.warehouse.loads import LoadReport

DeclarationFormat = Literal["kcs", "csv", "parquet"]

DECLARATIONS = TabularSource("declarations", "declaration", DECLARATION_FIELDS, DECLARATION_KEY)

PARTY_ROLES = {
    "importer": ("importer_id", "importer_name", "importer_address", "importer_country"),
    "seller": ("seller_id", "seller_name", "seller_address", "seller_country"),
    "declarant": ("declarant_id", "declarant_name", "NULL", "NULL"),
    "courier": ("courier_id", "NULL", "NULL", "NULL"),
}

PARTY_KEY = "role, party_id, name, address, country"
PARTY_COLUMNS = f"{PARTY_KEY}, first_seen, last_seen, declarations, load_id"


def party_steps(load_id: str) -> list[Step]:
    """Fold one load's parties into ``party``: as written on its declarations, when seen.

    Only the parties the load names are recomputed, from their rows already in ``party`` and
    the load's own rows, so a daily load costs what its rows cost, not what the warehouse
    holds. ``party_touched`` then replaces those parties' rows (see :func:`refresh_parties`).
    """
    selects = [
        f"SELECT '{role}' AS role, {pid} AS party_id, {name} AS name, {address} AS address, "
        f"{country} AS country, declaration_date, load_id FROM declaration "
        f"WHERE load_id = {sql_literal(load_id)} AND {pid} IS NOT NULL"
        for role, (pid, name, address, country) in PARTY_ROLES.items()
    ]
    seen = (
        f"SELECT {PARTY_KEY}, min(declaration_date) AS first_seen, "
        "max(declaration_date) AS last_seen, count(*) AS declarations, min(load_id) AS load_id "
        f"FROM ({' UNION ALL '.join(selects)}) parties GROUP BY {PARTY_KEY}"
    )
    known = (
        f"SELECT {PARTY_COLUMNS} FROM party known WHERE EXISTS (SELECT 1 FROM load_parties named "
        "WHERE named.role = known.role AND named.party_id = known.party_id)"
    )
    both = " UNION ALL ".join(
        f"SELECT {PARTY_COLUMNS} FROM {table}" for table in ("party_known", "load_parties")
    )
    merged = (
        f"SELECT {PARTY_KEY}, min(first_seen) AS first_seen, max(last_seen) AS last_seen, "
        "CAST(sum(declarations) AS BIGINT) AS declarations, min(load_id) AS load_id "
        f"FROM ({both}) parties GROUP BY {PARTY_KEY}"
    )
    return [
        Step(seen, "load_parties", "temp", "parties named by the load's declarations"),
        Step(known, "party_known", "temp", "what was known of those parties"),
        Step(merged, "party_touched", "temp", "those parties brought up to date"),
    ]


def refresh_parties(engine: Engine, load_id: str) -> None:
    """Bring ``party`` up to date with one load, all or nothing."""
    store = Step(f"SELECT {PARTY_COLUMNS} FROM party_touched", "party", "append", "store them")
    with engine.transaction():
        engine.run(party_steps(load_id))
        engine.delete_matching("party", "party_touched", ("role", "party_id"))
        engine.run([store])
    for table in ("party_touched", "party_known", "load_parties"):
        engine.drop(table)


def resolve_mapping(file_format: DeclarationFormat, mapping_path: Path | None) -> Mapping | None:
    """The mapping for a format: built in for kcs, from MAP.toml or by column names otherwise."""
    if mapping_path is not None:
        return load_mapping(mapping_path)
    if file_format == "kcs":
        return built_in_mapping("kcs")
    return None


def ingest_declarations(
    engine: Engine,
    path: Path,
    *,
    file_format: DeclarationFormat = "kcs",
    mapping_path: Path | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load a declarations file and refresh the parties seen on declarations."""
    mapping = resolve_mapping(file_format, mapping_path)
    report = ingest_tabular_file(
        engine,
        DECLARATIONS,
        path,
        file_format="parquet" if file_format == "parquet" else "csv",
        mapping=mapping,
        progress=progress,
    )
    if not report.already_loaded and report.rows_loaded:
        refresh_parties(engine, report.load_id)
    return report
