"""Typed fields of the tables that ingest fills, with the checks every incoming value passes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["text", "integer", "decimal", "date", "boolean"]
Check = Literal[
    "country", "hs_code", "non_negative", "not_future", "percentage", "latitude", "longitude"
]

SQL_TYPES: dict[FieldType, str] = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
}


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field: its type, whether a row needs it, and what its values must satisfy."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    checks: tuple[Check, ...] = ()
    unit: str | None = None
    allowed: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


def column_definitions(fields: tuple[FieldSpec, ...]) -> str:
    """``name TYPE`` pairs for a CREATE TABLE statement."""
    return ",\n    ".join(f"{spec.name} {spec.sql_type}" for spec in fields)
