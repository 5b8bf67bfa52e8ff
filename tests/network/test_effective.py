"""Effective ownership, cycles, ultimate owners and control on hand-built registries."""

from __future__ import annotations

import numpy as np
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.network import build_network
from tests.network.builder import TODAY, Registry


def effective(engine: Engine) -> dict[tuple[str, str], float]:
    rows = engine.query("SELECT owner_id, owned_id, share FROM effective_ownership").to_pylist()
    return {(r["owner_id"], r["owned_id"]): r["share"] for r in rows}


def metric(engine: Engine, entity: str) -> dict[str, object]:
    rows = engine.query(f"SELECT * FROM structure_metric WHERE entity_id = '{entity}'")
    return dict(rows.to_pylist()[0])


def test_chain_multiplies_shares(engine: Engine) -> None:
    (
        Registry().person("P").entity("A").entity("B").entity("C")
        .owns("P", "A", 60, owner_kind="person").owns("A", "B", 50).owns("B", "C", 40)
        .write(engine)
    )  # fmt: skip
    build_network(engine, as_of=TODAY)
    found = effective(engine)
    assert found[("P", "C")] == pytest.approx(12.0)
    assert found[("A", "C")] == pytest.approx(20.0)
    assert metric(engine, "C")["depth"] == 3
    assert metric(engine, "A")["depth"] == 1
    via = engine.scalar(
        "SELECT via_id FROM effective_ownership WHERE owner_id='P' AND owned_id='C'"
    )
    assert via == "B"


def test_diamond_sums_paths(engine: Engine) -> None:
    (
        Registry().person("P").entity("A").entity("B").entity("C")
        .owns("P", "A", 50, owner_kind="person").owns("P", "B", 50, owner_kind="person")
        .owns("A", "C", 40).owns("B", "C", 30)
        .write(engine)
    )  # fmt: skip
    build_network(engine, as_of=TODAY)
    assert effective(engine)[("P", "C")] == pytest.approx(35.0)
    owners = engine.query("SELECT * FROM ultimate_owner WHERE entity_id = 'C'").to_pylist()
    assert [(o["owner_id"], o["basis"], o["via"]) for o in owners] == [
        ("P", "ownership", "P > A > C")
    ]


def test_three_cycle_is_solved_in_closed_form(engine: Engine) -> None:
    registry = Registry().person("P").entity("X").entity("Y").entity("Z")
    registry.owns("X", "Y", 50).owns("Y", "Z", 50).owns("Z", "X", 50)
    registry.owns("P", "X", 50, owner_kind="person").write(engine)
    summary = build_network(engine, as_of=TODAY)
    found = effective(engine)
    # Each lap round the cycle multiplies by 1/8: X holds 0.5 / (1 - 1/8) = 4/7 of Y.
    assert found[("X", "Y")] == pytest.approx(100 * 4 / 7)
    assert found[("X", "Z")] == pytest.approx(100 * 2 / 7)
    assert found[("P", "X")] == pytest.approx(100 * 4 / 7)
    assert found[("P", "Z")] == pytest.approx(100 * 1 / 7)
    ids = ["P", "X", "Y", "Z"]
    shares = np.zeros((4, 4))
    for owner, owned in (("X", "Y"), ("Y", "Z"), ("Z", "X"), ("P", "X")):
        shares[ids.index(owner), ids.index(owned)] = 0.5
    closed = np.linalg.inv(np.eye(4) - shares) - np.eye(4)
    for (owner, owned), share in found.items():
        assert share == pytest.approx(100 * closed[ids.index(owner), ids.index(owned)])
    assert summary.cycles == 1
    assert metric(engine, "Y")["in_cycle"] is True
    assert metric(engine, "Y")["depth"] == 1


def test_cycle_that_owns_itself_entirely_is_reported(engine: Engine) -> None:
    Registry().entity("A").entity("B").owns("A", "B", 100).owns("B", "A", 100).write(engine)
    summary = build_network(engine, as_of=TODAY)
    assert summary.degenerate_cycles == 1
    assert summary.issues["circular holding without outside owner"] == 1


