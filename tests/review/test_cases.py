"""The case read model on the case world: every reason, explanation on view, the traders'
record, the ownership diagram with its related-party evidence, and the route."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry

from borderlens.review.advice import EXPLORATION_REASON
from borderlens.review.cases import read_case
from borderlens.review.decisions import Finding, record_decision, record_outcome
from borderlens.review.diagram import MAX_NODES
from borderlens.warehouse.store import Store
from tests.review.conftest import CaseWorld

ENTITY_ID = re.compile(r"\bE[0-9A-F]{16}\b")


def explained_red(store: Store) -> tuple[str, int]:
    row = store.row(
        "SELECT s.declaration_id, s.item_no FROM risk_selection s WHERE s.channel = 'red' "
        "AND s.picked_by LIKE 'policy:%' AND EXISTS (SELECT 1 FROM risk_explanation e WHERE "
        "e.declaration_id = s.declaration_id AND e.item_no = s.item_no) "
        "ORDER BY s.fraud_probability DESC LIMIT 1"
    )
    assert row is not None
    return row["declaration_id"], row["item_no"]


def explanation_rows(store: Store, key: tuple[str, int]) -> int:
    return int(
        store.value(
            "SELECT count(*) FROM risk_explanation WHERE declaration_id = ? AND item_no = ?",
            list(key),
        )
    )


def test_a_red_case_carries_scores_selection_and_every_stored_factor(
    case_store: Store, case_world: CaseWorld
) -> None:
    key = explained_red(case_store)
    case = read_case(case_store, case_world.model_dir, *key)
    assert case is not None and case.declaration["declaration_id"] == key[0]
    reasons = case.reasons
    score = case_store.row(
        "SELECT * FROM risk_score WHERE declaration_id = ? AND item_no = ?", list(key)
    )
    assert score is not None and reasons.score is not None
    assert reasons.score.fraud_probability == score["fraud_probability"]
    assert reasons.score.expected_revenue == score["expected_revenue"]
    assert reasons.selection is not None and reasons.selection.channel == "red"
    assert reasons.selection.picked_by == "model" and not reasons.selection.exploration
    stored = case_store.rows(
        "SELECT rank, text, contribution FROM risk_explanation WHERE declaration_id = ? "
        "AND item_no = ? AND model_version = ? ORDER BY rank",
        [*key, score["model_version"]],
    )
    assert [(f.rank, f.text, f.contribution) for f in reasons.factors] == [
        (row["rank"], row["text"], row["contribution"]) for row in stored
    ]
    assert reasons.explanation_note == ""


def test_rule_hits_and_exploration_are_reasons_too(
    case_store: Store, case_world: CaseWorld
) -> None:
    hit = case_store.row(
        "SELECT declaration_id, item_no, rule_id, reason FROM risk_rule_hit "
        "ORDER BY rule_id LIMIT 1"
    )
    assert hit is not None
    case = read_case(case_store, case_world.model_dir, hit["declaration_id"], hit["item_no"])
    assert case is not None
    assert (hit["rule_id"], hit["reason"]) in {
        (h.rule_id, h.reason) for h in case.reasons.rule_hits
    }
    assert all(h.rule_version is not None for h in case.reasons.rule_hits)
    drawn = case_store.row(
        "SELECT declaration_id, item_no, propensity FROM risk_selection "
        "WHERE picked_by = 'exploration' LIMIT 1"
    )
    assert drawn is not None
    case = read_case(case_store, case_world.model_dir, drawn["declaration_id"], drawn["item_no"])
    assert case is not None and case.reasons.selection is not None
    assert case.reasons.selection.exploration
    assert case.reasons.selection.propensity == drawn["propensity"] < 1
    assert case.reasons.exploration_note.startswith(EXPLORATION_REASON)


def test_a_case_without_explanation_is_explained_on_view(
    case_store: Store, case_world: CaseWorld
) -> None:
    key = case_world.unexplained_red[0]
    assert explanation_rows(case_store, key) == 0
    case = read_case(case_store, case_world.model_dir, *key)
    assert case is not None and case.reasons.factors
    assert case.reasons.explanation_note == "explained when this case was opened"
    stored = explanation_rows(case_store, key)
    assert stored == len(case.reasons.factors)
    again = read_case(case_store, case_world.model_dir, *key)
    assert again is not None and again.reasons.explanation_note == ""
    assert explanation_rows(case_store, key) == stored


def test_without_the_model_artifact_the_case_says_why(case_store: Store, tmp_path: Path) -> None:
    row = case_store.row(
        "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'yellow' LIMIT 1"
    )
    assert row is not None
    key = (row["declaration_id"], row["item_no"])
    case = read_case(case_store, tmp_path / "no-models", *key)
    assert case is not None and case.reasons.factors == []
    assert case.reasons.explanation_note.startswith("the model that scored this item")
    assert str(tmp_path / "no-models") in case.reasons.explanation_note
    assert explanation_rows(case_store, key) == 0


def test_histories_count_earlier_declarations_inspections_and_outcomes(
    case_store: Store, case_world: CaseWorld
) -> None:
    row = case_store.row(
        "SELECT declaration_id, item_no, importer_id, declaration_date FROM declaration d "
        "WHERE (SELECT count(DISTINCT declaration_id) FROM declaration e WHERE "
        "e.importer_id = d.importer_id AND e.declaration_date < d.declaration_date) >= 3 "
        "ORDER BY declaration_date DESC, declaration_id LIMIT 1"
    )
    assert row is not None
    earlier = case_store.row(
        "SELECT count(DISTINCT declaration_id) AS declarations, "
        "count(*) FILTER (WHERE inspected) AS inspected, "
        "count(*) FILTER (WHERE fraud_label = 1) AS frauds FROM declaration "
        "WHERE importer_id = ? AND declaration_date <= ? AND declaration_id <> ?",
        [row["importer_id"], row["declaration_date"], row["declaration_id"]],
    )
    assert earlier is not None
    previous = case_store.row(
        "SELECT declaration_id, item_no FROM declaration WHERE importer_id = ? "
        "AND declaration_date < ? ORDER BY declaration_date DESC LIMIT 1",
        [row["importer_id"], row["declaration_date"]],
    )
    assert previous is not None
    record_decision(case_store, previous["declaration_id"], previous["item_no"], "inspect",
                    "checked", officer="analyst", client="tests")  # fmt: skip
    record_outcome(case_store, previous["declaration_id"], previous["item_no"],
                   Finding("hit", "undervalued invoice", 120.0, seizure=True),
                   officer="analyst", client="tests")  # fmt: skip
    case = read_case(case_store, case_world.model_dir, row["declaration_id"], row["item_no"])
    assert case is not None
    history = case.importer_history
    assert history.declarations == earlier["declarations"] >= 3
    assert (history.inspected, history.frauds) == (earlier["inspected"], earlier["frauds"])
    assert history.outcomes == {"hit": 1} and history.seizures == 1
    assert history.outcome_revenue == 120.0
    assert previous["declaration_id"] in {recent.declaration_id for recent in history.recent}
    assert all(recent.declaration_date <= row["declaration_date"] for recent in history.recent)
    assert case.seller_history.role == "seller"


def test_the_diagram_highlights_the_related_party_evidence(
    case_store: Store, case_world: CaseWorld
) -> None:
    found = case_store.row(
        "SELECT declaration_id, item_no, importer_entity_id, seller_entity_id, evidence "
        "FROM undeclared_relationship ORDER BY length(evidence) DESC LIMIT 1"
    )
    assert found is not None, "the tiny world has an undeclared related seller"
    case = read_case(case_store, case_world.model_dir, found["declaration_id"], found["item_no"])
    assert case is not None
    diagram = case.diagram
    nodes = {node.id: node for node in diagram.nodes}
    assert {found["importer_entity_id"], found["seller_entity_id"]} <= set(nodes)
    assert "importer" in nodes[found["importer_entity_id"]].roles
    assert diagram.evidence is not None and diagram.evidence.declared_related is False
    highlighted = {node.id for node in diagram.nodes if node.highlighted}
    assert set(ENTITY_ID.findall(found["evidence"])) <= highlighted
    assert any(edge.highlighted for edge in diagram.edges)
    assert any(not node.highlighted for node in diagram.nodes) or len(nodes) == len(highlighted)
    for edge in diagram.edges:
        assert edge.source in nodes and edge.target in nodes
    named = [text for text in [f.text for f in diagram.evidence.findings] if ENTITY_ID.search(text)]
    assert named == [], "the evidence cites names, not entity ids"
    assert len(diagram.nodes) <= MAX_NODES
    assert all(node.url == f"/entities/{node.id}" for node in diagram.nodes)
    assert case.importer_entity is not None
    assert case.importer_entity.entity_id == found["importer_entity_id"]


def test_owners_and_ultimate_owners_are_drawn(case_store: Store, case_world: CaseWorld) -> None:
    owned = case_store.row(
        "SELECT d.declaration_id, d.item_no, u.owner_id FROM declaration d "
        "JOIN entity_link l ON l.source_kind = 'importer' AND l.source_key = d.importer_id "
        "JOIN ultimate_owner u ON u.entity_id = l.entity_id LIMIT 1"
    )
    assert owned is not None
    case = read_case(case_store, case_world.model_dir, owned["declaration_id"], owned["item_no"])
    assert case is not None
    owner = next(node for node in case.diagram.nodes if node.id == owned["owner_id"])
    assert any(role.startswith("ultimate owner of the importer") for role in owner.roles)
    assert any(edge.source == owner.id for edge in case.diagram.edges)


def test_the_route_names_countries_by_iso_numeric_and_finds_the_post(
    case_store: Store, case_world: CaseWorld
) -> None:
    row = case_store.row(
        "SELECT d.declaration_id, d.item_no, d.origin_country, d.departure_country, "
        "p.latitude, p.longitude FROM declaration d JOIN border_post p ON p.post_id = d.office_id "
        "WHERE d.origin_country <> d.departure_country LIMIT 1"
    )
    assert row is not None
    case = read_case(case_store, case_world.model_dir, row["declaration_id"], row["item_no"])
    assert case is not None
    route = case.route
    assert route.origin is not None and route.departure is not None and route.post is not None
    assert route.origin.numeric == pycountry.countries.get(alpha_2=row["origin_country"]).numeric
    assert route.departure.code == row["departure_country"]
    assert (route.post.latitude, route.post.longitude) == (row["latitude"], row["longitude"])
    assert route.notes == []


def test_an_unknown_item_has_no_case(case_store: Store, case_world: CaseWorld) -> None:
    assert read_case(case_store, case_world.model_dir, "NO-SUCH-DECLARATION", 1) is None
