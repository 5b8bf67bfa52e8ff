"""Arrow layouts of the warehouse tables a BODS load fills, so rows go in as one bulk write."""

from __future__ import annotations

import pyarrow as pa

_TEXT, _DATE, _BOOL, _NUMBER, _INT = pa.string(), pa.date32(), pa.bool_(), pa.float64(), pa.int64()
_PROVENANCE = [("load_id", _TEXT), ("source_file", _TEXT), ("source_line", _INT)]

ENTITY = pa.schema(
    [
        ("record_id", _TEXT),
        ("statement_id", _TEXT),
        ("entity_type", _TEXT),
        ("name", _TEXT),
        ("alternate_names", _TEXT),
        ("jurisdiction", _TEXT),
        ("country", _TEXT),
        ("identifiers", _TEXT),
        ("address", _TEXT),
        ("founding_date", _DATE),
        ("dissolution_date", _DATE),
        ("statement_date", _DATE),
        ("bods_version", _TEXT),
        *_PROVENANCE,
    ]
)

PERSON = pa.schema(
    [
        ("record_id", _TEXT),
        ("statement_id", _TEXT),
        ("person_type", _TEXT),
        ("name", _TEXT),
        ("alternate_names", _TEXT),
        ("nationalities", _TEXT),
        ("birth_date", _TEXT),
        ("address", _TEXT),
        ("country", _TEXT),
        ("is_pep", _BOOL),
        ("statement_date", _DATE),
        ("bods_version", _TEXT),
        *_PROVENANCE,
    ]
)

OWNERSHIP = pa.schema(
    [
        ("relationship_id", _TEXT),
        ("statement_id", _TEXT),
        ("owned_record_id", _TEXT),
        ("owner_record_id", _TEXT),
        ("owner_kind", _TEXT),
        ("interest_type", _TEXT),
        ("direct_or_indirect", _TEXT),
        ("beneficial_ownership_or_control", _BOOL),
        ("share_exact", _NUMBER),
        ("share_min", _NUMBER),
        ("share_max", _NUMBER),
        ("share_exclusive_min", _BOOL),
        ("share_exclusive_max", _BOOL),
        ("start_date", _DATE),
        ("end_date", _DATE),
        ("statement_date", _DATE),
        ("bods_version", _TEXT),
        *_PROVENANCE,
    ]
)

QUARANTINE = pa.schema(
    [
        ("load_id", _TEXT),
        ("source_kind", _TEXT),
        ("source_file", _TEXT),
        ("line", _INT),
        ("location", _TEXT),
        ("field", _TEXT),
        ("reason", _TEXT),
        ("record", _TEXT),
    ]
)

EMPTY_INTEREST: dict[str, object] = {name: None for name in OWNERSHIP.names[5:15]}


def arrow_table(rows: list[dict[str, object]], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of exactly the schema's columns (missing keys become NULL)."""
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
