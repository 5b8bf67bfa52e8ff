"""Each WTO Valuation Agreement Art. 15.4 test, with its evidence, and undeclared relations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.network import MODEL_VERSION, build_network, entity_profile
from tests.network.builder import TODAY, Registry


def pair_with(build: Any) -> Registry:
    registry = Registry().entity("I").entity("S", country="TR")
    build(registry)
    return registry.trade("I", "S")


def related(engine: Engine) -> dict[str, Any]:
    rows = engine.query("SELECT * FROM related_party").to_pylist()
    assert len(rows) <= 1
    if not rows:
        return {}
    row = dict(rows[0])
    row["evidence"] = {f["test"]: f for f in json.loads(row["evidence"])}
    return row


CASES = {
    "a": lambda r: r.person("D").role("D", "director", "I").role("D", "officer", "S", "cfo"),
    "b": lambda r: r.entity("JV").role("I", "partner", "JV").role("S", "partner", "JV"),
    "c": lambda r: r.person("I2").role("I", "employee", "S"),
    "d": lambda r: r.person("O").owns("O", "I", 5, owner_kind="person").owns("O", "S", 30,
                                                                           owner_kind="person"),
    "e": lambda r: r.entity("M").owns("S", "M", 70).owns("M", "I", 80),
    "f": lambda r: r.entity("H").owns("H", "I", 51, interest="votingRights").owns(
        "H", "S", interest="appointmentOfBoard"),
    "g": lambda r: r.entity("X").owns("I", "X", 30).owns("S", "X", 30),
    "h": lambda r: r.person("A").person("B").owns("A", "I", 10, owner_kind="person").role(
        "B", "director", "S").role("A", "family", "B", "sibling"),
}  # fmt: skip


@pytest.mark.parametrize("letter", sorted(CASES))
def test_each_letter(engine: Engine, letter: str) -> None:
    pair_with(CASES[letter]).write(engine)
    build_network(engine, as_of=TODAY)
    found = related(engine)
    assert found["entity_a"] == "I" and found["entity_b"] == "S"
    assert letter in found["tests"].split(",")
    assert found["model_version"] == MODEL_VERSION
    evidence = found["evidence"][letter]
    assert evidence["text"]
    if letter == "a":
        assert evidence["person"] == "D" and "officer (cfo)" in evidence["roles"][1]
    if letter == "d":
        assert evidence["owner"] == "O" and evidence["shares"] == [5.0, 30.0]
        assert evidence["chains"][0]["path"] == ["O", "I"]
        assert evidence["chains"][0]["records"] == ["R1"]
    if letter == "e":
        assert evidence["chain"]["path"] == ["S", "M", "I"]
    if letter == "f":
        assert evidence["controller"] == "H"
        assert "appointmentOfBoard" in evidence["chains"][1]["basis"][0]
    if letter == "g":
        assert evidence["controlled"] == "X" and evidence["shares"] == [30.0, 30.0]
    if letter == "h":
        assert evidence["persons"] == ["A", "B"] and "sibling" in evidence["tie"]


def test_below_five_percent_ended_roles_and_strangers_are_not_related(engine: Engine) -> None:
    registry = pair_with(lambda r: r.person("O").owns("O", "I", 4.9, owner_kind="person").owns(
        "O", "S", 50, owner_kind="person").person("D").role("D", "director", "I").role(
        "D", "director", "S", end_date=TODAY.replace(year=2021)))  # fmt: skip
    registry.entity("U").trade("I", "U").write(engine)
    summary = build_network(engine, as_of=TODAY)
    assert summary.trading_pairs == 2
    assert summary.related_pairs == 0


def test_undeclared_relationship(engine: Engine) -> None:
    registry = pair_with(CASES["e"]).trade("I", "S", declared_related=True)
    registry.trade("I", "S", declared_related=None, items=2).write(engine)
    summary = build_network(engine, as_of=TODAY)
    rows = engine.query(
        "SELECT * FROM undeclared_relationship ORDER BY declaration_id, item_no"
    ).to_pylist()
    assert [(r["declaration_id"], r["item_no"]) for r in rows] == [
        ("D0001", 1),
        ("D0003", 1),
        ("D0003", 2),
    ]
    assert rows[0]["tests"] == "e" and rows[0]["importer_entity_id"] == "I"
    assert summary.undeclared_declarations == 2 and summary.undeclared_items == 3


def test_entity_profile(engine: Engine) -> None:
    pair_with(CASES["e"]).write(engine)
    build_network(engine, as_of=TODAY)
    profile = entity_profile(engine, "I")
    assert profile["registry"][0]["name"] == "I Ltd"
    assert {o["owner_id"] for o in profile["owners"]} == {"M", "S"}
    assert profile["ultimate_owners"][0]["owner_id"] == "S"
    assert profile["structure"]["depth"] == 2
    assert profile["related_parties"][0]["evidence"][0]["test"] == "e"
    with pytest.raises(BorderLensError, match="no entity"):
        entity_profile(engine, "nobody")
