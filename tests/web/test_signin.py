"""Signing in and out, the start page each role lands on, and the first-run administrator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderlens.review.accounts import count_users, find_user
from borderlens.review.roles import GRANTS, Role
from borderlens.settings import Settings
from borderlens.web.app import create_app
from borderlens.web.pages import NAVIGATION
from borderlens.web.security.sessions import SESSION_COOKIE
from borderlens.web.server import open_workbench
from tests.web.conftest import DEMO_PASSWORD, FormFields, WebBench, csrf_of


def _expected_home(role: Role) -> str:
    """The first page of the navigation the role may open, else the account page."""
    allowed = [item.path for item in NAVIGATION if item.permission in GRANTS[role]]
    return allowed[0] if allowed else "/account"


def _post_login(
    client: TestClient, username: str, password: str, next_path: str = "/"
) -> tuple[int, str, str]:
    """(status, Location, body) of a sign-in through the form."""
    token = FormFields(client.get("/login").text).inputs["csrf_token"]
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": next_path},
        follow_redirects=False,
    )
    return answer.status_code, answer.headers.get("location", ""), answer.text


def test_sign_in_page_is_a_form_with_its_token(bench_app: WebBench) -> None:
    page = bench_app.client().get("/login")
    fields = FormFields(page.text)
    assert page.status_code == 200
    assert {"username", "password", "csrf_token", "next"} <= set(fields.inputs)
    assert fields.inputs["csrf_token"].count(".") == 2
    assert "demo password" in page.text


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_account_lands_on_its_start_page(bench_app: WebBench, role: Role) -> None:
    client = bench_app.client()
    status, location, _ = _post_login(client, role.value, DEMO_PASSWORD)
    assert (status, location) == (303, "/")
    start = client.get("/", follow_redirects=False)
    assert start.headers["location"] == _expected_home(role)
    landing = client.get(start.headers["location"])
    assert landing.status_code == 200
    assert f'<span class="role">{role.value}</span>' in landing.text


def test_wrong_password_and_unknown_account_get_the_same_answer(bench_app: WebBench) -> None:
    client = bench_app.client()
    wrong = _post_login(client, "analyst", "not-the-password")
    unknown = _post_login(client, "nobody", "not-the-password")
    assert wrong[0] == unknown[0] == 401
    assert "Wrong user name or password." in wrong[2]
    assert "Wrong user name or password." in unknown[2]
    assert SESSION_COOKIE not in client.cookies


def test_user_names_are_not_case_sensitive(bench_app: WebBench) -> None:
    client = bench_app.client()
    status, _, _ = _post_login(client, "  Analyst ", DEMO_PASSWORD)
    assert status == 303
    assert client.get("/api/me").json()["username"] == "analyst"


def test_a_page_asked_for_before_sign_in_opens_after_it(bench_app: WebBench) -> None:
    client = bench_app.client()
    asked = client.get("/users?created=x", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=/users%3Fcreated%3Dx"
    login_page = client.get(asked.headers["location"])
    next_path = FormFields(login_page.text).inputs["next"]
    assert next_path == "/users?created=x"
    status, location, _ = _post_login(client, "admin", DEMO_PASSWORD, next_path)
    assert (status, location) == (303, "/users?created=x")
    assert client.get(location).status_code == 200


def test_anonymous_start_page_sends_to_sign_in(bench_app: WebBench) -> None:
    answer = bench_app.client().get("/", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")


def test_sign_out_ends_the_session_and_is_recorded(bench_app: WebBench) -> None:
    client = bench_app.login("auditor")
    cookie = client.cookies[SESSION_COOKIE]
    answer = client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert SESSION_COOKIE not in client.cookies
    stale = bench_app.client()
    stale.cookies.set(SESSION_COOKIE, cookie)
    assert stale.get("/api/me").status_code == 401
    actions = [
        row["action"]
        for row in bench_app.bench.store.rows(
            "SELECT action FROM audit_event WHERE actor = 'auditor' ORDER BY occurred_at"
        )
    ]
    assert actions[-2:] == ["workbench: signed in", "workbench: signed out"]


@pytest.fixture
def first_run(tmp_path: Path) -> Iterator[TestClient]:
    """A new, empty warehouse served as ``borderlens serve`` does (not the demo)."""
    bench = open_workbench(Settings(database=tmp_path / "empty.duckdb"))
    with TestClient(create_app(bench)) as client:
        yield client
    bench.close()


def _setup(client: TestClient, username: str, password: str) -> tuple[int, str, str]:
    token = FormFields(client.get("/setup").text).inputs["csrf_token"]
    answer = client.post(
        "/setup",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return answer.status_code, answer.headers.get("location", ""), answer.text


def test_first_run_creates_the_administrator_once(first_run: TestClient) -> None:
    assert first_run.get("/", follow_redirects=False).headers["location"] == "/setup"
    assert first_run.get("/login", follow_redirects=False).headers["location"] == "/setup"
    assert _setup(first_run, "chief", "long-enough-pass")[:2] == (303, "/login?next=/users")
    bench = first_run.app.state.workbench  # type: ignore[attr-defined]
    created = find_user(bench.store, "chief")
    assert created is not None and created.role is Role.ADMIN
    assert first_run.get("/setup", follow_redirects=False).headers["location"] == "/login"
    assert _setup(first_run, "intruder", "long-enough-pass")[:2] == (303, "/login")
    assert count_users(bench.store) == 1
    status, location, _ = _post_login(first_run, "chief", "long-enough-pass", "/users")
    assert (status, location) == (303, "/users")


def test_first_run_refuses_bad_accounts_and_forms_without_token(first_run: TestClient) -> None:
    status, _, body = _setup(first_run, "chief", "short")
    assert status == 400
    assert "at least 8 characters" in body
    forged = first_run.post(
        "/setup",
        data={"username": "chief", "password": "long-enough-pass", "csrf_token": "1.2.3"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    bench = first_run.app.state.workbench  # type: ignore[attr-defined]
    assert count_users(bench.store) == 0
