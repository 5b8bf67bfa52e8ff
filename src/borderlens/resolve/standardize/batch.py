"""Standardize a whole table of records through Arrow, computing each distinct value once.

Names, addresses and countries repeat a lot in declarations, so each column is dictionary-
encoded, the distinct values are standardized once, and the results are taken back to rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from borderlens.errors import MappingError
from borderlens.resolve.standardize.addresses import StandardAddress, standardize_address
from borderlens.resolve.standardize.countries import country_code
from borderlens.resolve.standardize.names import (
    StandardName,
    standardize_company_name,
    standardize_person_name,
)

_TOKENS = pa.list_(pa.string())
OUTPUT_SCHEMA = pa.schema(
    [
        ("name_latin", pa.string()),
        ("name_core", pa.string()),
        ("legal_form", pa.string()),
        ("legal_form_family", pa.string()),
        ("name_tokens", _TOKENS),
        ("name_skeleton", pa.string()),
        ("postcode", pa.string()),
        ("house_number", pa.string()),
        ("street", pa.string()),
        ("city", pa.string()),
        ("address_tokens", _TOKENS),
        ("country_code", pa.string()),
    ]
)


def _encode(table: pa.Table, column: str) -> tuple[list[str | None], pa.Array]:
    """Distinct values of a string column and, per row, the index of its value."""
    if column not in table.column_names:
        raise MappingError(f"column {column!r} is not in the table; it has {table.column_names}")
    values = table.column(column).combine_chunks()
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = pc.cast(values, pa.string())
    encoded = pc.dictionary_encode(values)
    return encoded.dictionary.to_pylist(), encoded.indices


def _name_columns(table: pa.Table, column: str, kind: str) -> dict[str, pa.Array]:
    standardize: Callable[[str | None], StandardName | None] = (
        standardize_company_name if kind == "company" else standardize_person_name
    )
    distinct, indices = _encode(table, column)
    names = [standardize(value) for value in distinct]
    columns = {
        "name_latin": pa.array([n.latin if n else None for n in names], pa.string()),
        "name_core": pa.array([n.core if n else None for n in names], pa.string()),
        "legal_form": pa.array([n.legal_form if n else None for n in names], pa.string()),
        "legal_form_family": pa.array(
            [n.legal_form_family if n else None for n in names], pa.string()
        ),
        "name_tokens": pa.array([list(n.tokens) if n else None for n in names], _TOKENS),
        "name_skeleton": pa.array([n.skeleton if n else None for n in names], pa.string()),
    }
    return {key: pc.take(array, indices) for key, array in columns.items()}


def _address_columns(table: pa.Table, column: str, countries: pa.Array) -> dict[str, pa.Array]:
    distinct, indices = _encode(table, column)
    country_encoded = pc.dictionary_encode(countries)
    country_distinct = country_encoded.dictionary.to_pylist()
    country_indices = country_encoded.indices
    # One key per distinct (address, country) pair: the country picks postcode patterns.
    address_index = pc.fill_null(indices, 0).to_numpy()
    country_index = pc.fill_null(country_indices, len(country_distinct)).to_numpy()
    null_rows = np.asarray(pc.is_null(indices).to_numpy(zero_copy_only=False))
    pair_key = np.where(null_rows, -1, address_index.astype(np.int64) * (len(country_distinct) + 1))
    pair_key = pair_key + np.where(null_rows, 0, country_index)
    pairs, inverse = np.unique(pair_key, return_inverse=True)
    width = len(country_distinct) + 1
    results: list[StandardAddress | None] = []
    for pair in pairs.tolist():
        if pair < 0:
            results.append(None)
            continue
        address, country = divmod(pair, width)
        code = country_distinct[country] if country < len(country_distinct) else None
        results.append(standardize_address(distinct[address], code))
    return _address_arrays(results, pa.array(inverse))


def _address_arrays(
    results: Sequence[StandardAddress | None], take: pa.Array
) -> dict[str, pa.Array]:
    columns = {
        "postcode": pa.array([a.postcode if a else None for a in results], pa.string()),
        "house_number": pa.array([a.house_number if a else None for a in results], pa.string()),
        "street": pa.array([a.street if a else None for a in results], pa.string()),
        "city": pa.array([a.city if a else None for a in results], pa.string()),
        "address_tokens": pa.array([list(a.tokens) if a else None for a in results], _TOKENS),
        "address_country": pa.array([a.country if a else None for a in results], pa.string()),
    }
    return {key: pc.take(array, take) for key, array in columns.items()}


def _country_column(table: pa.Table, column: str | None) -> pa.Array:
    if column is None:
        return pa.nulls(table.num_rows, pa.string())
    distinct, indices = _encode(table, column)
    codes = pa.array([country_code(value) for value in distinct], pa.string())
    return pc.take(codes, indices)


def standardize_records(
    table: pa.Table,
    *,
    kind: Literal["company", "person"],
    id_column: str,
    name_column: str,
    address_column: str | None,
    country_column: str | None,
) -> pa.Table:
    """Standardize names, addresses and countries of a table of parties or registry records.

    Returns `id_column` plus name_latin, name_core, legal_form, legal_form_family,
    name_tokens, postcode, house_number, street, city, address_tokens and country_code, one row
    per input row in the same order. The country comes from `country_column`, or, where that
    is empty, from a country named at the end of the address.

    Raises:
        MappingError: When a named column is missing or `kind` is not company or person.
    """
    if kind not in ("company", "person"):
        raise MappingError(f"kind must be 'company' or 'person', not {kind!r}")
    if id_column not in table.column_names:
        raise MappingError(f"id column {id_column!r} is not in the table")
    columns: dict[str, pa.Array] = {id_column: table.column(id_column).combine_chunks()}
    columns.update(_name_columns(table, name_column, kind))
    countries = _country_column(table, country_column)
    if address_column is None:
        empty = pa.nulls(table.num_rows, pa.string())
        for key in ("postcode", "house_number", "street", "city"):
            columns[key] = empty
        columns["address_tokens"] = pa.nulls(table.num_rows, _TOKENS)
    else:
        address = _address_columns(table, address_column, countries)
        countries = pc.coalesce(countries, address.pop("address_country"))
        columns.update(address)
    columns["country_code"] = countries
    names = [id_column, *OUTPUT_SCHEMA.names]
    return pa.table([columns[name] for name in names], names=names)