def test_threshold_and_ownerless_top(engine: Engine) -> None:
    registry = Registry().person("P1").person("P2").entity("T").entity("C").entity("D")
    registry.owns("P1", "C", 30, owner_kind="person").owns("P2", "C", 20, owner_kind="person")
    registry.owns("T", "D", 80).write(engine)
    build_network(engine, as_of=TODAY)
    rows = engine.query("SELECT entity_id, owner_id, owner_kind, basis FROM ultimate_owner "
                        "WHERE entity_id IN ('C', 'D') ORDER BY 1, 2").to_pylist()  # fmt: skip
    assert [(r["entity_id"], r["owner_id"]) for r in rows] == [("C", "P1"), ("D", "T")]
    assert rows[1]["owner_kind"] == "entity"
    assert rows[1]["basis"] == "top entity, no owner known"
    build_network(engine, as_of=TODAY, ubo_threshold=20.0)
    assert engine.count("SELECT count(*) FROM ultimate_owner WHERE entity_id = 'C'") == 2
    with pytest.raises(BorderLensError, match="ubo_threshold"):
        build_network(engine, ubo_threshold=0)


def test_control_by_board_appointment_and_majority(engine: Engine) -> None:
    registry = Registry().person("P").entity("E").entity("F").entity("G")
    registry.owns("P", "E", 60, owner_kind="person", interest="votingRights")
    registry.owns("E", "F", interest="appointmentOfBoard")
    registry.owns("F", "G", 30).write(engine)
    build_network(engine, as_of=TODAY)
    control = {
        (r["controller_id"], r["controlled_id"]): r
        for r in engine.query("SELECT * FROM control").to_pylist()
    }
    assert set(control) == {("P", "E"), ("E", "F"), ("P", "F")}
    assert "appointmentOfBoard" in control["E", "F"]["basis"]
    assert control["P", "E"]["basis"] == "majority of votes (60%)"
    assert control["P", "F"]["chain"] == "P > E > F"
    assert control["P", "F"]["direct"] is False
    owners = engine.query("SELECT * FROM ultimate_owner WHERE entity_id = 'F'").to_pylist()
    assert [(o["owner_id"], o["basis"], o["via"]) for o in owners] == [
        ("P", "control", "P > E > F")
    ]


def test_bods_spellings_ranges_and_ended_interests(engine: Engine) -> None:
    registry = Registry().person("P").person("Q").entity("A").entity("B")
    registry.owns("P", "A", 40, interest="voting-rights", owner_kind="person")
    registry.owns("P", "B", minimum=25, maximum=50, owner_kind="person")
    registry.owns("Q", "B", 60, owner_kind="person", end_date=TODAY.replace(year=2020))
    registry.write(engine)
    summary = build_network(engine, as_of=TODAY)
    found = effective(engine)
    assert found[("P", "A")] == pytest.approx(40.0)
    assert found[("P", "B")] == pytest.approx(37.5)
    assert ("Q", "B") not in found
    assert summary.interests_not_in_force == 1


def test_large_cycle_is_summed_as_a_converging_series(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("borderlens.network.effective.DENSE_LIMIT", 2)
    registry = Registry().entity("X").entity("Y").entity("Z")
    registry.owns("X", "Y", 50).owns("Y", "Z", 50).owns("Z", "X", 50).write(engine)
    summary = build_network(engine, as_of=TODAY)
    assert effective(engine)[("X", "Y")] == pytest.approx(100 * 4 / 7)
    assert summary.degenerate_cycles == 0


def test_mutual_control_ends(engine: Engine) -> None:
    registry = Registry().person("P").entity("A").entity("B").entity("C")
    registry.owns("A", "B", 60).owns("B", "A", 60).owns("B", "C", 70)
    registry.owns("P", "A", 40, owner_kind="person").write(engine)
    build_network(engine, as_of=TODAY)
    pairs = engine.query("SELECT controller_id, controlled_id, direct FROM control ORDER BY 1, 2")
    assert [tuple(r.values()) for r in pairs.to_pylist()] == [
        ("A", "B", True), ("A", "C", False), ("B", "A", True), ("B", "C", True)
    ]  # fmt: skip
