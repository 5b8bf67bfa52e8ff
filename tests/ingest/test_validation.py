"""Validation SQL written for speed means exactly what its plain form means, on both engines."""

from __future__ import annotations

import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.ingest.validation import trimmed

# Values trim leaves alone, values it shortens (every kind of Unicode space at either end)
# and values it must not touch (tabs, zero-width space, spaces inside).
PADDED = [
    "",
    " ",
    "a",
    "a b",
    " a",
    "a ",
    "  a  ",
    "\u00a0a",
    "a\u00a0",
    "\u3000a\u3000",
    "\u2000\u200a",
    "\u1680a\u202f",
    "a\u205f",
    "\ta\t",
    "a\u200b",
    "é",
    " é ",
    "日本",
    "!",
    None,
]


def mismatches(engine: Engine) -> list[dict[str, object]]:
    engine.write_arrow("padded", pa.table({"x": pa.array(PADDED, pa.string())}), "replace")
    rows = engine.query(
        f"SELECT x, nullif(trim(x), '') AS plain, {trimmed('x')} AS fast FROM padded"
    ).to_pylist()
    assert len(rows) == len(PADDED)
    return [row for row in rows if row["plain"] != row["fast"]]


def test_trimming_only_padded_values_equals_trimming_all(engine: Engine) -> None:
    assert mismatches(engine) == []


@pytest.mark.spark
def test_trimming_only_padded_values_equals_trimming_all_on_spark(spark_engine: Engine) -> None:
    assert mismatches(spark_engine) == []
