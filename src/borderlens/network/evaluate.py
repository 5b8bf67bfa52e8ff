"""Score the related-party findings against a world that knows its truth (the demo world).

A predicted entity maps to the true entity most of its linked source records belong to; a
predicted pair is right when its importer and seller map to a pair in ``truth_related_pair``.
"""

from __future__ import annotations

from typing import Any

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError

TRUE_ID_SQL = """
    SELECT entity_id, arg_max(true_entity_id, votes) AS true_id FROM (
        SELECT l.entity_id, t.true_entity_id, count(*) AS votes
        FROM entity_link l
        JOIN truth_entity t ON t.source_kind = l.source_kind AND t.source_key = l.source_key
        GROUP BY l.entity_id, t.true_entity_id
    ) GROUP BY entity_id"""


TRUE_TRADING_SQL = """
    SELECT DISTINCT ti.true_entity_id AS i, ts.true_entity_id AS s
    FROM declaration d
    JOIN truth_entity ti ON ti.source_kind = 'importer' AND ti.source_key = d.importer_id
    JOIN truth_entity ts ON ts.source_kind = 'seller' AND ts.source_key = d.seller_id"""
"""True importer/seller pairs that appear together on a declaration in the warehouse."""


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate_network(engine: Engine) -> dict[str, Any]:
    """Precision and recall of related importer/seller pairs, overall and per Art. 15.4 letter.

    ``recall`` counts the truly related pairs that trade on a declaration in the warehouse (the
    only pairs the network is asked about); ``recall_all`` counts every pair the truth lists,
    including pairs of the generated trade network that no declaration happens to use.

    Raises:
        BorderLensError: when the warehouse holds no ground truth to score against.
    """
    if not engine.count("SELECT count(*) FROM truth_related_pair"):
        raise BorderLensError(
            "cannot evaluate the network: the warehouse holds no ground truth "
            "(truth_related_pair is empty); run `borderlens demo` first"
        )
    predicted_rows = engine.query(f"""
        SELECT r.entity_a, r.entity_b, r.tests, a.true_id AS true_a, b.true_id AS true_b
        FROM related_party r
        LEFT JOIN ({TRUE_ID_SQL}) a ON a.entity_id = r.entity_a
        LEFT JOIN ({TRUE_ID_SQL}) b ON b.entity_id = r.entity_b""").to_pylist()
    truth_rows = engine.query(
        "SELECT importer_entity_id, seller_entity_id, relation FROM truth_related_pair"
    ).to_pylist()
    every = {(r["importer_entity_id"], r["seller_entity_id"]): r["relation"] for r in truth_rows}
    trading = {(r["i"], r["s"]) for r in engine.query(TRUE_TRADING_SQL).to_pylist()}
    truth = {pair: relation for pair, relation in every.items() if pair in trading}
    predicted: dict[tuple[str, str], str] = {}
    for row in predicted_rows:
        key = (row["true_a"] or f"?{row['entity_a']}", row["true_b"] or f"?{row['entity_b']}")
        letters = set(predicted.get(key, "").split(",")) | set(row["tests"].split(","))
        predicted[key] = ",".join(sorted(letters - {""}))
    hits = predicted.keys() & truth.keys()
    return {
        "predicted": len(predicted),
        "truth": len(truth),
        "true_positives": len(hits),
        "precision": _ratio(len(hits), len(predicted)),
        "recall": _ratio(len(hits), len(truth)),
        "truth_all": len(every),
        "recall_all": _ratio(len(hits), len(every)),
        "letters": _letters(truth, predicted),
        "false_positives": sorted(predicted.keys() - truth.keys())[:20],
        "missed": sorted(truth.keys() - predicted.keys())[:20],
    }


def _letters(
    truth: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str]
) -> dict[str, dict[str, int]]:
    """Per letter: truly related pairs with it, how many of them we gave it, how many extra."""
    letters: dict[str, dict[str, int]] = {}
    for pair, relation in truth.items():
        found = set(predicted.get(pair, "").split(","))
        for letter in relation.split(","):
            counts = letters.setdefault(letter, {"truth": 0, "found": 0, "extra": 0})
            counts["truth"] += 1
            counts["found"] += letter in found
    for pair, tests in predicted.items():
        expected = set(truth.get(pair, "").split(","))
        for letter in tests.split(","):
            counts = letters.setdefault(letter, {"truth": 0, "found": 0, "extra": 0})
            counts["extra"] += letter not in expected
    return dict(sorted(letters.items()))
