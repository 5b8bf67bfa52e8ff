"""The queue and a case in Debian's Chromium against a real ``borderlens serve`` process: the
reasons are listed, cytoscape drew the diagram, Leaflet drew the countries, and nothing was
fetched from anywhere but the server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.review.conftest import DEMO_PASSWORD, CaseWorld, case_world_of
from tests.web.conftest import running_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def case_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``borderlens serve`` in its own process over a copy of the case world."""
    world: CaseWorld = case_world_of(request)
    with running_server(world.database, world.model_dir, tmp_path_factory.mktemp("cases")) as url:
        yield url


def test_an_analyst_opens_a_case_from_the_queue(
    case_server: str, chromium: Browser, tmp_path: pytest.TempPathFactory
) -> None:
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{case_server}/login")
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{case_server}/queue")
        rows = page.locator("#queue-table tbody tr[data-declaration-id][data-item-no]")
        assert rows.count() == 50
        page.screenshot(path=str(tmp_path / "queue.png"))
        first = rows.first
        declaration_id = first.get_attribute("data-declaration-id")
        item_no = first.get_attribute("data-item-no")
        first.locator("td").nth(3).click()
        page.wait_for_url(f"{case_server}/cases/{declaration_id}/{item_no}")
        page.wait_for_load_state("networkidle")

        assert page.locator("#case-reasons #model-factors tbody tr").count() > 0
        assert page.locator("#case-reasons").inner_text().count("Fraud probability") == 1
        diagram = page.locator("#ownership-diagram[data-node-count]")
        diagram.wait_for()
        nodes = int(diagram.get_attribute("data-node-count") or 0)
        assert nodes >= 2, "importer and seller at least"
        assert page.evaluate("document.querySelector('#ownership-diagram canvas') !== null")
        page.locator("#route-map[data-ready=true]").wait_for()
        assert page.locator("#route-map svg path").count() > 100, "the countries are drawn"
        assert page.locator("#route-map .leaflet-interactive").count() > 100
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
    finally:
        context.close()
    assert errors == []
    strangers = [url for url in requested if urlsplit(url).hostname not in ("127.0.0.1", None)]
    assert strangers == [], f"requests left the server: {strangers}"


def _signed_in(chromium: Browser, url: str, username: str) -> Page:
    page = chromium.new_context(viewport=VIEWPORT).new_page()
    page.context.set_default_timeout(15_000)
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _seizures(page: Page, url: str) -> int:
    page.goto(f"{url}/kpis")
    return int(page.locator(".kpi-card.security strong").first.inner_text().replace(",", ""))


def test_an_outcome_recorded_in_the_browser_shows_in_the_kpis_and_the_audit_trail(
    case_server: str, chromium: Browser
) -> None:
    supervisor = _signed_in(chromium, case_server, "supervisor")
    analyst = _signed_in(chromium, case_server, "analyst")
    try:
        before = _seizures(supervisor, case_server)
        first = analyst.locator("#queue-table tbody tr[data-declaration-id]").first
        declaration_id = first.get_attribute("data-declaration-id") or ""
        first.locator("td").nth(3).click()
        analyst.locator("#decision-form input[value=inspect]").check()
        analyst.locator("#decision-form button[type=submit]").click()
        analyst.locator(".casework .note").wait_for()
        assert analyst.locator(".casework .note").inner_text().startswith("Decision recorded")
        outcome = analyst.locator("#outcome-form")
        outcome.locator("input[name=result][value=hit]").check()
        outcome.locator("textarea[name=found]").fill("undeclared second pallet")
        outcome.locator("input[name=revenue_recovered]").fill("1234.5")
        outcome.locator("input[name=seizure][value=yes]").check()
        outcome.locator("button[type=submit]").click()
        analyst.locator("#outcome-history li.current").wait_for()

        assert _seizures(supervisor, case_server) == before + 1
        supervisor.goto(f"{case_server}/audit")
        trail = supervisor.locator("#decision-trail tbody tr").first.inner_text()
        assert declaration_id in trail and "analyst" in trail and "hit" in trail
    finally:
        supervisor.context.close()
        analyst.context.close()
