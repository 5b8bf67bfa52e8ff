"""Fixtures for the workbench's tests: the tiny world scored by the real risk stage with the demo
accounts, the app over a private copy of it (signed in through the real form), a real server
process, Debian's Chromium, and a catalogue of the app's routes and what each demands."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from borderlens.engine.base import Engine
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.review.accounts import find_user
from borderlens.review.roles import Permission, Role
from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.risk.policy import balanced
from borderlens.risk.selection import Budget, select_declarations
from borderlens.risk.stage import explain_red_items, run_risk_stage
from borderlens.settings import Settings
from borderlens.warehouse.store import Store
from borderlens.web.app import create_app
from borderlens.web.context import Workbench
from borderlens.web.deps import signed_in
from borderlens.web.security.tokens import issue_token
from borderlens.web.server import ensure_demo_accounts, open_workbench

if TYPE_CHECKING:
    from fastapi._compat import ModelField
    from playwright.sync_api import Browser, Page

DEMO_PASSWORD = "borderlens-demo"
CHROMIUM = Path("/usr/bin/chromium")
TINY_WORLD_BUDGET = Budget(share=0.10)
"""The tiny world has a few items a day, so the default 5% rounds to no red item at all; 10%
sends the top items of its busiest days red, enough for case pages with explanations."""


@dataclass(frozen=True)
class ScoredWorld:
    """A warehouse file scored, selected and explained, with one demo account per role."""

    database: Path
    model_dir: Path
    red_items: tuple[tuple[str, int], ...]
    path_values: dict[str, str]
    """Real values for path parameters by name (``declaration_id``, ``entity_id``...)."""


_PATH_VALUE_QUERIES = {
    "entity_id": ("entity", "SELECT entity_id FROM entity ORDER BY entity_id LIMIT 1"),
    "profile": ("rule_profile_version", "SELECT min(profile) FROM rule_profile_version"),
}
"""Path parameters whose values come from the warehouse when it holds any."""


def _path_values(engine: Engine, red_items: list[tuple[str, int]]) -> dict[str, str]:
    declaration_id, item_no = red_items[0]
    values = {
        "declaration_id": declaration_id,
        "id": declaration_id,
        "item_no": str(item_no),
        "item": str(item_no),
        "name": "htmx.min.js",
        "username": Role.ANALYST.value,
        "profile": "baseline",
    }
    for name, (table, sql) in _PATH_VALUE_QUERIES.items():
        found = engine.query(sql).to_pylist() if engine.table_exists(table) else []
        value = next(iter(found[0].values())) if found else None
        if value is not None:
            values[name] = str(value)
    return values


@pytest.fixture(scope="session")
def scored_world(tiny_world: Path, tmp_path_factory: pytest.TempPathFactory) -> ScoredWorld:
    """The tiny demo world through the real risk stage (copy ``database`` before changing it)."""
    folder = tmp_path_factory.mktemp("scored")
    database = folder / "world.duckdb"
    shutil.copy(tiny_world, database)
    with DuckDBEngine(database) as engine:
        stage = run_risk_stage(engine, folder / "models")
        policy = balanced(DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE)
        select_declarations(engine, policy, TINY_WORLD_BUDGET)
        explain_red_items(engine, stage.model)
        red = [
            (row["declaration_id"], row["item_no"])
            for row in engine.query(
                "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'red' "
                "ORDER BY fraud_probability DESC, declaration_id, item_no"
            ).to_pylist()
        ]
        values = _path_values(engine, red)
    store = Store(database)
    try:
        ensure_demo_accounts(store, DEMO_PASSWORD)
    finally:
        store.close()
    return ScoredWorld(database, folder / "models", tuple(red), values)


class FormFields(HTMLParser):
    """The named inputs of a page (hidden ones included) and its body's attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inputs: dict[str, str] = {}
        self.body: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "input" and "name" in values:
            self.inputs.setdefault(values["name"], values.get("value", ""))
        elif tag == "body":
            self.body = values


def csrf_of(client: TestClient, page: str = "/account") -> str:
    """The session's CSRF token, read from a page's ``<body data-csrf-token>``."""
    token = FormFields(client.get(page).text).body.get("data-csrf-token", "")
    assert token, f"{page} carries no CSRF token: is the client signed in?"
    return token


