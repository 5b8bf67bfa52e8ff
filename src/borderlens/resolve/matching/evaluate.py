"""Score the resolved entities against a ground truth: pairwise precision, recall and F1.

A pair is two source records in one entity. Precision is the share of predicted pairs that
are truly one entity; recall the share of true pairs that were predicted. Only source records
present in both ``entity_link`` and ``truth_entity`` are scored.
"""

from __future__ import annotations

from typing import Any

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError

PAIR_COUNTS_SQL = """
WITH scored AS (
    SELECT l.entity_id, t.true_entity_id
    FROM entity_link l
    JOIN truth_entity t ON t.source_kind = l.source_kind AND t.source_key = l.source_key
    WHERE t.entity_kind = '{kind}'
),
predicted AS (SELECT count(*) AS n FROM scored GROUP BY entity_id),
truth AS (SELECT count(*) AS n FROM scored GROUP BY true_entity_id),
agreed AS (SELECT count(*) AS n FROM scored GROUP BY entity_id, true_entity_id)
SELECT
    (SELECT count(*) FROM scored) AS records,
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM predicted) AS predicted_pairs,
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM truth) AS true_pairs,
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM agreed) AS correct_pairs
"""


def evaluate_resolve(engine: Engine) -> dict[str, dict[str, Any]]:
    """Pairwise precision, recall and F1 of companies and persons against ``truth_entity``.

    With no predicted pairs precision counts as 1.0, with no true pairs recall does: a
    registry without duplicates is scored only on not merging distinct records.

    Returns:
        ``{"company": {"records", "predicted_pairs", "true_pairs", "correct_pairs",
        "precision", "recall", "f1"}, "person": {...}}``

    Raises:
        BorderLensError: when the warehouse holds no ground truth to score against.
    """
    if not engine.count("SELECT count(*) FROM truth_entity"):
        raise BorderLensError(
            "cannot evaluate entity resolution: the warehouse holds no ground truth "
            "(truth_entity is empty); run `borderlens demo` first"
        )
    scores: dict[str, dict[str, Any]] = {}
    for kind in ("company", "person"):
        row = engine.query(PAIR_COUNTS_SQL.format(kind=kind)).to_pylist()[0]
        counts = {name: int(value or 0) for name, value in row.items()}
        precision = (
            counts["correct_pairs"] / counts["predicted_pairs"]
            if counts["predicted_pairs"]
            else 1.0
        )
        recall = counts["correct_pairs"] / counts["true_pairs"] if counts["true_pairs"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {**counts, "precision": precision, "recall": recall, "f1": f1}
    return scores
