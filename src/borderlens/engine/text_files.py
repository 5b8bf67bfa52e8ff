"""Checks on a delimited text file before an engine reads it: encoding and header."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from borderlens.engine.base import CsvOptions
from borderlens.errors import UnreadableInputError

_SNIFF_BYTES = 1 << 20
_LIKELY_DELIMITERS = (",", ";", "\t", "|")


def check_encoding(path: Path, encoding: str) -> None:
    """Fail early when the start of the file is not in the expected encoding."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        raise UnreadableInputError(
            f"{path}: line {line} is not valid {encoding} (byte {exc.start}). Save the file "
            f'as {encoding}, or name its real encoding (for example encoding = "latin-1") '
            "in the mapping's [read] table."
        ) from exc


def read_header(path: Path, options: CsvOptions) -> list[str]:
    """The column names of a delimited file, or generated names when it has no header."""
    if not path.is_file():
        raise UnreadableInputError(f"{path}: no such file. Check the path and try again.")
    check_encoding(path, options.encoding)
    with path.open(encoding=options.encoding, newline="") as handle:
        first = next(csv.reader(handle, delimiter=options.delimiter, quotechar=options.quote), [])
    if not first or not any(cell.strip() for cell in first):
        raise UnreadableInputError(f"{path}: the file is empty; there is nothing to load.")
    if not options.header:
        return [f"column{index}" for index in range(1, len(first) + 1)]
    names = [cell.strip().lstrip("\ufeff") for cell in first]
    if len(set(names)) != len(names):
        repeated = sorted({name for name in names if names.count(name) > 1})
        raise UnreadableInputError(f"{path}: the header repeats column(s) {', '.join(repeated)}.")
    return names


def guess_delimiter(path: Path, encoding: str) -> str | None:
    """The delimiter that splits the first line into the most columns, for error hints."""
    with path.open(encoding=encoding, errors="replace") as handle:
        line = handle.readline()
    counts = {delimiter: line.count(delimiter) for delimiter in _LIKELY_DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else None
