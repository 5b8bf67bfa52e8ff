"""The columns of ``risk_feature`` a rule may read, and whether each holds text, numbers or dates.

A profile is checked against this list when it is loaded (``borderlens rules check`` needs no
warehouse), and against the feature table's real columns before it is evaluated. The list is
the feature catalog plus the identifiers an analyst targets (importer, declarant, seller).
Outcome columns (``known_fraud`` ...) are left out: a criterion cannot see the inspection.
"""

from __future__ import annotations

from typing import Literal

import pyarrow as pa

from borderlens.risk.features.catalog import FEATURES

ColumnKind = Literal["text", "number", "date"]

_IDENTIFIERS: dict[str, ColumnKind] = {
    "declaration_id": "text",
    "item_no": "number",
    "declaration_date": "date",
    "declarant_id": "text",
    "importer_id": "text",
    "seller_id": "text",
    "courier_id": "text",
    "reference_level": "text",
    "duty_at_stake": "number",
}

RULE_COLUMNS: dict[str, ColumnKind] = {
    **_IDENTIFIERS,
    **{
        name: "text" if feature.kind == "categorical" else "number"
        for name, feature in FEATURES.items()
    },
}
"""Every column a rule may name, with its kind."""


def column_kind(data_type: pa.DataType) -> ColumnKind | None:
    """The kind of an Arrow column type (None for types rules cannot compare)."""
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "text"
    if (
        pa.types.is_integer(data_type)
        or pa.types.is_floating(data_type)
        or pa.types.is_decimal(data_type)
    ):
        return "number"
    if pa.types.is_date(data_type):
        return "date"
    return None


def table_columns(schema: pa.Schema) -> dict[str, ColumnKind | None]:
    """Every column of a table's schema with its kind (None where rules cannot read it)."""
    return {field.name: column_kind(field.type) for field in schema}
