"""The workbench's defences, checked over every route the app declares (so routes added later
are covered): sign-in and role checks, CSRF, cookies, session expiry, the sign-in limit, open
redirects, injection, security headers, and pages that load nothing from elsewhere."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal, get_args, get_origin
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from borderlens.review.access import PARTY_ITEM_TABLE
from borderlens.review.accounts import now
from borderlens.review.queue_table import QUEUE_TABLE
from borderlens.review.roles import GRANTS, Role
from borderlens.web.context import HERE
from borderlens.web.security.sessions import SESSION_COOKIE
from borderlens.web.vendor import VENDOR_FILES
from tests.web.conftest import (
    DEMO_PASSWORD,
    AppRoute,
    FormFields,
    ScoredWorld,
    WebBench,
    app_routes,
    csrf_of,
    fill_path,
    open_bench,
    query_fields,
    sample_path_values,
)

PUBLIC_PATHS = {"/", "/login", "/setup", "/vendor/{name}"}
"""Routes anyone may open: the sign-in and first-run forms and the browser libraries."""
SQL_PAYLOADS = ("' OR 1=1 --", '"; DROP TABLE app_user; --')
HTML_PAYLOAD = "'\"><script>alert(1)</script>"
UNESCAPED = "<script>alert(1)</script>"
TEXT_PAYLOADS = (*SQL_PAYLOADS, HTML_PAYLOAD, "nul\x00byte")
TYPED_PAYLOADS = (SQL_PAYLOADS[0], HTML_PAYLOAD)
"""Validation refuses a payload in a typed parameter before it reaches anything, so two do."""
FORM_PAYLOADS = ("' OR 1=1; DROP TABLE app_user; --", HTML_PAYLOAD)
XML_NAMESPACE = re.compile(r"[\"']http://www\.w3\.org/[\w/.]+[\"']")
"""Namespace names (``createElementNS`` for SVG) are identifiers, never fetched."""
EXECUTABLE_SCRIPT_TYPES = {None, "", "text/javascript", "application/javascript", "module"}
"""A ``<script type="application/json">`` is a data block the browser never runs."""


@pytest.fixture(scope="module")
def shared(
    scored_world: ScoredWorld, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebBench]:
    """One app for the tests that only read or are refused: they change nothing that counts."""
    opened = open_bench(scored_world, tmp_path_factory.mktemp("shared"))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def signed(shared: WebBench) -> dict[Role, TestClient]:
    """One signed-in client per role, on the shared app."""
    return {role: shared.login(role.value) for role in Role}


def _holder(route: AppRoute) -> Role:
    """A role that may use the route."""
    if route.permission is None:
        return Role.ANALYST
    return next(role for role in Role if route.permission in GRANTS[role])


def _call(client: TestClient, route: AppRoute, path: str, csrf: str = "", **data: str) -> Response:
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    if route.method == "GET":
        answer: Response = client.get(path, follow_redirects=False)
        return answer
    answer = client.request(
        route.method, path, data=data or None, headers=headers, follow_redirects=False
    )
    return answer


def test_every_route_but_the_public_ones_demands_sign_in(
    shared: WebBench, scored_world: ScoredWorld
) -> None:
    routes = app_routes(shared.app)
    assert {(route.path, route.method) for route in routes} >= {
        ("/users", "GET"), ("/api/me", "GET"), ("/logout", "POST"), ("/account/tokens", "POST"),
    }  # fmt: skip
    unguarded = [r.path for r in routes if not r.signed_in and r.path not in PUBLIC_PATHS]
    assert not unguarded, f"routes open to anyone: {unguarded}"
    anonymous = shared.client()
    values = sample_path_values(scored_world)
    for route in (r for r in routes if r.signed_in):
        answer = _call(anonymous, route, fill_path(route.path, values))
        if route.is_api:
            assert answer.status_code == 401, route
            assert answer.headers["www-authenticate"] == "Bearer"
        else:
            assert answer.status_code == 303, route
            assert answer.headers["location"].startswith("/login?next=/"), route


def test_every_permission_is_refused_to_the_roles_without_it(
    shared: WebBench, signed: dict[Role, TestClient], scored_world: ScoredWorld
) -> None:
    guarded = [route for route in app_routes(shared.app) if route.permission]
    assert any(route.path == "/users" for route in guarded)
    tokens = {role: shared.token(role.value) for role in Role}
    csrf = {role: csrf_of(client) for role, client in signed.items()}
    values = sample_path_values(scored_world)
    for route in guarded:
        path = fill_path(route.path, values)
        for role, client in signed.items():
            answer = _call(client, route, path, csrf[role])
            if route.permission in GRANTS[role]:
                assert answer.status_code not in (401, 403) and answer.status_code < 500, (
                    role, route, answer.status_code,
                )  # fmt: skip
                continue
            assert answer.status_code == 403, (role, route)
            if route.is_api:
                assert answer.json()["detail"].startswith("your role may not")
                bearer = {"Authorization": f"Bearer {tokens[role]}"}
                by_token = shared.client().request(route.method, path, headers=bearer)
                assert by_token.status_code == 403, (role, route)
            else:
                assert "Not for your role" in answer.text
                assert f"Your role ({role.value})" in answer.text


def test_every_change_with_a_cookie_needs_its_csrf_token(
    shared: WebBench, signed: dict[Role, TestClient], scored_world: ScoredWorld
) -> None:
    changes = [r for r in app_routes(shared.app) if r.signed_in and r.method != "GET"]
    assert len(changes) >= 4
    values = sample_path_values(scored_world)
    for route in changes:
        client = signed[_holder(route)]
        path = fill_path(route.path, values)
        for sent in ({}, {"csrf_token": "forged"}):
            answer = client.request(route.method, path, data=sent, follow_redirects=False)
            assert answer.status_code == 403, (route, sent)
            assert "form token (csrf)" in answer.text.lower()
        stranger = Role.AUDITOR if _holder(route) != Role.AUDITOR else Role.ANALYST
        other_session = csrf_of(signed[stranger])
        answer = client.request(
            route.method, path, headers={"X-CSRF-Token": other_session}, follow_redirects=False
        )
        assert answer.status_code == 403, route
    assert signed[Role.ANALYST].get("/api/me").status_code == 200


def test_forms_are_accepted_with_their_token(bench_app: WebBench) -> None:
    admin = bench_app.login("admin")
    form = {"username": "clerk", "role": "analyst", "password": "long-enough-pass"}
    assert admin.post("/users", data=form, follow_redirects=False).status_code == 403
    answer = admin.post(
        "/users", data={**form, "csrf_token": csrf_of(admin)}, follow_redirects=False
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/users?created=clerk")
    analyst = bench_app.login("analyst")
    issued = analyst.post("/account/tokens", data={"csrf_token": csrf_of(analyst)})
    assert issued.status_code == 200
    assert FormFields(issued.text).body["data-csrf-token"] == csrf_of(analyst)
    assert 'id="new-token">blt_' in issued.text


def test_api_changes_take_a_header_token_with_cookies_and_none_with_bearer(
    bench_app: WebBench,
) -> None:
    admin = bench_app.login("admin")
    body = {"username": "one", "role": "auditor", "password": "long-enough-pass"}
    assert admin.post("/api/users", json=body).status_code == 403
    header = {"X-CSRF-Token": csrf_of(admin)}
    assert admin.post("/api/users", json=body, headers=header).status_code == 201
    bearer = {"Authorization": f"Bearer {bench_app.token('admin')}"}
    answer = bench_app.client().post("/api/users", json={**body, "username": "two"}, headers=bearer)
    assert answer.status_code == 201
    assert answer.json() == {"username": "two", "role": "auditor", "active": True}
    refused = bench_app.client().get("/api/me", headers={"Authorization": "Bearer blt_wrong"})
    assert refused.status_code == 401


def _set_cookie(bench_app: WebBench, https: bool) -> str:
    client = bench_app.client(https=https)
    token = FormFields(client.get("/login").text).inputs["csrf_token"]
    answer = client.post(
        "/login",
        data={"username": "analyst", "password": DEMO_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie: str = answer.headers["set-cookie"]
    return cookie


def test_session_cookie_is_httponly_strict_and_secure_over_https(bench_app: WebBench) -> None:
    plain = _set_cookie(bench_app, https=False)
    attributes = {part.strip().lower() for part in plain.split(";")}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert f"max-age={bench_app.bench.settings.session_minutes * 60}" in attributes
    assert "secure" not in attributes
    assert "secure" in {part.strip().lower() for part in _set_cookie(bench_app, True).split(";")}


def test_the_warehouse_keeps_only_hashes_of_sessions(bench_app: WebBench) -> None:
    cookie = bench_app.login("analyst").cookies[SESSION_COOKIE]
    stored = bench_app.bench.store.rows("SELECT session_hash FROM web_session")
    assert [row["session_hash"] for row in stored] == [hashlib.sha256(cookie.encode()).hexdigest()]


@pytest.fixture
def short_sessions(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    opened = open_bench(scored_world, tmp_path / "short", session_minutes=1, login_attempts=2)
    yield opened
    opened.close()


def test_sessions_expire(short_sessions: WebBench) -> None:
    client = short_sessions.login("supervisor")
    store = short_sessions.bench.store
    started, expires = store.rows("SELECT created_at, expires_at FROM web_session")[0].values()
    assert expires - started == timedelta(minutes=1)
    assert client.get("/account").status_code == 200
    with store.writing() as cursor:
        cursor.execute("UPDATE web_session SET expires_at = ?", [now() - timedelta(seconds=1)])
    answer = client.get("/account", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login?next=/account")
    assert client.get("/api/me").status_code == 401


def test_sign_out_needs_its_token_and_then_the_cookie_is_dead(bench_app: WebBench) -> None:
    client = bench_app.login("analyst")
    cookie = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/api/me").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    replay = bench_app.client()
    replay.cookies.set(SESSION_COOKIE, cookie)
    assert replay.get("/account", follow_redirects=False).status_code == 303
    assert replay.get("/api/me").status_code == 401


def _attempt(client: TestClient, username: str, password: str) -> Response:
    token = FormFields(client.get("/login").text).inputs["csrf_token"]
    data = {"username": username, "password": password, "csrf_token": token}
    answer: Response = client.post("/login", data=data, follow_redirects=False)
    return answer


def _try(client: TestClient, username: str, password: str) -> int:
    return _attempt(client, username, password).status_code


def test_sign_in_limit_answers_429_after_the_allowed_failures(short_sessions: WebBench) -> None:
    client = short_sessions.client()
    assert [_try(client, "analyst", "wrong-password") for _ in range(2)] == [401] * 2
    blocked = _attempt(client, "analyst", DEMO_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed attempts: try again in 15 minutes." in blocked.text
    assert SESSION_COOKIE not in client.cookies
    assert _try(client, "auditor", DEMO_PASSWORD) == 303
    for name in ("a1", "a2", "a3"):
        assert [_try(client, name, "wrong-password") for _ in range(2)] == [401] * 2
    assert _try(client, "supervisor", DEMO_PASSWORD) == 429


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http:evil.example",
    ],
)
def test_next_never_leaves_the_server(shared: WebBench, target: str) -> None:
    client = shared.client()
    shown = FormFields(client.get(f"/login?next={quote(target)}").text).inputs["next"]
    assert shown.startswith("/") and not shown.startswith("//")
    token = FormFields(client.get("/login").text).inputs["csrf_token"]
    data = {"username": "analyst", "password": DEMO_PASSWORD, "csrf_token": token, "next": target}
    location = client.post("/login", data=data, follow_redirects=False).headers["location"]
    parts = urlsplit(location)
    assert location.startswith("/") and not location.startswith("//"), location
    assert not (parts.scheme or parts.netloc) and "\\" not in location and "\t" not in location


def _sample(annotation: object, payload: str) -> str:
    """The payload for text fields, a valid value for typed ones (so the payload gets in)."""
    if get_origin(annotation) is Literal:
        return str(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return str(next(iter(annotation)).value)
    if annotation in (int, float):
        return "1"
    if annotation is bool:
        return "true"
    return payload


def _is_text(annotation: object) -> bool:
    """str, and str | None or list[str] alike."""
    return annotation is str or any(_is_text(inner) for inner in get_args(annotation))


def _assert_harmless(answer: Response, what: object) -> None:
    assert answer.status_code < 500, (what, answer.status_code, answer.text[:500])
    if answer.headers.get("content-type", "").startswith("text/html"):
        assert UNESCAPED not in answer.text, (what, "echoed unescaped")


def _tables(bench_app: WebBench) -> set[str]:
    rows = bench_app.bench.store.rows("SELECT table_name FROM information_schema.tables")
    return {row["table_name"] for row in rows}


def test_injection_in_every_parameter_and_form_field_is_harmless(
    scored_world: ScoredWorld, tmp_path: Path
) -> None:
    target = open_bench(scored_world, tmp_path / "inject", login_attempts=1000)
    try:
        clients = {role: target.login(role.value) for role in Role}
        tables = _tables(target)
        sent = _inject_queries(target, clients) + _inject_forms(target, clients)
        assert sent > 50
        after = _tables(target)
        assert tables <= after
        assert after - tables <= {QUEUE_TABLE, PARTY_ITEM_TABLE}  # read models built on first view
        names = {row["username"] for row in target.bench.store.rows("SELECT * FROM app_user")}
        assert {role.value for role in Role} <= names
        assert clients[Role.ADMIN].get("/api/users").status_code == 200
    finally:
        target.close()


def _payloads(annotation: object) -> tuple[str, ...]:
    return TEXT_PAYLOADS if _is_text(annotation) else TYPED_PAYLOADS


def _inject_queries(bench: WebBench, clients: dict[Role, TestClient]) -> int:
    """Payloads in every query and path parameter of every GET route; returns requests sent."""
    values = sample_path_values(bench.world)
    sent = 0
    for route in (r for r in app_routes(bench.app) if r.method == "GET"):
        client = clients[_holder(route)] if route.signed_in else bench.client()
        for field in query_fields(route.route):
            for payload in _payloads(field.field_info.annotation):
                path = fill_path(route.path, values)
                answer = client.get(path, params={field.alias: payload}, follow_redirects=False)
                _assert_harmless(answer, (route.path, field.alias, payload))
                sent += 1
        for field in route.route.dependant.path_params:
            for payload in _payloads(field.field_info.annotation):
                path = fill_path(route.path, {**values, field.alias: quote(payload, safe="")})
                _assert_harmless(client.get(path), (route.path, field.alias, payload))
                sent += 1
    return sent


def _inject_forms(bench: WebBench, clients: dict[Role, TestClient]) -> int:
    """Payloads in every text field of every form; returns requests sent."""
    values = sample_path_values(bench.world)
    sent = 0
    for route in (r for r in app_routes(bench.app) if r.method == "POST"):
        fields = {f.alias: f.field_info.annotation for f in route.route.dependant.body_params}
        if not fields or any(
            isinstance(a, type) and hasattr(a, "model_fields") for a in fields.values()
        ):
            continue
        client = clients[_holder(route)] if route.signed_in else bench.client()
        token = csrf_of(client) if route.signed_in else bench.bench.signer.public_token()
        for name in (n for n, a in fields.items() if _is_text(a) and n != "csrf_token"):
            for payload in FORM_PAYLOADS:
                data = {other: _sample(a, "sample") for other, a in fields.items()}
                data.update({name: payload, "csrf_token": token})
                answer = client.post(
                    fill_path(route.path, values), data=data, follow_redirects=False
                )
                _assert_harmless(answer, (route.path, name, payload))
                sent += 1
    return sent


class References(HTMLParser):
    """Every address a page refers to, and its inline scripts and event handlers."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name in {"src", "href", "action", "formaction", "poster"} or name.startswith("hx-"):
                self.addresses.append(value or "")
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
        runs = values.get("type") in EXECUTABLE_SCRIPT_TYPES
        if tag == "script" and runs and not values.get("src"):
            self.inline_scripts += 1


