"""Analysts' verdicts on pairs of source records: append-only, and they overrule the model.

A ``reject`` keeps the two records in different entities on every later run; a ``confirm``
puts them in one. A correction is a new judgement: the latest verdict on a pair wins.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.resolve.matching.clusters import Judgements, SourceRecord

Verdict = Literal["confirm", "reject"]

JUDGEMENT_SCHEMA = pa.schema(
    [
        ("judgement_id", pa.string()),
        ("source_kind_a", pa.string()),
        ("source_key_a", pa.string()),
        ("source_kind_b", pa.string()),
        ("source_key_b", pa.string()),
        ("verdict", pa.string()),
        ("analyst", pa.string()),
        ("reason", pa.string()),
        ("decided_at", pa.timestamp("us")),
    ]
)


def record_judgement(
    engine: Engine,
    a: SourceRecord,
    b: SourceRecord,
    verdict: Verdict,
    *,
    analyst: str,
    reason: str = "",
    decided_at: dt.datetime | None = None,
) -> str:
    """Append an analyst's verdict that records ``a`` and ``b`` are (not) one entity.

    Args:
        engine: the warehouse.
        a: ``(source_kind, source_key)`` of one record, e.g. ``("seller", "S000051")``.
        b: the other record, e.g. ``("registry", "5276578b4e8a")``.
        verdict: ``confirm`` (same entity) or ``reject`` (different entities).
        analyst: who decided.
        reason: why, in the analyst's words.
        decided_at: when (now, in UTC, when omitted).

    Returns:
        The new judgement's id. Example:
        ``record_judgement(engine, ("seller", "S1"), ("seller", "S2"), "reject", analyst="nino")``
    """
    if verdict not in ("confirm", "reject"):
        raise BorderLensError(f"verdict must be 'confirm' or 'reject', not {verdict!r}")
    if a == b:
        raise BorderLensError(f"a judgement needs two different records; got {a} twice")
    if not analyst.strip():
        raise BorderLensError("a judgement needs the analyst who made it")
    judgement_id = uuid.uuid4().hex
    when = decided_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    row = {
        "judgement_id": judgement_id,
        "source_kind_a": a[0],
        "source_key_a": a[1],
        "source_kind_b": b[0],
        "source_key_b": b[1],
        "verdict": verdict,
        "analyst": analyst,
        "reason": reason,
        "decided_at": when,
    }
    engine.write_arrow("match_judgement", pa.Table.from_pylist([row], JUDGEMENT_SCHEMA))
    return judgement_id


def load_judgements(engine: Engine) -> Judgements:
    """The latest verdict on every judged pair."""
    rows = engine.query(
        "SELECT * FROM match_judgement ORDER BY decided_at, judgement_id"
    ).to_pylist()
    latest: dict[frozenset[SourceRecord], str] = {}
    for row in rows:
        pair = frozenset(
            (
                (row["source_kind_a"], row["source_key_a"]),
                (row["source_kind_b"], row["source_key_b"]),
            )
        )
        latest[pair] = row["verdict"]
    return Judgements(
        confirmed=frozenset(pair for pair, verdict in latest.items() if verdict == "confirm"),
        rejected=frozenset(pair for pair, verdict in latest.items() if verdict == "reject"),
    )
