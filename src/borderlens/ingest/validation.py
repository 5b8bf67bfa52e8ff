"""SQL that types every incoming text value and says, per row, what is wrong with it.

The steps are written in DuckDB's dialect with functions that exist in Spark too (the
conformance tests run them on both), so the same validation runs on either engine.

Most rows are good, so the checks are shaped for that: the rows are typed once, on their way
into the target table, which takes those that meet every plain condition. The rows it did not
take, a few, then get their problems spelled out, their fields named and their record rebuilt.
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
_NULL_TEXT = "CAST(NULL AS VARCHAR)"
_COUNTRIES = "country_code"  # the small table of accepted codes the problem step joins to


@dataclass(frozen=True)
class Reference:
    """A field that must name a record found by ``lookup`` (a query of one column)."""

    field: str
    lookup: str
    names: str


@dataclass(frozen=True)
class Problem:
    """One way a value can be wrong: when it is (SQL condition) and what to say (SQL text).

    The message is never NULL where the condition holds, so a row has a problem exactly when
    one of its conditions is true.
    """

    condition: str
    message: str

    def text(self) -> str:
        """The message where the condition holds, NULL elsewhere."""
        return f"CASE WHEN {self.condition} THEN {self.message} END"


@dataclass(frozen=True)
class Checks:
    """What the problem step needs: the problems in order, per field, and the joins they use."""

    problems: tuple[Problem, ...]
    fields: tuple[tuple[str, tuple[Problem, ...]], ...]
    joins: tuple[str, ...]
    countries: tuple[str, ...]


def trimmed(column: str) -> str:
    """SQL for ``nullif(trim(column), '')``, with ``trim`` only where it can change the text.

    Typing a file trims every value twice (once to check it, once to load it) and ``trim``
    is dear: it copies each value and looks up the Unicode category of its first and last
    characters. Almost no value needs it, and a cheap test finds every one that might: a
    value that is empty or starts with a space or control character, ends with a space, or
    holds any character outside ASCII (every other kind of space is one). The others are
    passed on as they are, which is what ``trim`` would have returned.
    """
    may_be_padded = (
        f"{column} < '!' OR {column} LIKE '% ' "
        f"OR octet_length(encode({column})) <> length({column})"
    )
    return f"CASE WHEN {may_be_padded} THEN nullif(trim({column}), '') ELSE {column} END"


def raw_value(spec: FieldSpec, mapping: Mapping) -> str:
    """The trimmed source text feeding a field, NULL when empty or unmapped."""
    if spec.name in mapping.constants:
        return sql_literal(mapping.constants[spec.name])
    if spec.name not in mapping.columns:
        return _NULL_TEXT
    text = trimmed(quote_identifier(mapping.columns[spec.name]))
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


def accepted_countries(mapping: Mapping) -> list[str]:
    """The country codes a country field accepts under this mapping."""
    extra = {code.upper() for code in mapping.unknown_country_codes}
    return sorted(country_codes() | extra)


def _problem(condition: str, spec: FieldSpec, raw: str, says: str) -> Problem:
    return Problem(condition, f"'{spec.name}: ''' || {raw} || ''' {says}'")


def _country_problem(spec: FieldSpec, raw: str, mapping: Mapping, alias: str) -> Problem | None:
    """A value not among the accepted codes, found by a join rather than a long IN list."""
    says = "is not an ISO 3166-1 country code"
    if raw == _NULL_TEXT:
        return None
    if _is_literal(raw):  # a mapping constant: decided here, once, not on every row
        accepted = raw[1:-1].replace("''", "'") in accepted_countries(mapping)
        return None if accepted else _problem("true", spec, raw, says)
    return _problem(f"{raw} IS NOT NULL AND {alias}.code IS NULL", spec, raw, says)


def problems(spec: FieldSpec, raw: str, typed: str, mapping: Mapping, alias: str) -> list[Problem]:
    """Every way this field can be wrong; ``alias`` names the join for a country check."""
    found = []
    if spec.required:
        found.append(Problem(f"{raw} IS NULL", f"'{spec.name}: missing'"))
    if spec.type != "text":
        found.append(
            _problem(f"{raw} IS NOT NULL AND {typed} IS NULL", spec, raw, _NOT_A[spec.type])
        )
    if spec.allowed:
        listed = ", ".join(sql_literal(value) for value in spec.allowed)
        allowed = ", ".join(spec.allowed)
        found.append(
            _problem(f"lower({raw}) NOT IN ({listed})", spec, raw, f"is not one of {allowed}")
        )
    for check in spec.checks:
        if check == "country":
            country = _country_problem(spec, raw, mapping, alias)
            found.extend([country] if country else [])
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


def _is_literal(raw: str) -> bool:
    """Whether a field's text is the same on every row (a mapping constant or unmapped)."""
    return raw == _NULL_TEXT or raw.startswith("'")