@pytest.fixture(scope="module")
def rendered_pages(shared: WebBench, signed: dict[Role, TestClient]) -> list[tuple[str, Response]]:
    """Every GET page (not the API), rendered once for a role that may open it."""
    values = sample_path_values(shared.world)
    pages = []
    for route in app_routes(shared.app):
        if route.method != "GET" or route.is_api or route.path.startswith("/vendor/"):
            continue
        client = signed[_holder(route)] if route.signed_in else shared.client()
        pages.append((route.path, client.get(fill_path(route.path, values))))
    return pages


def test_pages_load_nothing_from_elsewhere_and_run_no_inline_script(
    shared: WebBench, rendered_pages: list[tuple[str, Response]]
) -> None:
    scanned: set[str] = set()
    assets: set[str] = set()
    for path, answer in rendered_pages:
        if answer.status_code != 200 or "text/html" not in answer.headers["content-type"]:
            continue
        scanned.add(path)
        found = References(answer.text)
        assert found.inline_scripts == 0 and not found.handlers, (path, found.handlers)
        for address in found.addresses:
            parts = urlsplit(address)
            assert not parts.netloc and parts.scheme in ("", "mailto"), (path, address)
            if address.startswith(("/static/", "/vendor/")):
                assets.add(address)
    assert {"/login", "/users", "/account"} <= scanned
    assert "/vendor/htmx.min.js" in assets
    for asset in assets:
        assert shared.client().get(asset).status_code == 200, asset


