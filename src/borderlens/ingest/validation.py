"""SQL that types every incoming text value and says, per row, what is wrong with it.

The steps are written in DuckDB's dialect with functions that exist in Spark too (the
conformance tests run them on both), so the same validation runs on either engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderlens.engine.base import Step
from borderlens.engine.sql import quote_identifier, sql_literal
from borderlens.ingest.countries import country_codes
from borderlens.ingest.mapping import MASS_UNITS_IN_KG, Mapping
from borderlens.warehouse.fields import FieldSpec

_TRUE = "('true', 't', 'yes', 'y', '1')"
_FALSE = "('false', 'f', 'no', 'n', '0')"
_NOT_A = {
    "integer": "is not an integer",
    "decimal": "is not a number",
    "date": "is not a date",
    "boolean": "is not true or false",
}
HS_CODE_PATTERN = "^[0-9]{6}([0-9]{2}){0,2}$"


def raw_value(spec: FieldSpec, mapping: Mapping) -> str:
    """The trimmed source text feeding a field, NULL when empty or unmapped."""
    if spec.name in mapping.constants:
        return sql_literal(mapping.constants[spec.name])
    if spec.name not in mapping.columns:
        return "CAST(NULL AS VARCHAR)"
    text = f"nullif(trim({quote_identifier(mapping.columns[spec.name])}), '')"
    if "hs_code" in spec.checks:
        return f"replace(replace({text}, '.', ''), ' ', '')"
    if "country" in spec.checks:
        return f"upper({text})"
    return text


def typed_value(spec: FieldSpec, raw: str, mapping: Mapping) -> str:
    """The typed value of a field, NULL when the text does not parse."""
    if spec.type == "text":
        return f"lower({raw})" if spec.allowed else raw
    if spec.type == "integer":
        return f"TRY_CAST({raw} AS BIGINT)"
    if spec.type == "boolean":
        lowered = f"lower({raw})"
        return f"CASE WHEN {lowered} IN {_TRUE} THEN true WHEN {lowered} IN {_FALSE} THEN false END"
    if spec.type == "date":
        if mapping.read.date_format == "%Y-%m-%d":
            return f"TRY_CAST({raw} AS DATE)"
        fmt = sql_literal(mapping.read.date_format)
        return f"TRY_CAST(TRY_STRPTIME({raw}, {fmt}) AS DATE)"
    number = raw
    if mapping.read.thousands_separator:
        number = f"replace({number}, {sql_literal(mapping.read.thousands_separator)}, '')"
    if mapping.read.decimal_separator == ",":
        number = f"replace({number}, ',', '.')"
    value = f"TRY_CAST({number} AS DOUBLE)"
    if spec.unit == "kg" and mapping.net_mass_unit != "kg":
        value = f"({value} * {MASS_UNITS_IN_KG[mapping.net_mass_unit]})"
    return value


def _problem(condition: str, spec: FieldSpec, raw: str, says: str) -> str:
    message = f"'{spec.name}: ''' || {raw} || ''' {says}'"
    return f"CASE WHEN {condition} THEN {message} END"


def problems(spec: FieldSpec, raw: str, typed: str, mapping: Mapping) -> list[str]:
    """SQL expressions, each NULL or the text of one problem with this field."""
    found = []
    if spec.required:
        found.append(f"CASE WHEN {raw} IS NULL THEN '{spec.name}: missing' END")
    if spec.type != "text":
        found.append(
            _problem(f"{raw} IS NOT NULL AND {typed} IS NULL", spec, raw, _NOT_A[spec.type])
        )
    if spec.allowed:
        listed = ", ".join(sql_literal(value) for value in spec.allowed)
        found.append(
            _problem(
                f"lower({raw}) NOT IN ({listed})",
                spec,
                raw,
                f"is not one of {', '.join(spec.allowed)}",
            )
        )
    for check in spec.checks:
        if check == "country":
            codes = sorted(
                country_codes() | {code.upper() for code in mapping.unknown_country_codes}
            )
            listed = ", ".join(sql_literal(code) for code in codes)
            found.append(
                _problem(f"{raw} NOT IN ({listed})", spec, raw, "is not an ISO 3166-1 country code")
            )
        elif check == "hs_code":
            found.append(
                _problem(
                    f"NOT regexp_matches({raw}, '{HS_CODE_PATTERN}')",
                    spec,
                    raw,
                    "is not an HS code of 6, 8 or 10 digits",
                )
            )
        elif check == "non_negative":
            found.append(_problem(f"{typed} < 0", spec, raw, "is negative"))
        elif check == "not_future":
            found.append(_problem(f"{typed} > current_date", spec, raw, "is in the future"))
        elif check == "percentage":
            found.append(_problem(f"{typed} < 0 OR {typed} > 100", spec, raw, "is outside 0-100"))
        elif check == "latitude":
            found.append(_problem(f"abs({typed}) > 90", spec, raw, "is not a latitude"))
        elif check == "longitude":
            found.append(_problem(f"abs({typed}) > 180", spec, raw, "is not a longitude"))
    return found


def _failing_fields(spec: FieldSpec, found: list[str]) -> str:
    return f"CASE WHEN concat_ws('', {', '.join(found)}) <> '' THEN '{spec.name}' END"


def typing_step(
    source: str,
    output: str,
    fields: Sequence[FieldSpec],
    mapping: Mapping,
    source_columns: Sequence[str],
) -> Step:
    """Typed fields plus ``_problems`` (all problems, '; '-joined) and ``_fields`` (which)."""
    selects, all_problems, failing = [], [], []
    for spec in fields:
        raw = raw_value(spec, mapping)
        typed = typed_value(spec, raw, mapping)
        selects.append(f"{typed} AS {spec.name}")
        found = problems(spec, raw, typed, mapping)
        all_problems.extend(found)
        if found:
            failing.append(_failing_fields(spec, found))
    record = ", ".join(f"coalesce({quote_identifier(name)}, '')" for name in source_columns)
    delimiter = sql_literal(mapping.read.delimiter)
    sql = (
        f"SELECT _record, _line, {', '.join(selects)}, "
        f"concat_ws('; ', {', '.join(all_problems)}) AS _problems, "
        f"concat_ws(', ', {', '.join(failing)}) AS _fields, "
        f"concat_ws({delimiter}, {record}) AS _raw "
        f"FROM {source}"
    )
    return Step(sql, output, "view", "type each field and list its problems")


def _joined(alias: str, key: Sequence[str]) -> str:
    return " AND ".join(f"{alias}.{name} = typed.{name}" for name in key)


def duplicate_step(
    source: str, output: str, key: Sequence[str], target: str, field_names: Sequence[str]
) -> Step:
    """Add problems for keys repeated in the file or already in the target table.

    Repeated keys are found by a narrow aggregate joined back, not by a window over whole rows.
    """
    keys = ", ".join(key)
    key_text = " || '/' || ".join(f"coalesce(CAST(typed.{name} AS VARCHAR), '')" for name in key)
    duplicated = "repeats.first_line IS NOT NULL AND repeats.first_line <> typed._line"
    repeated = (
        f"CASE WHEN {duplicated} THEN '{key[0]}: ''' || {key_text} || "
        "''' repeats line ''' || CAST(repeats.first_line AS VARCHAR) || '''' END"
    )
    loaded = (
        f"CASE WHEN existing.load_id IS NOT NULL THEN '{key[0]}: ''' || {key_text} || "
        "''' was loaded before by ''' || existing.load_id || '''' END"
    )
    problems = f"concat_ws('; ', nullif(typed._problems, ''), {repeated}, {loaded})"
    columns = ", ".join(f"typed.{name}" for name in field_names)
    sql = (
        f"SELECT typed._record, typed._line, {columns}, {problems} AS _problems, "
        f"CASE WHEN {problems} <> '' THEN concat_ws(', ', nullif(typed._fields, ''), "
        f"CASE WHEN {duplicated} OR existing.load_id IS NOT NULL "
        f"THEN '{key[0]}' END) END AS _fields, "
        f"CASE WHEN {problems} <> '' THEN typed._raw END AS _raw "
        f"FROM {source} typed "
        f"LEFT JOIN (SELECT {keys}, min(_line) AS first_line FROM {source} "
        f"GROUP BY {keys} HAVING count(*) > 1) repeats ON {_joined('repeats', key)} "
        f"LEFT JOIN (SELECT {keys}, min(load_id) AS load_id FROM {target} GROUP BY {keys}) "
        f"existing ON {_joined('existing', key)}"
    )
    return Step(sql, output, "temp", "flag keys repeated in the file or loaded before")


@dataclass(frozen=True)
class Reference:
    """A field that must name a record found by ``lookup`` (a query of one column)."""

    field: str
    lookup: str
    names: str


def reference_step(
    source: str, output: str, references: Sequence[Reference], field_names: Sequence[str]
) -> Step:
    """Add problems for fields that point at records the warehouse does not hold."""
    joins, found, failing = [], [], []
    for index, reference in enumerate(references):
        alias = f"known_{index}"
        joins.append(
            f"LEFT JOIN (SELECT DISTINCT * FROM ({reference.lookup}) found(record_key)) {alias} "
            f"ON {alias}.record_key = checked.{reference.field}"
        )
        dangling = f"checked.{reference.field} IS NOT NULL AND {alias}.record_key IS NULL"
        found.append(
            f"CASE WHEN {dangling} THEN '{reference.field}: ''' || checked.{reference.field} "
            f"|| ''' is not a known {reference.names}' END"
        )
        failing.append(f"CASE WHEN {dangling} THEN '{reference.field}' END")
    columns = ", ".join(f"checked.{name}" for name in field_names)
    sql = (
        f"SELECT checked._record, checked._line, {columns}, "
        f"concat_ws('; ', nullif(checked._problems, ''), {', '.join(found)}) AS _problems, "
        f"concat_ws(', ', nullif(checked._fields, ''), {', '.join(failing)}) AS _fields, "
        f"checked._raw FROM {source} checked {' '.join(joins)}"
    )
    return Step(sql, output, "temp", "flag references to records the warehouse does not hold")
