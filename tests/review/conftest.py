"""The tiny world taken through every stage a case page reads: entities, ownership, related
parties, a model, rule hits, a selection with exploration and explanations of most red items;
and the workbench over a private copy of it, signed in as a given role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.network import build_network
from borderlens.resolve.matching import resolve_entities
from borderlens.review.accounts import find_user
from borderlens.review.roles import Role
from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.risk.explain import explain_selection
from borderlens.risk.model import train_model
from borderlens.risk.policy import balanced
from borderlens.risk.rules import BASELINE_PROFILE, evaluate_rules
from borderlens.risk.scoring import feature_rows, score_rows
from borderlens.risk.selection import Budget, select_declarations
from borderlens.settings import Settings
from borderlens.warehouse.store import Store
from borderlens.web.app import create_app
from borderlens.web.context import Workbench
from borderlens.web.security.sessions import SESSION_COOKIE, start_session
from borderlens.web.server import ensure_demo_accounts

DEMO_PASSWORD = "borderlens-demo"
CASE_BUDGET = Budget(share=0.2)
"""The tiny world has a handful of items a day: a fifth of them red gives every kind of case."""
CASE_EXPLORATION = 0.5
"""Half of the open red budget drawn at random, so that the tiny world has exploration items."""
UNEXPLAINED_RED = 3
"""Red items left without a stored explanation, to be explained when their case is viewed."""


@dataclass(frozen=True)
class CaseWorld:
    database: Path
    model_dir: Path
    unexplained_red: tuple[tuple[str, int], ...]


def _red_items(engine: DuckDBEngine) -> list[tuple[str, int]]:
    rows = engine.query(
        "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'red' "
        "ORDER BY fraud_probability DESC, declaration_id, item_no"
    ).to_pylist()
    return [(row["declaration_id"], row["item_no"]) for row in rows]


def build_case_world(tiny_world: Path, folder: Path) -> CaseWorld:
    """Every stage the case page reads, run for real on a copy of the tiny world."""
    database, model_dir = folder / "cases.duckdb", folder / "models"
    shutil.copy(tiny_world, database)
    with DuckDBEngine(database) as engine:
        resolve_entities(engine)
        build_network(engine)
        table, features = feature_rows(engine)
        model = train_model(table, features)
        model.save(model_dir / f"{model.version}.json")
        score_rows(engine, model, table, features)
        evaluate_rules(engine, [BASELINE_PROFILE])
        policy = balanced(DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE)
        select_declarations(engine, policy, CASE_BUDGET, exploration=CASE_EXPLORATION)
        red = _red_items(engine)
        explain_selection(engine, model, red[:-UNEXPLAINED_RED])
    store = Store(database)
    try:
        ensure_demo_accounts(store, DEMO_PASSWORD)
    finally:
        store.close()
    return CaseWorld(database, model_dir, tuple(red[-UNEXPLAINED_RED:]))


_CASE_WORLD = pytest.StashKey[CaseWorld]()


def case_world_of(request: pytest.FixtureRequest) -> CaseWorld:
    """The session's case world, built once whichever test folder asks first."""
    stash = request.config.stash
    if _CASE_WORLD not in stash:
        tiny_world = request.getfixturevalue("tiny_world")
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        stash[_CASE_WORLD] = build_case_world(tiny_world, factory.mktemp("cases"))
    return stash[_CASE_WORLD]


@pytest.fixture(scope="session")
def case_world(request: pytest.FixtureRequest) -> CaseWorld:
    return case_world_of(request)


def copy_world(world: CaseWorld, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "cases.duckdb"
    shutil.copy(world.database, copy)
    return copy


@pytest.fixture
def case_store(case_world: CaseWorld, tmp_path: Path) -> Iterator[Store]:
    """A private, open copy of the case world."""
    opened = Store(copy_world(case_world, tmp_path))
    yield opened
    opened.close()


@dataclass
class CaseBench:
    """The workbench app over a private copy of the case world."""

    bench: Workbench
    app: FastAPI
    clients: list[TestClient] = field(default_factory=list)

    @property
    def store(self) -> Store:
        return self.bench.store

    def client(self, role: Role | None = None) -> TestClient:
        """A client, signed in (with a real session) as the demo account of ``role``."""
        client = TestClient(self.app)
        self.clients.append(client)
        if role is not None:
            user = find_user(self.store, role.value)
            assert user is not None, f"no demo account {role.value}"
            token = start_session(self.store, user, "tests", self.bench.settings.session_minutes)
            client.cookies.set(SESSION_COOKIE, token)
        return client

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.bench.close()


def open_case_bench(world: CaseWorld, folder: Path, model_dir: Path | None = None) -> CaseBench:
    database = copy_world(world, folder)
    settings = Settings(database=database, model_dir=model_dir or world.model_dir)
    bench = Workbench(Store(database), settings, demo=True)
    return CaseBench(bench, create_app(bench))
