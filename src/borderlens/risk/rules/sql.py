"""Rules as SQL over ``risk_feature`` (DuckDB dialect, run by any engine).

Each rule becomes one SELECT of the items it hits, with its reason filled in from their
values; the SELECTs of every rule are stacked into ``risk_rule_hit``. Every value from a
profile enters the SQL through ``sql_literal`` or as a number Python has checked, and every
column through ``quote_identifier`` after it was checked against the table.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from borderlens.engine.base import Step
from borderlens.engine.sql import quote_identifier, sql_literal
from borderlens.risk.features.build import FEATURE_TABLE
from borderlens.risk.rules.profile import Condition, Placeholder, Profile, Rule, Value

HIT_TABLE = "risk_rule_hit"
HIT_SCHEMA = pa.schema(
    [
        ("declaration_id", pa.string()),
        ("item_no", pa.int64()),
        ("rule_id", pa.string()),
        ("rule_version", pa.int64()),
        ("channel", pa.string()),
        ("reason", pa.string()),
        ("profile", pa.string()),
        ("evaluated_at", pa.timestamp("us")),
    ]
)
DEFAULT_DECIMALS = 2
"""Decimals a number shows in a reason unless the placeholder says otherwise ({x:.4f})."""
_FIXED_LIMIT = "1e28"
"""Numbers this large are shown as they are: DECIMAL(38, 9) holds 29 digits before the point."""
MISSING_VALUE = "unknown"
"""What a reason shows where the item has no value for a placeholder."""


def value_sql(value: Value) -> str:
    """A literal from a profile as SQL (numbers were checked to be finite when parsed)."""
    if isinstance(value, dt.date):
        return f"DATE {sql_literal(value.isoformat())}"
    if isinstance(value, str):
        return sql_literal(value)
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def condition_sql(condition: Condition) -> str:
    """One condition as a SQL predicate (NULL, so not met, where the column is missing)."""
    column = quote_identifier(condition.column)
    operator, values = condition.operator, condition.values
    if operator == "is_null":
        return f"{column} IS NULL"
    if operator == "not_null":
        return f"{column} IS NOT NULL"
    if operator == "in":
        return f"{column} IN ({', '.join(value_sql(value) for value in values)})"
    if operator == "starts_with":
        tests = [
            f"substr({column}, 1, {len(str(prefix))}) = {value_sql(prefix)}" for prefix in values
        ]
        return f"({' OR '.join(tests)})"
    operand = quote_identifier(condition.against) if condition.against else value_sql(values[0])
    return f"{column} {'=' if operator == 'equals' else operator} {operand}"


def _validity_sql(rule: Rule) -> list[str]:
    day = quote_identifier("declaration_date")
    bounds = []
    if rule.valid_from:
        bounds.append(f"{day} >= {value_sql(rule.valid_from)}")
    if rule.valid_to:
        bounds.append(f"{day} <= {value_sql(rule.valid_to)}")
    return bounds


def _placeholder_sql(placeholder: Placeholder, numeric: bool) -> str:
    column = quote_identifier(placeholder.column)
    text = f"CAST({column} AS VARCHAR)"
    if numeric:
        # A decimal of fixed scale prints exactly N decimals on every engine (13 -> 13.0 for
        # .1f); beyond its range the plain number is shown rather than an overflow error.
        decimals = DEFAULT_DECIMALS if placeholder.decimals is None else placeholder.decimals
        fixed = f"CAST(CAST({column} AS DECIMAL(38, {decimals})) AS VARCHAR)"
        text = f"CASE WHEN abs({column}) < {_FIXED_LIMIT} THEN {fixed} ELSE {text} END"
    return f"coalesce({text}, {sql_literal(MISSING_VALUE)})"


def reason_sql(rule: Rule, numeric_columns: frozenset[str]) -> str:
    """The rule's reason as a SQL text expression, placeholders filled from the row."""
    parts = [
        _placeholder_sql(part, part.column in numeric_columns)
        if isinstance(part, Placeholder)
        else sql_literal(part)
        for part in rule.reason
    ]
    return " || ".join(parts) if parts else sql_literal("")


def rule_sql(
    rule: Rule, profile: Profile, evaluated_at: dt.datetime, numeric_columns: frozenset[str]
) -> str:
    """The SELECT of the items one rule hits, shaped like ``risk_rule_hit``."""
    predicates = [condition_sql(c) for c in rule.when] + _validity_sql(rule)
    return f"""
    SELECT CAST(declaration_id AS VARCHAR) AS declaration_id,
        CAST(item_no AS BIGINT) AS item_no,
        {sql_literal(rule.id)} AS rule_id,
        CAST({rule.version} AS BIGINT) AS rule_version,
        {sql_literal(rule.channel)} AS channel,
        {reason_sql(rule, numeric_columns)} AS reason,
        {sql_literal(profile.name)} AS profile,
        CAST({sql_literal(evaluated_at.isoformat(sep=" "))} AS TIMESTAMP) AS evaluated_at
    FROM {FEATURE_TABLE}
    WHERE {" AND ".join(f"({p})" for p in predicates)}"""


def hit_step(
    profiles: list[Profile], evaluated_at: dt.datetime, numeric_columns: frozenset[str]
) -> Step:
    """The step that (re)creates ``risk_rule_hit`` with the hits of every rule of ``profiles``."""
    selects = [
        rule_sql(rule, profile, evaluated_at, numeric_columns)
        for profile in profiles
        for rule in profile.rules
    ]
    return Step("\nUNION ALL".join(selects), HIT_TABLE, "replace", "items each rule hits")
