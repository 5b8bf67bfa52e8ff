"""How the rule pages show a profile version: its rules in words, a starting text for a new
profile, and the line of the text a parser message points at."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from borderlens.errors import RuleProfileError
from borderlens.risk.features.catalog import FEATURES
from borderlens.risk.rules.columns import RULE_COLUMNS
from borderlens.risk.rules.profile import CHANNELS, Condition, Rule
from borderlens.risk.rules.versions import ProfileVersion

OPERATOR_WORDS = {"equals": "is", "in": "is one of", "starts_with": "starts with"}
COLUMNS = [
    {"name": name, "kind": kind, "description": getattr(FEATURES.get(name), "description", "")}
    for name, kind in RULE_COLUMNS.items()
]
"""What the editor lists as the columns a rule can read, with the features' descriptions."""
STARTER = """name: {name}
description: What these criteria are for, in one sentence.
rules:
  - id: garments-below-p05
    version: 1
    author: {author}
    channel: yellow
    valid_from: {start}
    valid_to: {end}
    reason: >-
      Declared value {{unit_value_kg:.3f}} per kg for HS {{hs6}} from {{origin_country}} is
      below the 5th percentile {{reference_p05:.3f}} of earlier declarations
    when:
      hs2: ["61", "62"]
      unit_value_kg: {{"<": reference_p05}}
      tax_rate: {{">": 0}}
"""


def condition_text(condition: Condition) -> str:
    """A condition as an officer reads it: ``unit_value_kg < reference_p05``."""
    if condition.operator == "is_null":
        return f"{condition.column} has no value"
    if condition.operator == "not_null":
        return f"{condition.column} has a value"
    operand = condition.against or ", ".join(str(value) for value in condition.values)
    return (
        f"{condition.column} {OPERATOR_WORDS.get(condition.operator, condition.operator)} {operand}"
    )


def rule_view(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "version": rule.version,
        "channel": rule.channel,
        "channel_meaning": CHANNELS[rule.channel],
        "valid_from": rule.valid_from,
        "valid_to": rule.valid_to,
        "author": rule.author,
        "reason": rule.reason_text,
        "conditions": [condition_text(condition) for condition in rule.when],
        "line": rule.line,
    }


def version_view(version: ProfileVersion) -> dict[str, Any]:
    """A version with its rules read (or the reason they no longer read)."""
    view: dict[str, Any] = {
        "profile": version.profile,
        "version": version.version,
        "author": version.author,
        "saved_at": version.saved_at,
        "note": version.note,
        "document": version.document,
        "description": "",
        "rules": [],
        "problem": "",
    }
    try:
        parsed = version.parsed()
    except RuleProfileError as error:
        view["problem"] = str(error)
        return view
    view["description"] = parsed.description
    view["rules"] = [rule_view(rule) for rule in parsed.rules]
    return view


def error_line(message: str, document: str) -> int | None:
    """The line of ``document`` a parser message points at: the field's own line where it can
    be found inside the rule the message names, else the line the message gives."""
    lines = document.splitlines()
    yaml_error = re.search(r"line (\d+), column \d+", message)
    if yaml_error:
        return int(yaml_error.group(1))
    in_rule = re.search(r"line (\d+)\): ([^\s:]+):", message)
    if in_rule is None:
        top = re.search(r"(?:^|: )(name|description|rules): ", message)
        key = f"{top.group(1)}:" if top else "\0"
        return next((i + 1 for i, text in enumerate(lines) if text.startswith(key)), None)
    at = int(in_rule.group(1)) - 1
    if not 0 <= at < len(lines):
        return None
    block = range(at, _block_end(lines, at))
    for part in re.split(r"[.\[]", in_rule.group(2)):
        key = part.strip("]{}")
        spelled = (f"{key}:", f'"{key}":', f"'{key}':")
        at = next((i for i in block if i >= at and _key_text(lines[i]).startswith(spelled)), at)
    return at + 1


def _key_text(line: str) -> str:
    return line.lstrip(" ").removeprefix("- ")


def _block_end(lines: list[str], start: int) -> int:
    """Where the YAML list item that starts at ``start`` ends."""
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    for index in range(start + 1, len(lines)):
        text = lines[index]
        depth = len(text) - len(text.lstrip(" "))
        if text.strip() and not text.lstrip().startswith("#") and depth <= indent:
            return index
    return len(lines)


def error_excerpt(document: str, line: int | None) -> list[tuple[int, str, bool]]:
    if line is None:
        return []
    lines = document.splitlines()
    first, last = max(1, line - 3), min(len(lines), line + 3)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


def starter_document(author: str, today: dt.date) -> str:
    """The text a new profile starts from: one rule valid until the end of the year."""
    return STARTER.format(
        name="new-profile-name",
        author=author,
        start=today.isoformat(),
        end=dt.date(today.year, 12, 31).isoformat(),
    )