def test_own_stylesheets_and_scripts_reference_no_other_host() -> None:
    checked = 0
    for source in (HERE / "static").rglob("*"):
        if source.suffix in {".css", ".js"}:
            text = XML_NAMESPACE.sub("", source.read_text(encoding="utf-8"))
            assert "http://" not in text and "https://" not in text, source
            assert "@import" not in text, source
            checked += 1
    assert checked >= 2


def test_security_headers_on_pages_api_and_errors(
    shared: WebBench, signed: dict[Role, TestClient], rendered_pages: list[tuple[str, Response]]
) -> None:
    answers = [answer for _, answer in rendered_pages]
    answers += [
        signed[Role.ANALYST].get("/api/me"),
        signed[Role.ANALYST].get("/users"),
        shared.client().get("/no-such-page"),
    ]
    for answer in answers:
        policy = dict(
            part.strip().split(" ", 1)
            for part in answer.headers["content-security-policy"].split(";")
        )
        assert (
            "'unsafe-inline'" not in policy["script-src"]
            and "unsafe-eval" not in policy["script-src"]
        )
        assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"


def test_vendor_files_are_served_and_nothing_else(shared: WebBench) -> None:
    client = shared.client()
    types = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}
    for name in VENDOR_FILES:
        answer = client.get(f"/vendor/{name}")
        assert answer.status_code == 200 and len(answer.content) > 1000, name
        assert answer.headers["content-type"].startswith(types[Path(name).suffix])
        assert answer.headers["x-content-type-options"] == "nosniff"
    for name in ("package.json", "..%2Fpackage.json", "htmx.org%2Fpackage.json"):
        assert client.get(f"/vendor/{name}").status_code == 404, name
