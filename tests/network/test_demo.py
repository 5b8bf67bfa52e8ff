"""The network stage on the demo world with perfect entity resolution, scored on its truth."""

from __future__ import annotations

from pathlib import Path

from borderlens.demo.run import run_demo
from borderlens.engine.base import Engine
from borderlens.network import build_network, evaluate_network


def test_demo_world_related_pairs_and_big_structure(engine: Engine, tmp_path: Path) -> None:
    run_demo(engine, tmp_path / "world", size="tiny")
    engine.execute(
        "INSERT INTO entity_link SELECT source_kind, source_key, true_entity_id, 1.0, 'truth', "
        "current_timestamp::TIMESTAMP FROM truth_entity"
    )
    summary = build_network(engine)
    assert summary.related_pairs > 0 and summary.cycles >= 1
    scores = evaluate_network(engine)
    assert scores["precision"] >= 0.95, scores
    assert scores["recall"] >= 0.95, scores
    for letter, counts in scores["letters"].items():
        assert counts["found"] >= 0.9 * counts["truth"], (letter, counts)
    big = engine.query(
        "SELECT * FROM structure_metric ORDER BY companies DESC LIMIT 1"
    ).to_pylist()[0]
    assert big["countries"] >= 23
    assert big["companies"] > 150
    assert big["individuals"] > 50
    assert big["secrecy_links"] > 0
    assert engine.count("SELECT count(*) FROM structure_metric WHERE in_cycle") > 0
    assert engine.count("SELECT count(*) FROM undeclared_relationship") > 0