@dataclass
class WebBench:
    """The app over a private warehouse copy; clients made here are closed with it."""

    bench: Workbench
    app: FastAPI
    world: ScoredWorld
    clients: list[TestClient] = field(default_factory=list)

    def client(self, *, https: bool = False) -> TestClient:
        """A client with no session."""
        made = TestClient(self.app, base_url="https://testserver" if https else "http://testserver")
        self.clients.append(made)
        return made

    def login(self, username: str, password: str = DEMO_PASSWORD) -> TestClient:
        """A client signed in through the real form (its CSRF token read from the page)."""
        client = self.client()
        token = FormFields(client.get("/login").text).inputs["csrf_token"]
        answer = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token, "next": "/"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, f"{username} could not sign in: {answer.text[:300]}"
        return client

    def token(self, username: str) -> str:
        """A fresh API token of an account."""
        user = find_user(self.bench.store, username)
        assert user is not None, f"no account {username}"
        return issue_token(self.bench.store, user, "tests", 1, client="tests")

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.bench.close()


def open_bench(world: ScoredWorld, folder: Path, *, demo: bool = True, **settings: Any) -> WebBench:
    """The workbench over a copy of ``world``'s file in ``folder``, as ``borderlens demo``
    opens it; ``settings`` override the defaults (``login_attempts=2``...)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "bench.duckdb"
    shutil.copy(world.database, database)
    options: dict[str, Any] = {"demo_password": DEMO_PASSWORD, **settings}
    chosen = Settings(database=database, model_dir=world.model_dir, **options)
    bench = open_workbench(chosen, demo=demo)
    return WebBench(bench, create_app(bench), world)


@pytest.fixture
def bench_app(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    """The app over this test's own copy of the scored world (``bench_app.login("analyst")``)."""
    opened = open_bench(scored_world, tmp_path / "bench")
    yield opened
    opened.close()


@dataclass(frozen=True)
class AppRoute:
    """One route of the app and what it demands of a request."""

    path: str
    method: str
    route: APIRoute
    permission: Permission | None
    signed_in: bool

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def _dependency_calls(route: APIRoute) -> list[Callable[..., Any]]:
    found, pending = [], list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        pending.extend(dependant.dependencies)
        if dependant.call is not None:
            found.append(dependant.call)
    return found


def query_fields(route: APIRoute) -> list[ModelField]:
    """The route's query parameters, those of its dependencies (filter objects) included."""
    found, pending = [], [route.dependant]
    while pending:
        dependant = pending.pop()
        pending.extend(dependant.dependencies)
        found.extend(dependant.query_params)
    return found


def _permission(call: Callable[..., Any]) -> Permission | None:
    """The permission a ``requires(...)`` dependency closes over."""
    if not inspect.isfunction(call):
        return None
    needed = inspect.getclosurevars(call).nonlocals.get("permission")
    return needed if isinstance(needed, Permission) else None


def app_routes(app: FastAPI) -> list[AppRoute]:
    """Every (path, method) the app serves through FastAPI, with its guard."""
    routes = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path is None:
            continue
        calls = _dependency_calls(route)
        permissions = [found for found in map(_permission, calls) if found is not None]
        permission = permissions[0] if permissions else None
        guarded = signed_in in calls or permission is not None
        for method in sorted((route.methods or set()) - {"HEAD"}):
            routes.append(AppRoute(context.path, method, route, permission, guarded))
    return routes


def sample_path_values(world: ScoredWorld) -> dict[str, str]:
    """Real values for the path parameters routes use (the reddest item of the world...)."""
    return dict(world.path_values)


def fill_path(path: str, values: dict[str, str], default: str = "1") -> str:
    """``path`` with each ``{parameter}`` replaced by its value in ``values`` (or ``default``)."""
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda match: values.get(match[1], default), path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 60 s:\n{log.read_text(errors='replace')}")


@contextmanager
def running_server(database: Path, model_dir: Path, folder: Path) -> Iterator[str]:
    """``borderlens serve`` in its own process over a copy of ``database``; its base URL.

    The process is stopped (killed if it will not stop) when the block ends."""
    copy = folder / database.name
    shutil.copy(database, copy)
    port, log = free_port(), folder / "server.log"
    environment = {
        **os.environ,
        "BORDERLENS_DATABASE": str(copy),
        "BORDERLENS_MODEL_DIR": str(model_dir),
        "BORDERLENS_DUCKDB_THREADS": "2",
    }
    command = [sys.executable, "-m", "borderlens", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def live_server(
    scored_world: ScoredWorld, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``borderlens serve`` in its own process over a copy of the scored world; its base URL."""
    folder = tmp_path_factory.mktemp("live")
    with running_server(scored_world.database, scored_world.model_dir, folder) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (`make browser`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def on_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


@pytest.fixture
def browser_page(chromium: Browser) -> Iterator[Page]:
    """A fresh browser page; at the end, fails if any request left 127.0.0.1."""
    context = chromium.new_context()
    context.set_default_timeout(10_000)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    yield context.new_page()
    context.close()
    strangers = [url for url in requested if not on_loopback(url)]
    assert not strangers, f"requests left the server: {strangers}"
