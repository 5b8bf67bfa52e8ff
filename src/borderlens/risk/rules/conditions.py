"""Reading a rule's ``when``: each column's test, checked against what the column holds.

A value of the wrong kind is refused rather than coerced: YAML reads ``hs4: 0302`` as the
octal number 194, so a text column takes only quoted text, and a comparison takes only a
number, a date or the name of another column of the same kind.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping

from borderlens.risk.rules.columns import ColumnKind
from borderlens.risk.rules.profile import COMPARISONS, OPERATORS, Condition, Operator, Value


class InvalidField(Exception):
    """A field of a rule is wrong: ``field`` is its dotted path, ``problem`` says why and what
    to do. Parsing turns it into a :class:`RuleProfileError` naming the file and the rule."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def column_of(name: object, columns: Mapping[str, ColumnKind], field: str) -> ColumnKind:
    """The kind of the column ``name``, or an error suggesting the nearest column names."""
    if isinstance(name, str) and name in columns:
        return columns[name]
    near = difflib.get_close_matches(str(name), list(columns), n=3)
    stem = str(name).split("_")[0]
    if not near and len(stem) >= 2:  # hs_code -> hs6, hs4, hs2
        near = [column for column in columns if column.startswith(stem)][:3]
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    raise InvalidField(
        field, f"unknown column '{name}'{hint}; docs/rules.md lists the columns a rule can read"
    )


def parse_date(value: object, field: str) -> dt.date:
    """A date written as YYYY-MM-DD (quoted or not)."""
    if isinstance(value, dt.datetime):
        raise InvalidField(field, f"'{value}' has a time of day; write the date only, YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidField(field, f"'{value}' is not a date; write it as YYYY-MM-DD")


def _literal(value: object, kind: ColumnKind, field: str) -> Value:
    if kind == "date":
        return parse_date(value, field)
    if kind == "text":
        if isinstance(value, str):
            return value
        raise InvalidField(
            field,
            f"{value!r} is not text; put codes in quotes (YAML reads 0302 as a number and "
            "drops the zero), e.g. '0302'",
        )
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    raise InvalidField(field, f"{value!r} is not a number")


def _literals(value: object, kind: ColumnKind, field: str) -> tuple[Value, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise InvalidField(field, "the list is empty; give at least one value")
    return tuple(_literal(item, kind, f"{field}[{i}]") for i, item in enumerate(items))


def _comparison(
    column: str, operator: Operator, operand: object, columns: Mapping[str, ColumnKind], field: str
) -> Condition:
    kind = columns[column]
    if kind == "text":
        raise InvalidField(field, f"'{column}' holds text; use equals, in or starts_with")
    other_column = isinstance(operand, str) and (kind == "number" or operand in columns)
    if not other_column:
        return Condition(column, operator, (_literal(operand, kind, field),))
    other = column_of(operand, columns, field)
    if other != kind:
        raise InvalidField(field, f"'{column}' holds a {kind} and '{operand}' a {other}")
    return Condition(column, operator, against=str(operand))


def _test(
    column: str, operator: object, operand: object, columns: Mapping[str, ColumnKind], field: str
) -> Condition:
    kind = columns[column]
    if operator not in OPERATORS:
        raise InvalidField(
            field, f"unknown operator '{operator}'; use one of {', '.join(OPERATORS)}"
        )
    if operator in COMPARISONS:
        return _comparison(column, operator, operand, columns, field)
    if operator in ("is_null", "not_null"):
        if not isinstance(operand, bool):
            raise InvalidField(field, f"write '{operator}: true'")
        wants_null = operand == (operator == "is_null")
        return Condition(column, "is_null" if wants_null else "not_null")
    if operator == "starts_with":
        if kind != "text":
            raise InvalidField(field, f"'{column}' holds a {kind}; starts_with is for text")
        prefixes = _literals(operand, kind, field)
        if any(prefix == "" for prefix in prefixes):
            raise InvalidField(field, "an empty prefix matches everything; remove it")
        return Condition(column, "starts_with", prefixes)
    if operator == "in":
        if not isinstance(operand, list):
            raise InvalidField(field, "give a list, e.g. in: ['93', '36']")
        return Condition(column, "in", _literals(operand, kind, field))
    return Condition(column, "equals", (_literal(operand, kind, field),))


def _column_tests(column: str, spec: object, columns: Mapping[str, ColumnKind]) -> list[Condition]:
    if isinstance(spec, dict):
        if not spec:
            raise InvalidField(f"when.{column}", "no operator; give one, e.g. '<': 10")
        return [
            _test(column, operator, operand, columns, f"when.{column}.{operator}")
            for operator, operand in spec.items()
        ]
    if spec is None:
        raise InvalidField(f"when.{column}", "no value; give a value or an operator")
    if isinstance(spec, list):
        return [_test(column, "in", spec, columns, f"when.{column}")]
    return [_test(column, "equals", spec, columns, f"when.{column}")]


def parse_conditions(when: object, columns: Mapping[str, ColumnKind]) -> tuple[Condition, ...]:
    """A rule's ``when`` mapping as conditions, all of which must hold for the rule to hit.

    Each key is a column; its value is a literal (equals), a list (in) or a mapping of
    operators to operands, e.g. ``{"<": "reference_p05"}`` or ``{">=": 0.3, "<": 0.9}``.
    """
    if not isinstance(when, dict) or not when:
        raise InvalidField("when", "give at least one condition, e.g. when: {hs2: '93'}")
    conditions: list[Condition] = []
    for column, spec in when.items():
        column_of(column, columns, f"when.{column}")
        conditions += _column_tests(str(column), spec, columns)
    return tuple(conditions)
