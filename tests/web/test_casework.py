"""Casework over HTTP: the partial the case page loads, its forms (htmx and plain), validation
shown in the form, corrections, who may decide, CSRF, and the JSON twins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi.testclient import TestClient

from borderlens.review.roles import Role
from borderlens.warehouse.store import Store
from tests.web.conftest import DEMO_PASSWORD, FormFields, ScoredWorld, WebBench, csrf_of

if TYPE_CHECKING:
    from playwright.sync_api import Page

HTMX = {"HX-Request": "true"}


def red_item(bench_app: WebBench) -> tuple[str, int]:
    return bench_app.world.red_items[0]


def item_with(store: Store, channel: str) -> tuple[str, int]:
    found = store.row(
        "SELECT declaration_id, item_no FROM risk_selection WHERE channel = ? "
        "ORDER BY declaration_id, item_no LIMIT 1",
        [channel],
    )
    assert found is not None
    return found["declaration_id"], found["item_no"]


def url(item: tuple[str, int], tail: str) -> str:
    return f"/cases/{item[0]}/{item[1]}/{tail}"


def post(client: TestClient, item: tuple[str, int], tail: str, **form: str) -> tuple[int, str]:
    """An htmx form post with the session's CSRF header; (status, body)."""
    headers = {**HTMX, "X-CSRF-Token": csrf_of(client)}
    answer = client.post(url(item, tail), data=form, headers=headers, follow_redirects=False)
    return answer.status_code, answer.text


def count(store: Store, table: str) -> int:
    return int(store.value(f"SELECT count(*) FROM {table}") or 0)


def test_the_partial_shows_the_advice_and_the_forms_to_an_analyst(bench_app: WebBench) -> None:
    item = red_item(bench_app)
    analyst = bench_app.login("analyst")
    partial = analyst.get(url(item, "work"), headers=HTMX)
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'class="casework"' in partial.text
    assert "Machine advice" in partial.text and "inspect (physical examination)" in partial.text
    explained = bench_app.bench.store.value(
        "SELECT text FROM risk_explanation WHERE declaration_id = ? AND item_no = ? AND rank = 1",
        list(item),
    )
    assert explained and explained.replace("'", "&#39;") in partial.text
    fields = FormFields(partial.text)
    assert {"csrf_token", "corrects", "action"} <= set(fields.inputs)
    assert '<textarea name="reason"' in partial.text
    assert 'id="decision-form"' in partial.text and 'hx-post="/cases/' in partial.text
    page = analyst.get(url(item, "work"))
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_supervisors_and_auditors_read_but_do_not_decide(bench_app: WebBench) -> None:
    item = red_item(bench_app)
    for role in ("supervisor", "auditor"):
        client = bench_app.login(role)
        partial = client.get(url(item, "work"), headers=HTMX)
        assert partial.status_code == 200 and "Machine advice" in partial.text
        assert 'id="decision-form"' not in partial.text
        status, _ = post(client, item, "decisions", action="inspect")
        assert status == 403
        api = client.post(
            f"/api/cases/{item[0]}/{item[1]}/decisions",
            json={"action": "inspect"},
            headers={"X-CSRF-Token": csrf_of(client)},
        )
        assert api.status_code == 403
    assert count(bench_app.bench.store, "case_decision") == 0


def test_a_decision_and_its_outcome_are_recorded_and_shown(bench_app: WebBench) -> None:
    item, store = red_item(bench_app), bench_app.bench.store
    analyst = bench_app.login("analyst")
    status, body = post(analyst, item, "decisions", action="inspect", reason="")
    assert status == 200 and "Decision recorded: inspect (physical examination)." in body
    status, body = post(
        analyst,
        item,
        "outcomes",
        result="hit",
        found="two undeclared pallets",
        revenue_recovered="1,250.50",
        seizure="yes",
        critical="no",
    )
    assert status == 200 and "Outcome recorded: hit." in body
    assert "two undeclared pallets" in body and "1,250.50" in body
    row = store.row("SELECT * FROM case_outcome")
    assert row is not None and row["revenue_recovered"] == 1250.5 and row["seizure"] is True
    events = store.rows("SELECT host, action FROM audit_event WHERE actor = 'analyst'")
    assert {e["action"] for e in events} >= {
        "workbench: decision recorded",
        "workbench: outcome recorded",
    }


def test_refusals_are_shown_in_the_form_with_400(bench_app: WebBench) -> None:
    item, store = red_item(bench_app), bench_app.bench.store
    analyst = bench_app.login("analyst")
    status, body = post(analyst, item, "outcomes", result="hit", found="x")
    assert status == 400 and "record (or correct) that decision first" in body
    status, body = post(analyst, item, "decisions", action="release", reason="")
    assert status == 400 and 'role="alert"' in body and "say why you decide otherwise" in body
    assert 'value="release" required checked' in body
    post(analyst, item, "decisions", action="inspect")
    status, body = post(
        analyst, item, "outcomes", result="hit", found="x", revenue_recovered="lots"
    )
    assert status == 400 and "revenue recovered is a number" in body and 'value="lots"' in body
    status, _ = post(analyst, item, "decisions", action="abolish")
    assert status == 400
    assert count(store, "case_decision") == 1 and count(store, "case_outcome") == 0


