"""Bad registry input is reported, never a crash and never a silent drop."""

from __future__ import annotations

from borderlens.engine.base import Engine
from borderlens.network import build_network
from tests.network.builder import TODAY, Registry


def test_bad_relations_are_reported(engine: Engine) -> None:
    registry = Registry().person("P").entity("A").entity("B").entity("N", name=None)
    registry.owns("ghost", "A", 30)  # unknown owner
    registry.owns("P", "nowhere", 40, owner_kind="person")  # unknown owned
    registry.owns("P", "A", -5, owner_kind="person")
    registry.owns("P", "B", 140, owner_kind="person")
    registry.owns("A", "A", 20)  # self-ownership
    registry.owns("P", "N", 60, owner_kind="person").owns("A", "N", 60)  # 120% of N
    registry.write(engine)
    summary = build_network(engine, as_of=TODAY)
    assert summary.issues == {
        "entity without name": 1, "negative share": 1, "over-allocated": 1,
        "self-ownership": 1, "share over 100%": 1, "unknown owned": 1, "unknown owner": 1,
    }  # fmt: skip
    assert summary.unnamed_entities == 1
    assert summary.unknown_parties == 2
    assert summary.edges_without_share == 2
    issues = engine.query("SELECT * FROM network_issue").to_pylist()
    assert {i["record_id"] for i in issues if i["issue"] == "unknown owner"} == {"ghost"}
    assert all(i["model_version"] == "related-party-v1" for i in issues)
    owned_by_ghost = engine.count(
        "SELECT count(*) FROM effective_ownership WHERE owner_id = 'ghost' AND owned_id = 'A'"
    )
    assert owned_by_ghost == 1
    assert engine.count("SELECT count(*) FROM effective_ownership WHERE owned_id = owner_id") == 0


def test_empty_warehouse(engine: Engine) -> None:
    summary = build_network(engine, as_of=TODAY)
    assert summary.entities == 0 and summary.related_pairs == 0 and summary.issues == {}
