"""YAML rule profiles to typed :class:`Profile` values, refusing anything malformed.

Every error names the file, the rule (its id, else its position) and the field at fault, and
says what to write instead: a profile is written by an analyst, not a programmer, and a rule
that silently does something else than it says selects the wrong declarations.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path

from borderlens.errors import RuleProfileError
from borderlens.risk.rules.columns import RULE_COLUMNS, ColumnKind
from borderlens.risk.rules.conditions import InvalidField, column_of, parse_conditions, parse_date
from borderlens.risk.rules.document import Document, parse_document, read_document
from borderlens.risk.rules.profile import CHANNELS, Channel, Placeholder, Profile, ReasonPart, Rule

RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""Rule ids are stored with every hit and typed on the command line: short, no spaces."""
_DECIMALS = re.compile(r"\.([0-9])f")
_RULE_KEYS = ("id", "version", "author", "reason", "channel", "valid_from", "valid_to", "when")
_PROFILE_KEYS = ("name", "description", "rules")


def _text(rule: Mapping[object, object], key: str) -> str:
    value = rule.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidField(key, f"missing; give the rule's {key} as text")
    return value.strip()


def _placeholder(
    name: str, spec: str, conversion: str | None, columns: Mapping[str, ColumnKind]
) -> Placeholder:
    field = f"reason.{{{name}}}"
    kind = column_of(name, columns, field)
    if conversion:
        raise InvalidField(field, f"'!{conversion}' is not supported; write {{{name}}}")
    if not spec:
        return Placeholder(name)
    decimals = _DECIMALS.fullmatch(spec)
    if kind != "number" or decimals is None:
        raise InvalidField(field, f"format '{spec}' is not supported; numbers take .0f to .9f")
    return Placeholder(name, int(decimals.group(1)))


def parse_reason(text: str, columns: Mapping[str, ColumnKind]) -> tuple[ReasonPart, ...]:
    """A reason as literal text and ``{column}`` placeholders (``{{`` and ``}}`` are braces)."""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise InvalidField("reason", f"{exc}; write {{{{ and }}}} for a literal brace") from None
    parts: list[ReasonPart] = []
    for literal, name, spec, conversion in pieces:
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append(_placeholder(name, spec or "", conversion, columns))
    return tuple(parts)


def _id(rule: Mapping[object, object]) -> str:
    value = rule.get("id")
    if isinstance(value, str) and RULE_ID.fullmatch(value):
        return value
    if value is None:
        raise InvalidField("id", "missing; give the rule a short id, e.g. id: weapons-red")
    raise InvalidField(
        "id", f"{value!r} is not an id: letters, digits, '.', '_' and '-', at most 64"
    )


def _version(rule: Mapping[object, object]) -> int:
    value = rule.get("version")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise InvalidField("version", f"{value!r} is not a version; give a whole number from 1")


def _channel(rule: Mapping[object, object]) -> Channel:
    value = rule.get("channel")
    for channel in CHANNELS:
        if value == channel:
            return channel
    raise InvalidField("channel", f"{value!r} is not a channel; use {', '.join(CHANNELS)}")


def _unknown_keys(data: Mapping[object, object], allowed: tuple[str, ...]) -> str | None:
    unknown = [str(key) for key in data if key not in allowed]
    return unknown[0] if unknown else None


def _rule(
    data: Mapping[object, object], index: int, line: int, columns: Mapping[str, ColumnKind]
) -> Rule:
    unknown = _unknown_keys(data, _RULE_KEYS)
    if unknown:
        raise InvalidField(unknown, f"not a rule field; a rule has {', '.join(_RULE_KEYS)}")
    rule_id = _id(data)
    reason = _text(data, "reason")
    valid_from = parse_date(data["valid_from"], "valid_from") if "valid_from" in data else None
    valid_to = parse_date(data["valid_to"], "valid_to") if "valid_to" in data else None
    if valid_from and valid_to and valid_to < valid_from:
        raise InvalidField("valid_to", f"{valid_to} is before valid_from {valid_from}")
    return Rule(
        id=rule_id,
        version=_version(data),
        author=_text(data, "author"),
        reason=parse_reason(reason, columns),
        reason_text=reason,
        channel=_channel(data),
        when=parse_conditions(data.get("when"), columns),
        valid_from=valid_from,
        valid_to=valid_to,
        index=index,
        line=line,
    )


def _where(data: object, index: int, line: int) -> str:
    rule_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(rule_id, str):
        return f"rule '{rule_id}' (#{index}, line {line})"
    return f"rule #{index} (line {line})"


def _rules(
    origin: str, items: list[object], lines: tuple[int, ...], columns: Mapping[str, ColumnKind]
) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    first_index: dict[str, int] = {}
    for index, data in enumerate(items, start=1):
        line = lines[index - 1] if index <= len(lines) else 0
        try:
            if not isinstance(data, dict):
                raise InvalidField("rule", "each rule is a mapping of id, version, reason ...")
            rule = _rule(data, index, line, columns)
        except InvalidField as exc:
            where = _where(data, index, line)
            raise RuleProfileError(f"{origin}: {where}: {exc.field}: {exc.problem}") from None
        if rule.id in first_index:
            raise RuleProfileError(
                f"{origin}: {rule.label}: id: '{rule.id}' is also rule #{first_index[rule.id]}; "
                "give each rule its own id (raise 'version' to change a rule)"
            )
        first_index[rule.id] = index
        rules.append(rule)
    return tuple(rules)


def _profile(document: Document, source: Path | str, columns: Mapping[str, ColumnKind]) -> Profile:
    data = document.data
    if not isinstance(data, dict):
        raise RuleProfileError(f"{source}: a profile is a mapping with name and rules")
    unknown = _unknown_keys(data, _PROFILE_KEYS)
    if unknown:
        raise RuleProfileError(
            f"{source}: '{unknown}' is not a profile field; "
            f"a profile has {', '.join(_PROFILE_KEYS)}"
        )
    name, description = data.get("name"), data.get("description", "")
    if not isinstance(name, str) or not name.strip():
        raise RuleProfileError(f"{source}: name: missing; give the profile a name")
    if not isinstance(description, str):
        raise RuleProfileError(f"{source}: description: write it as text")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise RuleProfileError(f"{source}: rules: give a list of at least one rule")
    rules = _rules(str(source), items, document.rule_lines, columns)
    return Profile(name.strip(), source, rules, description.strip())


def load_profile(path: Path | str, columns: Mapping[str, ColumnKind] = RULE_COLUMNS) -> Profile:
    """Read and check a rule profile.

    Args:
        path: the YAML file.
        columns: the columns rules may read, with their kinds (those of ``risk_feature``).

    Raises:
        RuleProfileError: naming the file, the rule and the field at fault.
    """
    path = Path(path)
    return _profile(read_document(path), path, columns)


def parse_profile(
    text: str, origin: str, columns: Mapping[str, ColumnKind] = RULE_COLUMNS
) -> Profile:
    """Check a rule profile given as YAML text, as `load_profile` checks a file.

    Args:
        text: the YAML document.
        origin: what errors call it, e.g. ``"profile baseline"`` for a version the workbench
            keeps in the warehouse; it becomes the profile's ``path``.
        columns: the columns rules may read, with their kinds.

    Raises:
        RuleProfileError: naming ``origin``, the rule, its line and the field at fault.
    """
    return _profile(parse_document(text, origin), origin, columns)