def test_a_correction_opens_prefilled_and_appends_a_row(bench_app: WebBench) -> None:
    item, store = item_with(bench_app.bench.store, "yellow"), bench_app.bench.store
    analyst = bench_app.login("analyst")
    post(analyst, item, "decisions", action="documentary_check")
    first = store.value("SELECT decision_id FROM case_decision")
    form = analyst.get(url(item, "work") + "?correct=decision", headers=HTMX)
    assert f'name="corrects" value="{first}"' in form.text and "Record correction" in form.text
    assert 'value="documentary_check" required checked' in form.text
    status, body = post(
        analyst, item, "decisions", action="inspect", reason="the seal was broken", corrects=first
    )
    assert status == 200 and "Correction recorded" in body
    assert body.count('class="status corrected"') == 1 and "Corrects the decision of" in body
    rows = store.rows("SELECT decision_id, corrects FROM case_decision ORDER BY decided_at")
    assert [r["corrects"] for r in rows] == [None, first]


def test_without_htmx_the_form_posts_and_returns_to_the_case_page(bench_app: WebBench) -> None:
    item = red_item(bench_app)
    analyst = bench_app.login("analyst")
    answer = analyst.post(
        url(item, "decisions"),
        data={"action": "inspect", "csrf_token": csrf_of(analyst)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/cases/{item[0]}/{item[1]}#casework"
    assert count(bench_app.bench.store, "case_decision") == 1


def test_a_change_without_its_csrf_token_is_refused(bench_app: WebBench) -> None:
    item = red_item(bench_app)
    analyst = bench_app.login("analyst")
    form = analyst.post(url(item, "decisions"), data={"action": "inspect"}, headers=HTMX)
    api = analyst.post(f"/api/cases/{item[0]}/{item[1]}/decisions", json={"action": "inspect"})
    assert form.status_code == 403 and api.status_code == 403
    assert count(bench_app.bench.store, "case_decision") == 0


def test_the_json_twins(bench_app: WebBench) -> None:
    item = red_item(bench_app)
    api = bench_app.client()
    api.headers["Authorization"] = f"Bearer {bench_app.token(Role.ANALYST.value)}"
    base = f"/api/cases/{item[0]}/{item[1]}"
    assert api.get("/api/cases/NO-SUCH/1/record").status_code == 404
    assert api.post("/api/cases/NO-SUCH/1/decisions", json={"action": "inspect"}).status_code == 404
    assert api.post(f"{base}/decisions", json={"action": "wave through"}).status_code == 422
    refused = api.post(f"{base}/decisions", json={"action": "release"})
    assert refused.status_code == 400 and refused.json()["detail"].startswith("reason:")
    decided = api.post(f"{base}/decisions", json={"action": "release", "reason": "known trader"})
    assert decided.status_code == 201
    assert decided.json()["overrides_advice"] is True
    assert decided.json()["advice"]["channel"] == "red"
    assert api.post(f"{base}/outcomes", json={"result": "hit", "found": "x"}).status_code == 400
    fixed = api.post(
        f"{base}/decisions",
        json={
            "action": "inspect",
            "reason": "wrong button",
            "corrects": decided.json()["decision_id"],
        },
    )
    assert fixed.status_code == 201
    bad = api.post(
        f"{base}/outcomes", json={"result": "hit", "found": "x", "revenue_recovered": -1}
    )
    assert bad.status_code == 422
    found = api.post(f"{base}/outcomes", json={"result": "hit", "found": "x", "critical": True})
    assert found.status_code == 201 and found.json()["critical"] is True
    record = api.get(f"{base}/record").json()
    assert record["decision"]["decision_id"] == fixed.json()["decision_id"]
    assert [d["corrected_by"] for d in record["decisions"]] == [None, fixed.json()["decision_id"]]
    assert record["outcome"]["outcome_id"] == found.json()["outcome_id"]
    assert record["advice"]["advised_action"] == "inspect"


def test_in_chromium_a_refusal_shows_in_the_form_then_the_decision_is_recorded(
    live_server: str, browser_page: Page, scored_world: ScoredWorld
) -> None:
    page, item = browser_page, scored_world.red_items[-1]
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server}/login")
    page.get_by_label("User name").fill("analyst")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/cases/{item[0]}/{item[1]}")
    page.locator("#decision-form input[value=release]").check()
    page.locator("#decision-form button[type=submit]").click()
    refusal = page.locator("#decision-form .error")
    refusal.wait_for()
    assert "say why you decide otherwise" in refusal.inner_text()
    page.locator("#decision-form textarea[name=reason]").fill("known trader, sealed at origin")
    page.locator("#decision-form button[type=submit]").click()
    page.locator(".casework .note").wait_for()
    assert page.locator(".casework .note").inner_text() == "Decision recorded: release."
    assert "overrides the advice" in page.locator(".cw-current").inner_text()
    assert page.locator("#decision-history li.current").count() == 1
    assert not [error for error in errors if "Content Security Policy" in error]
