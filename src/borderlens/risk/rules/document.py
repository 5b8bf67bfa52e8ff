"""Reading a profile's YAML: PyYAML's safe loader, stricter where YAML silently loses meaning.

``yaml.safe_load`` keeps the last of two equal keys without a word, so a rule that names
``hs2`` twice would quietly test only one value; this loader refuses it. Dates stay text
until the rule parser reads them, so ``2024-13-01`` is reported with the field it is in rather
than as a bare ValueError. The loader also keeps the line where each rule starts, so an error
can point an analyst to it.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from borderlens.errors import RuleProfileError


class _StrictLoader(yaml.SafeLoader):
    """The safe loader (no Python objects) refusing a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key '{key_node.value}' appears twice; write it once",
                    key_node.start_mark,
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:  # type: ignore[override]
        return str(node.value)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


@dataclass(frozen=True)
class Document:
    """A profile file's parsed content and the line (from 1) where each rule starts."""

    data: object
    rule_lines: tuple[int, ...]


def _rule_lines(node: yaml.Node | None) -> tuple[int, ...]:
    if not isinstance(node, yaml.MappingNode):
        return ()
    for key, value in node.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return tuple(item.start_mark.line + 1 for item in value.value)
    return ()


def _yaml_problem(origin: str, error: yaml.YAMLError) -> str:
    """PyYAML's error on one line, with the file's name instead of "<unicode string>"."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{origin}: line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return f"{origin}: not valid YAML: {error}"


def read_document(path: Path) -> Document:
    """Parse a YAML file, or say in a :class:`RuleProfileError` why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleProfileError(f"{path}: no such rule profile") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleProfileError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
    return parse_document(text, str(path))


def parse_document(text: str, origin: str) -> Document:
    """Parse YAML text; ``origin`` names it in errors (a file, or a profile version kept in
    the warehouse)."""
    try:
        loader = _StrictLoader(text)  # the reader refuses control characters already here
    except yaml.YAMLError as exc:
        raise RuleProfileError(_yaml_problem(origin, exc)) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise RuleProfileError(_yaml_problem(origin, exc)) from None
    finally:
        loader.dispose()
    return Document(data, _rule_lines(node))
