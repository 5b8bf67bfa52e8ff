"""What the warehouse holds: tables and row counts, recent loads, quarantine by reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from borderlens.engine.base import Engine
from borderlens.warehouse.migrations import current_version
from borderlens.warehouse.schema import ALL_TABLES

# The quoted values in a reason ("hs_code: '12AB' is not ...") differ row by row; the rest
# says which rule failed, so reasons are grouped with their values blanked out.
_REASON_KIND = "regexp_replace(reason, '''[^'']*''', '…', 'g')"
_SPLIT_REASONS = "unnest(string_split(reason, '; '))"


@dataclass(frozen=True)
class TableCount:
    table: str
    rows: int


@dataclass(frozen=True)
class LoadSummary:
    load_id: str
    source_kind: str
    source_file: str
    finished_at: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    rows: int


@dataclass(frozen=True)
class WarehouseStatus:
    database: str
    engine: str
    schema_version: int
    tables: list[TableCount]
    loads: list[LoadSummary]
    quarantine: list[ReasonCount]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def warehouse_status(engine: Engine, database: str, *, recent_loads: int = 20) -> WarehouseStatus:
    """Collect the status; reads only."""
    tables = [
        TableCount(table, engine.count(f"SELECT count(*) FROM {table}"))
        for table in ALL_TABLES
        if engine.table_exists(table)
    ]
    loads = engine.query(
        "SELECT load_id, source_kind, source_file, CAST(finished_at AS VARCHAR) AS finished_at, "
        "rows_read, rows_loaded, rows_quarantined FROM load "
        f"ORDER BY finished_at DESC LIMIT {recent_loads}"
    ).to_pylist()
    reasons = engine.query(
        f"SELECT {_REASON_KIND} AS reason, count(*) AS rows FROM "
        f"(SELECT {_SPLIT_REASONS} AS reason FROM quarantine) GROUP BY 1 ORDER BY rows DESC, 1"
    ).to_pylist()
    return WarehouseStatus(
        database=database,
        engine=engine.name,
        schema_version=current_version(engine),
        tables=tables,
        loads=[LoadSummary(**row) for row in loads],
        quarantine=[ReasonCount(**row) for row in reasons],
    )
