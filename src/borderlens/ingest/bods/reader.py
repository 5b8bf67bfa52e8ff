"""Read a BODS file, a JSON array (a BODS package), one statement object, or JSON Lines.

A file that is not JSON at all, or JSON that holds no BODS statement, stops the load with an
:class:`UnreadableInputError` naming the line and column; in JSON Lines a line that does not
parse (typically the last one of a truncated file) is kept as a broken statement to quarantine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from borderlens.errors import UnreadableInputError

FileFormat = Literal["json", "jsonl"]
_BODS_KEYS = frozenset(
    {"statementID", "statementType", "statementId", "recordId", "recordType", "recordDetails"}
)
_HOW = (
    "A BODS file is a JSON array of statements (a BODS package), a single statement object, "
    "or JSON Lines with one statement per line."
)


@dataclass(frozen=True)
class RawStatement:
    """One statement as it stands in the file, before any check.

    ``number`` is the line (JSON Lines) or the 1-based array position, ``anchor`` the place a
    person looks for it (``$[12]`` or ``line 7``), ``error`` why a JSON line did not parse.
    """

    number: int
    anchor: str
    value: object
    source_text: str | None = None
    error: str | None = None

    def location(self, path: str) -> str:
        """Where a problem sits: ``$[12].interests[0].share.exact`` or ``line 7 $.subject``."""
        if self.anchor.startswith("$"):
            return self.anchor + path
        return f"{self.anchor} ${path}" if path else self.anchor

    def text(self) -> str:
        """The statement's JSON text, as written for a JSON line."""
        if self.source_text is not None:
            return self.source_text
        return json.dumps(self.value, ensure_ascii=False)


@dataclass(frozen=True)
class Document:
    """The statements of one file and the layout they came in."""

    file_format: FileFormat
    statements: list[RawStatement]


def looks_like_bods(value: object) -> bool:
    """Whether a JSON value is an object carrying any key that marks a BODS statement."""
    return isinstance(value, dict) and not _BODS_KEYS.isdisjoint(value)


def read_document(path: Path) -> Document:
    """Every statement of a BODS file, in file order."""
    content = _decode(path)
    start = content.lstrip()[:1]
    if start not in ("[", "{"):
        where = "the file is empty" if not start else f"it starts with {start!r}"
        raise UnreadableInputError(f"{path}: not BODS JSON ({where}). {_HOW}")
    try:
        value = json.loads(content)
    except json.JSONDecodeError as exc:
        if _first_line_is_json(content, exc):
            return _json_lines(path, content)
        raise _invalid(path, exc) from exc
    if isinstance(value, list):
        statements = [
            RawStatement(index + 1, f"$[{index}]", item) for index, item in enumerate(value)
        ]
        document = Document("json", statements)
    elif looks_like_bods(value):
        document = Document("json", [RawStatement(1, "$", value)])
    else:
        keys = ", ".join(sorted(value)[:8]) if isinstance(value, dict) else ""
        raise UnreadableInputError(
            f"{path}: a JSON object that is not a BODS statement (keys: {keys or 'none'}). {_HOW}"
        )
    _require_statements(path, document)
    return document


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableInputError(
            f"{path}: line {line}, column {column}: not UTF-8 text ({exc.reason}). "
            "BODS files are UTF-8: convert the file (for example with iconv) and load it again."
        ) from exc


def _invalid(path: Path, exc: json.JSONDecodeError) -> UnreadableInputError:
    return UnreadableInputError(
        f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg}). "
        f"Fix the file there (or export it again) and load it again. {_HOW}"
    )


def _first_line_is_json(content: str, error: json.JSONDecodeError) -> bool:
    """JSON Lines: the first line is a whole JSON value and more follows after it."""
    first = next((line for line in content.split("\n") if line.strip()), "")
    if not first.lstrip().startswith("{") and error.msg != "Extra data":
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True


def _json_lines(path: Path, content: str) -> Document:
    statements: list[RawStatement] = []
    for number, line in enumerate(content.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            statements.append(RawStatement(number, f"line {number}", json.loads(line), line))
        except json.JSONDecodeError as exc:
            error = f"not valid JSON at column {exc.colno} ({exc.msg}); the line may be truncated"
            statements.append(RawStatement(number, f"line {number}", None, line, error))
    document = Document("jsonl", statements)
    _require_statements(path, document)
    return document


def _require_statements(path: Path, document: Document) -> None:
    """A non-empty file where no item looks like a statement is not BODS: stop before loading."""
    if document.statements and not any(looks_like_bods(s.value) for s in document.statements):
        first = document.statements[0]
        raise UnreadableInputError(
            f"{path}: no BODS statement found (the first item, at {first.anchor}, has none of "
            f"{', '.join(sorted(_BODS_KEYS))}). {_HOW}"
        )
