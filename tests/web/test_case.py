"""The case page and /api/cases over the case world: reasons, histories, the diagram with its
related-party evidence and the route, explanation on view, unknown items and who may look."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.review.roles import Role
from tests.review.conftest import CaseBench, CaseWorld, case_world_of, open_case_bench

CASEWORK = (
    '<section id="casework" hx-get="/cases/{id}/{item}/work" hx-trigger="load" '
    'hx-swap="innerHTML"></section>'
)


@pytest.fixture(scope="module")
def world(request: pytest.FixtureRequest) -> CaseWorld:
    return case_world_of(request)


@pytest.fixture
def web(world: CaseWorld, tmp_path: Path) -> Iterator[CaseBench]:
    opened = open_case_bench(world, tmp_path / "case-web")
    yield opened
    opened.close()


def related_red_item(web: CaseBench) -> tuple[str, int]:
    """A red item whose importer and seller are related and whose explanation is stored."""
    row = web.store.row(
        "SELECT u.declaration_id, u.item_no FROM undeclared_relationship u "
        "JOIN risk_selection s USING (declaration_id, item_no) WHERE s.channel = 'red' "
        "AND EXISTS (SELECT 1 FROM risk_explanation e WHERE e.declaration_id = u.declaration_id "
        "AND e.item_no = u.item_no) ORDER BY s.fraud_probability DESC LIMIT 1"
    )
    assert row is not None, "the tiny world has a red item with an undeclared related seller"
    return row["declaration_id"], row["item_no"]


def script_json(html: str, block: str) -> object:
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
    assert found is not None, f"no #{block} block"
    return json.loads(found[1])


def test_the_case_json_has_reasons_histories_diagram_and_route(web: CaseBench) -> None:
    declaration_id, item_no = related_red_item(web)
    answer = web.client(Role.ANALYST).get(f"/api/cases/{declaration_id}/{item_no}")
    assert answer.status_code == 200
    case = answer.json()
    assert case["declaration"]["declaration_id"] == declaration_id
    reasons = case["reasons"]
    assert reasons["selection"]["channel"] == "red" and reasons["score"]["fraud_probability"] > 0
    assert [factor["rank"] for factor in reasons["factors"]] == list(
        range(1, len(reasons["factors"]) + 1)
    )
    assert any(hit["rule_id"] == "undeclared-related-seller" for hit in reasons["rule_hits"])
    for role in ("importer", "seller"):
        history = case[f"{role}_history"]
        assert history["role"] == role and history["party_id"] == case["declaration"][f"{role}_id"]
        assert {"declarations", "inspected", "frauds", "recent"} <= set(history)
    diagram = case["diagram"]
    node_ids = {node["id"] for node in diagram["nodes"]}
    assert {diagram["importer"], diagram["seller"]} <= node_ids
    assert any(node["highlighted"] for node in diagram["nodes"])
    assert any(edge["highlighted"] for edge in diagram["edges"])
    assert diagram["evidence"]["findings"] and diagram["evidence"]["declared_related"] is False
    route = case["route"]
    assert (
        route["origin"]["numeric"] and route["post"]["post_id"] == case["declaration"]["office_id"]
    )


def test_the_case_page_lays_out_every_part(web: CaseBench) -> None:
    declaration_id, item_no = related_red_item(web)
    client = web.client(Role.ANALYST)
    html = client.get(f"/cases/{declaration_id}/{item_no}").text
    for part in ('id="case-reasons"', 'id="ownership-diagram"', 'id="route-map"'):
        assert part in html
    assert CASEWORK.format(id=declaration_id, item=item_no) in html
    case = client.get(f"/api/cases/{declaration_id}/{item_no}").json()
    assert script_json(html, "diagram-data") == case["diagram"]
    assert script_json(html, "route-data") == case["route"]
    for node in case["diagram"]["nodes"]:
        assert f'href="/entities/{node["id"]}"' in html
    for factor in case["reasons"]["factors"]:
        assert factor["feature"] in html
    assert "/vendor/cytoscape.min.js" in html and "/vendor/leaflet.css" in html
    assert "<script>" not in html, "the CSP runs no inline script"


def test_a_case_without_explanation_is_explained_when_viewed(
    web: CaseBench, world: CaseWorld
) -> None:
    declaration_id, item_no = world.unexplained_red[-1]

    def stored() -> int:
        return int(
            web.store.value(
                "SELECT count(*) FROM risk_explanation WHERE declaration_id = ? AND item_no = ?",
                [declaration_id, item_no],
            )
        )

    before = web.store.value("SELECT count(*) FROM risk_explanation")
    assert stored() == 0
    page = web.client(Role.ANALYST).get(f"/cases/{declaration_id}/{item_no}")
    assert page.status_code == 200 and "Explained when this case was opened" in page.text
    assert stored() > 0
    assert web.store.value("SELECT count(*) FROM risk_explanation") == before + stored()


def test_an_unknown_item_is_a_clear_404(web: CaseBench) -> None:
    client = web.client(Role.ANALYST)
    answer = client.get("/api/cases/NO-SUCH-DECLARATION/7")
    assert answer.status_code == 404
    assert "no declaration NO-SUCH-DECLARATION with goods item 7" in answer.json()["detail"]
    page = client.get("/cases/NO-SUCH-DECLARATION/7")
    assert page.status_code == 404 and "No such declaration item" in page.text


def test_who_may_open_a_case(web: CaseBench) -> None:
    declaration_id, item_no = related_red_item(web)
    path = f"/cases/{declaration_id}/{item_no}"
    admin = web.client(Role.ADMIN)
    assert admin.get(path).status_code == 403
    assert admin.get(f"/api{path}").status_code == 403
    anonymous = web.client()
    redirect = anonymous.get(path, follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"].startswith("/login?next=")
    assert anonymous.get(f"/api{path}").status_code == 401
    assert web.client(Role.AUDITOR).get(path).status_code == 200
