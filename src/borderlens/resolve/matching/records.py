"""Source records for matching: registry entries and declaration parties, one row per name variant.

A source record is what an ``entity_link`` row points at: ``(source_kind, source_key)``, such
as ``("registry", record_id)`` or ``("seller", party_id)``. A source record may carry several
name and address variants (a registry's alternate names, the spellings a party used on its
declarations); each variant is matched on its own and the best variant pair speaks for the
source record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from borderlens.engine.base import Engine
from borderlens.resolve.matching.models import EntityKind

PARTY_ROLES = ("importer", "seller", "declarant")

COMPANY_SQL = f"""
SELECT 'registry' AS source_kind, record_id AS source_key, name, alternate_names,
       address, coalesce(country, jurisdiction) AS country, CAST(NULL AS VARCHAR) AS birth_date,
       source_file AS register
FROM registry_entity WHERE record_id IS NOT NULL
UNION ALL
SELECT DISTINCT role AS source_kind, party_id AS source_key, name,
       CAST(NULL AS VARCHAR) AS alternate_names, address, country,
       CAST(NULL AS VARCHAR) AS birth_date, CAST(NULL AS VARCHAR) AS register
FROM party
WHERE role IN ({", ".join(repr(role) for role in PARTY_ROLES)}) AND party_id IS NOT NULL
"""

PERSON_SQL = """
SELECT 'registry' AS source_kind, record_id AS source_key, name, alternate_names, address,
       coalesce(country, nationalities) AS country, CAST(birth_date AS VARCHAR) AS birth_date,
       source_file AS register
FROM registry_person WHERE record_id IS NOT NULL
"""

RAW_SCHEMA = pa.schema(
    [
        ("source_kind", pa.string()),
        ("source_key", pa.string()),
        ("name", pa.string()),
        ("address", pa.string()),
        ("country", pa.string()),
        ("birth_date", pa.string()),
        ("register", pa.string()),
    ]
)


def read_source_records(engine: Engine, kind: EntityKind) -> pa.Table:
    """The raw source records of one kind from the warehouse, one row per name variant, in a
    fixed order.

    The order numbers the records, and Splink draws its sample for estimating u by hashing
    those numbers: read in whatever order the engine returns them, the same warehouse could
    train a slightly different model, and so give a few records other entities, on each run.
    """
    sql = COMPANY_SQL if kind == "company" else PERSON_SQL
    variants = expand_variants(engine.query(sql))
    return variants.sort_by([(name, "ascending") for name in RAW_SCHEMA.names])


def expand_variants(raw: pa.Table) -> pa.Table:
    """One row per distinct (source record, name, address, country), alternate names included."""
    rows: dict[tuple[str | None, ...], None] = {}
    alternates = (
        raw.column("alternate_names").to_pylist()
        if "alternate_names" in raw.column_names
        else [None] * raw.num_rows
    )
    columns = [
        raw.column(name).to_pylist() if name in raw.column_names else [None] * raw.num_rows
        for name in RAW_SCHEMA.names
    ]
    for values, alternate in zip(zip(*columns, strict=True), alternates, strict=True):
        kind, key, name, address, country, birth, register = values
        country = _first_country(country)
        for variant in (name, *_json_names(alternate)):
            if variant and variant.strip():
                rows[(kind, key, variant.strip(), address, country, birth, register)] = None
    # Column by column: a dictionary per row costs seconds at a million rows.
    by_column = list(zip(*rows, strict=True)) or [() for _ in RAW_SCHEMA.names]
    return pa.table(
        [pa.array(values, field.type) for values, field in zip(by_column, RAW_SCHEMA, strict=True)],
        schema=RAW_SCHEMA,
    )


def _json_names(value: str | None) -> Iterable[str]:
    """Names from a JSON list (BODS alternate names); a plain string is one name."""
    if not value:
        return ()
    try:
        parsed = json.loads(value)
    except ValueError:
        return (value,)
    if isinstance(parsed, list):
        return tuple(str(item) for item in parsed if item)
    return (str(parsed),)


def _first_country(value: str | None) -> str | None:
    """A country, or the first of a JSON list of them (BODS nationalities)."""
    if value and value.startswith("["):
        names = tuple(_json_names(value))
        return names[0] if names else None
    return value


def standardized_records(raw: pa.Table, kind: EntityKind) -> pa.Table:
    """Number the variants and add the standardized columns the models compare."""
    from borderlens.resolve.standardize import standardize_records

    ids = pa.array([f"{index}" for index in range(raw.num_rows)], pa.string())
    numbered = raw.append_column("unique_id", ids)
    standard = standardize_records(
        numbered.select(["unique_id", "name", "address", "country"]),
        kind=kind,
        id_column="unique_id",
        name_column="name",
        address_column="address",
        country_column="country",
    )
    standard = standard.drop_columns(
        [
            name
            for name in standard.column_names
            if name in numbered.column_names and name != "unique_id"
        ]
    )
    # Arrow joins refuse list columns: line the standardized rows up by id instead.
    order = pc.index_in(numbered.column("unique_id"), value_set=standard.column("unique_id"))
    aligned = standard.take(order)
    for name in aligned.column_names:
        if name not in numbered.column_names:
            numbered = numbered.append_column(name, aligned.column(name))
    return _derived_columns(numbered)


def _derived_columns(records: pa.Table) -> pa.Table:
    """Sorted name words (word-order independent) and birth year; empty strings become null."""
    sorted_names = [
        " ".join(sorted(tokens)) if tokens else None
        for tokens in records.column("name_tokens").to_pylist()
    ]
    records = records.append_column("name_sorted", pa.array(sorted_names, pa.string()))
    birth = records.column("birth_date")
    records = records.append_column("birth_year", pc.utf8_slice_codeunits(birth, 0, 4))
    for index, name in enumerate(records.column_names):
        column = records.column(name)
        if pa.types.is_string(column.type):
            empty = pc.equal(pc.utf8_trim_whitespace(column), "")
            records = records.set_column(index, name, pc.if_else(empty, None, column))
    return records