def field_values(
    fields: Sequence[FieldSpec], mapping: Mapping, row: str
) -> dict[str, tuple[str, str]]:
    """Each field's text and typed value as the problem step refers to them.

    Values that vary are computed once, as columns of the ``row`` subquery (see
    :func:`_values_query`), and referred to by name: a long filter over inline expressions
    would trim and cast every value once per condition.
    """
    values = {}
    for spec in fields:
        raw = raw_value(spec, mapping)
        if _is_literal(raw):
            values[spec.name] = (raw, typed_value(spec, raw, mapping))
        else:
            values[spec.name] = (f"{row}._text_{spec.name}", f"{row}._typed_{spec.name}")
    return values


def _values_query(
    fields: Sequence[FieldSpec], mapping: Mapping, source: str, columns: Sequence[str]
) -> str:
    selects = []
    for spec in fields:
        raw = raw_value(spec, mapping)
        if not _is_literal(raw):
            typed = typed_value(spec, raw, mapping)
            selects.append(f"{raw} AS _text_{spec.name}, {typed} AS _typed_{spec.name}")
    passed = [quote_identifier(name) for name in columns]
    return f"SELECT {', '.join(['_record', '_line', *selects, *passed])} FROM {source}"


def field_checks(
    fields: Sequence[FieldSpec], mapping: Mapping, values: dict[str, tuple[str, str]]
) -> Checks:
    """The problems of every field, with a join to the accepted codes per country column."""
    in_order: list[Problem] = []
    per_field: list[tuple[str, tuple[Problem, ...]]] = []
    joins: list[str] = []
    for spec in fields:
        raw, typed = values[spec.name]
        alias = f"{_COUNTRIES}_{len(joins)}"
        found = problems(spec, raw, typed, mapping, alias)
        if any(f"{alias}.code" in problem.condition for problem in found):
            joins.append(f"LEFT JOIN {_COUNTRIES} {alias} ON {alias}.code = {raw}")
        in_order.extend(found)
        if found:
            per_field.append((spec.name, tuple(found)))
    countries = tuple(accepted_countries(mapping)) if joins else ()
    return Checks(tuple(in_order), tuple(per_field), tuple(joins), countries)


def typing_step(
    source: str,
    output: str,
    fields: Sequence[FieldSpec],
    mapping: Mapping,
) -> Step:
    """The fields typed (NULL where the text does not parse), with ``_record`` and ``_line``."""
    selects = []
    for spec in fields:
        raw = raw_value(spec, mapping)
        selects.append(f"{typed_value(spec, raw, mapping)} AS {spec.name}")
    sql = f"SELECT _record, _line, {', '.join(selects)} FROM {source}"
    return Step(sql, output, "view", "type the fields")


def _joined(alias: str, other: str, key: Sequence[str]) -> str:
    return " AND ".join(f"{alias}.{name} = {other}.{name}" for name in key)


def key_step(typed: str, output: str, key: Sequence[str], target: str) -> Step:
    """The keys that repeat in the file or were loaded before, with where and by which load.

    A narrow aggregate of the keys alone; the rows themselves are not touched here.
    """
    keys = ", ".join(key)
    in_file = (
        f"SELECT {keys}, count(*) AS copies, min(_line) AS first_line FROM {typed} GROUP BY {keys}"
    )
    # Only keys whose first part the file holds can have been loaded before: look no further.
    loaded = (
        f"SELECT {keys}, min(load_id) AS load_id FROM {target} "
        f"WHERE {key[0]} IN (SELECT {key[0]} FROM {typed}) GROUP BY {keys}"
    )
    columns = ", ".join(f"in_file.{name}" for name in key)
    sql = (
        f"SELECT {columns}, CASE WHEN in_file.copies > 1 THEN in_file.first_line END "
        f"AS first_line, existing.load_id FROM ({in_file}) in_file "
        f"LEFT JOIN ({loaded}) existing ON {_joined('existing', 'in_file', key)} "
        "WHERE in_file.copies > 1 OR existing.load_id IS NOT NULL"
    )
    return Step(sql, output, "temp", "find keys repeated in the file or loaded before")


def _key_problems(key: Sequence[str], keyed: str) -> tuple[Problem, Problem]:
    key_text = " || '/' || ".join(f"coalesce(CAST({keyed}.{name} AS VARCHAR), '')" for name in key)
    repeated = Problem(
        f"{keyed}.first_line IS NOT NULL AND {keyed}.first_line <> raw._line",
        f"'{key[0]}: ''' || {key_text} || ''' repeats line ''' || "
        f"CAST({keyed}.first_line AS VARCHAR) || ''''",
    )
    loaded = Problem(
        f"{keyed}.load_id IS NOT NULL",
        f"'{key[0]}: ''' || {key_text} || ''' was loaded before by ''' || {keyed}.load_id || ''''",
    )
    return repeated, loaded


def _reference_checks(
    references: Sequence[Reference], typed: dict[str, str]
) -> tuple[list[str], list[Problem]]:
    joins, found = [], []
    for index, reference in enumerate(references):
        alias = f"known_{index}"
        value = typed[reference.field]
        joins.append(
            f"LEFT JOIN (SELECT DISTINCT * FROM ({reference.lookup}) found(record_key)) {alias} "
            f"ON {alias}.record_key = {value}"
        )
        found.append(
            Problem(
                f"{value} IS NOT NULL AND {alias}.record_key IS NULL",
                f"'{reference.field}: ''' || {value} || ''' is not a known {reference.names}'",
            )
        )
    return joins, found


