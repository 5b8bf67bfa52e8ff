"""Accounts in the workbench: the administrator's users page and API, one's own account page,
and API tokens (shown once, stored hashed, refused once expired or revoked)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from borderlens.review.accounts import now
from borderlens.review.roles import GRANTS, Role
from tests.web.conftest import DEMO_PASSWORD, FormFields, WebBench, csrf_of


def _actions(bench_app: WebBench, subject: str) -> list[str]:
    rows = bench_app.bench.store.rows(
        "SELECT action FROM audit_event WHERE subject = ? ORDER BY occurred_at", [subject]
    )
    return [row["action"] for row in rows]


def test_administrator_sees_every_account_on_page_and_api(bench_app: WebBench) -> None:
    admin = bench_app.login("admin")
    page = admin.get("/users")
    assert page.status_code == 200
    for role in Role:
        assert f"<td>{role.value}</td><td>{role.value}</td>" in page.text
    listed = admin.get("/api/users").json()
    assert [(row["username"], row["role"], row["active"]) for row in listed] == [
        ("admin", "admin", True),
        ("analyst", "analyst", True),
        ("auditor", "auditor", True),
        ("supervisor", "supervisor", True),
    ]


def test_administrator_creates_an_account_that_can_sign_in(bench_app: WebBench) -> None:
    admin = bench_app.login("admin")
    form = {"username": "Nino.K", "role": "supervisor", "password": "long-enough-pass"}
    answer = admin.post("/users", data={**form, "csrf_token": csrf_of(admin)})
    assert answer.status_code == 200
    assert "Account nino.k created." in answer.text
    assert "<td>nino.k</td><td>supervisor</td><td>yes</td>" in answer.text
    assert _actions(bench_app, "nino.k") == ["workbench: user created"]
    created_by = bench_app.bench.store.value(
        "SELECT created_by FROM app_user WHERE username = 'nino.k'"
    )
    assert created_by == "admin"
    newcomer = bench_app.login("nino.k", "long-enough-pass")
    assert newcomer.get("/api/me").json()["role"] == "supervisor"


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("analyst", "long-enough-pass", "the user name &#39;analyst&#39; is taken"),
        ("x", "long-enough-pass", "a user name is 2-40 characters"),
        ("new one", "long-enough-pass", "a user name is 2-40 characters"),
        ("newone", "short", "a password has at least 8 characters"),
    ],
)
def test_refused_accounts_say_why(
    bench_app: WebBench, username: str, password: str, message: str
) -> None:
    admin = bench_app.login("admin")
    data = {"username": username, "role": "analyst", "password": password}
    answer = admin.post("/users", data={**data, "csrf_token": csrf_of(admin)})
    assert answer.status_code == 200
    assert f'<p class="error" role="alert">{message}' in answer.text
    assert bench_app.bench.store.value("SELECT count(*) FROM app_user") == len(Role)


def test_api_creates_accounts_and_refuses_bad_ones(bench_app: WebBench) -> None:
    bearer = {"Authorization": f"Bearer {bench_app.token('admin')}"}
    client = bench_app.client()
    body = {"username": "tamar", "role": "auditor", "password": "long-enough-pass"}
    assert client.post("/api/users", json=body, headers=bearer).status_code == 201
    again = client.post("/api/users", json=body, headers=bearer)
    assert (again.status_code, again.json()["detail"]) == (400, "the user name 'tamar' is taken")
    wrong_role = client.post("/api/users", json={**body, "role": "chief"}, headers=bearer)
    assert wrong_role.status_code == 422
    short = client.post("/api/users", json={**body, "password": "short"}, headers=bearer)
    assert short.status_code == 422


@pytest.mark.parametrize("role", list(Role))
def test_account_page_and_me_say_what_the_role_may_do(bench_app: WebBench, role: Role) -> None:
    client = bench_app.login(role.value)
    page = client.get("/account")
    assert f"Role: <strong>{role.value}</strong>" in page.text
    for permission in GRANTS[role]:
        assert f"<li>{permission.value}</li>" in page.text
    me = client.get("/api/me").json()
    assert me == {
        "username": role.value,
        "role": role.value,
        "permissions": sorted(permission.value for permission in GRANTS[role]),
    }


def test_a_token_is_shown_once_stored_hashed_and_acts_as_its_owner(bench_app: WebBench) -> None:
    analyst = bench_app.login("analyst")
    issued = analyst.post(
        "/account/tokens", data={"label": "risk scripts", "csrf_token": csrf_of(analyst)}
    )
    token = issued.text.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert token.startswith("blt_")
    assert token not in analyst.get("/account").text
    stored = bench_app.bench.store.row("SELECT * FROM api_token")
    assert stored is not None
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert (stored["username"], stored["label"]) == ("analyst", "risk scripts")
    assert stored["expires_at"] - stored["created_at"] == timedelta(days=90)
    program = bench_app.client()
    me = program.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "analyst"
    assert _actions(bench_app, "analyst")[-1] == "workbench: API token issued"


@pytest.mark.parametrize("change", ["expires_at = ?", "revoked_at = ?"])
def test_expired_or_revoked_tokens_are_refused(bench_app: WebBench, change: str) -> None:
    token = bench_app.token("auditor")
    bearer = {"Authorization": f"Bearer {token}"}
    assert bench_app.client().get("/api/me", headers=bearer).status_code == 200
    with bench_app.bench.store.writing() as cursor:
        cursor.execute(f"UPDATE api_token SET {change}", [now() - timedelta(seconds=1)])
    refused = bench_app.client().get("/api/me", headers=bearer)
    assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")


def test_a_deactivated_account_loses_its_session_token_and_sign_in(bench_app: WebBench) -> None:
    client = bench_app.login("supervisor")
    bearer = {"Authorization": f"Bearer {bench_app.token('supervisor')}"}
    with bench_app.bench.store.writing() as cursor:
        cursor.execute("UPDATE app_user SET active = false WHERE username = 'supervisor'")
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert bench_app.client().get("/api/me", headers=bearer).status_code == 401
    fresh = bench_app.client()
    token = FormFields(fresh.get("/login").text).inputs["csrf_token"]
    data = {"username": "supervisor", "password": DEMO_PASSWORD, "csrf_token": token}
    assert fresh.post("/login", data=data, follow_redirects=False).status_code == 401
