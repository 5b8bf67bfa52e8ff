"""Goods declarations from the KCS layout, or any CSV or Parquet file through a mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from borderlens.engine.base import Engine, Step
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


def party_steps() -> list[Step]:
    """Rebuild ``party``: every party as written on the declarations, with when it was seen."""
    selects = [
        f"SELECT '{role}' AS role, {pid} AS party_id, {name} AS name, {address} AS address, "
        f"{country} AS country, declaration_date, load_id FROM declaration WHERE {pid} IS NOT NULL"
        for role, (pid, name, address, country) in PARTY_ROLES.items()
    ]
    sql = (
        "SELECT role, party_id, name, address, country, min(declaration_date) AS first_seen, "
        "max(declaration_date) AS last_seen, count(*) AS declarations, min(load_id) AS load_id "
        f"FROM ({' UNION ALL '.join(selects)}) parties "
        "GROUP BY role, party_id, name, address, country"
    )
    return [Step(sql, "party", "replace", "parties as they appear on documents")]


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
        engine.run(party_steps())
    return report