def _any(found: Sequence[Problem]) -> str:
    return " OR ".join(f"({problem.condition})" for problem in found)


@dataclass(frozen=True)
class StagedRows:
    """What the row checks read: the staged text and its columns, the bad keys, the key."""

    staged: str
    columns: Sequence[str]
    keys: str
    key: Sequence[str]


@dataclass(frozen=True)
class RowChecks:
    """Every check of a staged row, as SQL over ``raw`` and the joins it reads.

    ``raw`` is a row of the staged text with each field's text and typed value computed once
    (see :func:`field_values`); ``problems`` are in field order, then the key, then the
    references; ``failing`` names each field that fails; ``prefix`` is the ``WITH`` clause
    the country joins read.
    """

    rows: StagedRows
    fields: tuple[FieldSpec, ...]
    mapping: Mapping
    typed: dict[str, str]
    problems: tuple[Problem, ...]
    failing: tuple[str, ...]
    prefix: str
    joins: str

    def source(self, records: str) -> str:
        """``FROM`` the staged ``records`` with their values and joins."""
        values = _values_query(self.fields, self.mapping, records, self.rows.columns)
        return f"FROM ({values}) raw {self.joins}"

    def any_failed(self) -> str:
        """True where a row fails a check, false elsewhere (never NULL)."""
        return f"coalesce({_any(self.problems)}, false)"


def row_checks(
    rows: StagedRows,
    fields: Sequence[FieldSpec],
    mapping: Mapping,
    references: Sequence[Reference] = (),
) -> RowChecks:
    """The checks of every field, of the key (repeated or loaded before) and of references."""
    values = field_values(fields, mapping, "raw")
    checks = field_checks(fields, mapping, values)
    typed = {name: value for name, (_, value) in values.items()}
    repeated, loaded = _key_problems(rows.key, "bad_key")
    reference_joins, dangling = _reference_checks(references, typed)
    failing = [f"CASE WHEN {_any(found)} THEN '{name}' END" for name, found in checks.fields]
    failing.append(f"CASE WHEN {_any([repeated, loaded])} THEN '{rows.key[0]}' END")
    failing.extend(
        f"CASE WHEN {problem.condition} THEN '{reference.field}' END"
        for reference, problem in zip(references, dangling, strict=True)
    )
    key_join = " AND ".join(f"bad_key.{name} = {typed[name]}" for name in rows.key)
    prefix = ""
    if checks.countries:
        codes = ", ".join(f"({sql_literal(code)})" for code in checks.countries)
        prefix = f"WITH {_COUNTRIES} AS (SELECT code FROM (VALUES {codes}) accepted(code)) "
    joins = [f"LEFT JOIN {rows.keys} bad_key ON {key_join}", *checks.joins, *reference_joins]
    return RowChecks(
        rows,
        tuple(fields),
        mapping,
        typed,
        (*checks.problems, repeated, loaded, *dangling),
        tuple(failing),
        prefix,
        " ".join(joins),
    )


def good_rows_step(checks: RowChecks, target: str, provenance: str) -> Step:
    """Append the rows that pass every check to ``target``, typed, with their provenance."""
    columns = ", ".join(f"{checks.typed[spec.name]} AS {spec.name}" for spec in checks.fields)
    sql = (
        f"{checks.prefix}SELECT {columns}, {provenance}, raw._line AS source_line "
        f"{checks.source(checks.rows.staged)} WHERE NOT {checks.any_failed()}"
    )
    return Step(sql, target, "append", "load the rows that pass every check")


def problem_step(checks: RowChecks, output: str, loaded_lines: str) -> Step:
    """The rows not loaded: ``_problems`` (all, '; '-joined), ``_fields`` (which) and ``_raw``.

    Run after :func:`good_rows_step`: every staged row whose line is not among
    ``loaded_lines`` (a query of one column) is kept, so none is lost between the two, and
    only these few have their problems spelled out and their record rebuilt.
    """
    unloaded = (
        f"(SELECT * FROM {checks.rows.staged} staged WHERE NOT EXISTS (SELECT 1 FROM "
        f"({loaded_lines}) loaded(line) WHERE loaded.line = staged._line)) unloaded"
    )
    record = ", ".join(
        f"coalesce(raw.{quote_identifier(name)}, '')" for name in checks.rows.columns
    )
    reasons = ", ".join(problem.text() for problem in checks.problems)
    sql = (
        f"{checks.prefix}SELECT raw._record, raw._line, concat_ws('; ', {reasons}) AS _problems, "
        f"concat_ws(', ', {', '.join(checks.failing)}) AS _fields, "
        f"concat_ws({sql_literal(checks.mapping.read.delimiter)}, {record}) AS _raw "
        f"{checks.source(unloaded)}"
    )
    return Step(sql, output, "temp", "keep the rows not loaded, with their reasons")
