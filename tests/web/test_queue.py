"""The queue page and /api/queue over the case world: the selected rows, filters, sorts and
pages through HTTP, hostile parameters, and who may see the queue."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from borderlens.review.roles import Role
from tests.review.conftest import CaseBench, CaseWorld, case_world_of, open_case_bench

QUEUED = {"red", "yellow", "blue"}
PAYLOADS = (
    "' OR '1'='1",
    "red' OR 1=1 --",
    "1; DROP TABLE risk_selection; --",
    "%",
    "_",
    "\\",
    "probability DESC, (SELECT 1)",
    "0 UNION SELECT * FROM app_user",
    "<script>alert(1)</script>",
)
PARAMETERS = ("channel", "office", "picked_by", "status", "q", "sort", "order", "page")


@pytest.fixture(scope="module")
def world(request: pytest.FixtureRequest) -> CaseWorld:
    return case_world_of(request)


@pytest.fixture(scope="module")
def web(world: CaseWorld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseBench]:
    """Read-only tests share one copy of the world."""
    opened = open_case_bench(world, tmp_path_factory.mktemp("queue-web"))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def analyst(web: CaseBench) -> TestClient:
    return web.client(Role.ANALYST)


class QueueRows(HTMLParser):
    """The (declaration id, item) of each ``#queue-table`` row and the main navigation links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[tuple[str, int]] = []
        self.navigation: list[str] = []
        self._in_nav = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and "data-declaration-id" in values:
            self.rows.append(
                (values["data-declaration-id"] or "", int(values["data-item-no"] or 0))
            )
        elif tag == "nav" and values.get("aria-label") == "Main":
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self.navigation.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = False


def keys(answer: dict[str, Any]) -> list[tuple[str, int]]:
    return [(row["declaration_id"], row["item_no"]) for row in answer["rows"]]


def test_the_queue_page_shows_the_selected_rows_of_its_json_twin(
    web: CaseBench, analyst: TestClient
) -> None:
    page = analyst.get("/queue")
    assert page.status_code == 200
    parsed = QueueRows(page.text)
    twin = analyst.get("/api/queue").json()
    assert parsed.rows == keys(twin) and len(parsed.rows) == twin["page_size"] == 50
    assert {row["channel"] for row in twin["rows"]} <= QUEUED
    selected = web.store.value(
        "SELECT count(*) FROM risk_selection WHERE channel IN ('red', 'yellow', 'blue')"
    )
    assert twin["total"] == selected
    assert f"{selected:,}" in page.text and 'id="queue-table"' in page.text
    assert parsed.navigation[0] == "/queue", "the queue leads the navigation"


def test_filters_sort_and_pages_through_http(analyst: TestClient) -> None:
    answer = analyst.get(
        "/api/queue", params={"channel": "red", "sort": "date", "order": "asc", "page": "2"}
    ).json()
    assert answer["page"] == 2 and {row["channel"] for row in answer["rows"]} == {"red"}
    dates = [row["declaration_date"] for row in answer["rows"]]
    assert dates == sorted(dates)
    first = analyst.get("/api/queue", params={"channel": "red", "sort": "date", "order": "asc"})
    assert not set(keys(first.json())) & set(keys(answer))
    assert first.json()["rows"][-1]["declaration_date"] <= dates[0]
    both = analyst.get("/api/queue", params=[("channel", "yellow"), ("channel", "green")]).json()
    assert {row["channel"] for row in both["rows"]} <= {"yellow", "green"}
    explored = analyst.get("/api/queue", params={"picked_by": "exploration"}).json()
    assert explored["rows"] and all(row["exploration"] for row in explored["rows"])
    page = analyst.get("/queue", params={"picked_by": "exploration"}).text
    assert "◇ exploration" in page


def test_the_page_works_as_a_plain_form_and_with_htmx(analyst: TestClient) -> None:
    html = analyst.get("/queue", params={"office": "GE-POT"}).text
    assert 'method="get" action="/queue"' in html
    assert 'hx-get="/queue"' in html and 'hx-push-url="true"' in html
    assert 'hx-select="#queue-results"' in html
    assert "page=2" in html, "page links keep the filters"
    assert "office=GE-POT" in html


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_hostile_parameters_are_harmless(
    web: CaseBench, analyst: TestClient, parameter: str
) -> None:
    baseline = analyst.get("/api/queue").json()
    before = web.store.value("SELECT count(*) FROM risk_selection")
    for payload in PAYLOADS:
        answer = analyst.get("/api/queue", params={parameter: payload})
        assert answer.status_code == 200, (parameter, payload, answer.text[:300])
        found = answer.json()
        assert found["total"] <= baseline["total"], (parameter, payload)
        assert {row["channel"] for row in found["rows"]} <= QUEUED
        assert set(keys(found)) <= set(keys(baseline)) or found["total"] < baseline["total"]
        page = analyst.get("/queue", params={parameter: payload})
        assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
    assert web.store.value("SELECT count(*) FROM risk_selection") == before
    assert web.store.value("SELECT count(*) FROM app_user") == len(Role)


def test_roles_without_the_permission_are_refused(web: CaseBench) -> None:
    admin = web.client(Role.ADMIN)
    assert admin.get("/queue").status_code == 403
    assert admin.get("/api/queue").status_code == 403
    for role in (Role.SUPERVISOR, Role.AUDITOR):
        assert web.client(role).get("/api/queue").status_code == 200


def test_anonymous_visitors_sign_in_first(web: CaseBench) -> None:
    anonymous = web.client()
    page = anonymous.get("/queue?channel=red", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=/queue")
    assert anonymous.get("/api/queue").status_code == 401


def test_an_empty_warehouse_says_nothing_is_selected(tmp_path: Path, world: CaseWorld) -> None:
    opened = open_case_bench(world, tmp_path / "empty")
    try:
        with opened.store.writing() as cursor:
            cursor.execute("DROP TABLE risk_selection")
        html = opened.client(Role.ANALYST).get("/queue").text
    finally:
        opened.close()
    assert "Nothing has been selected yet" in html
