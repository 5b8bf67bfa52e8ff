"""Worlds for the tests of decisions, outcomes, the audit trail, KPIs and the learning loop.

The tiny demo world is scored by the risk stage, the baseline rule profile is applied, and the
selection runs again with a wide red budget, so that a handful of items carry every kind of
advice (model picks, exploration draws, rule hits, yellow, blue and green) and explanations.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.review.accounts import User, create_user
from borderlens.review.roles import Role
from borderlens.risk.policy import balanced
from borderlens.risk.rules import BASELINE_PROFILE, evaluate_rules
from borderlens.risk.selection import Budget, select_declarations
from borderlens.risk.stage import explain_red_items, run_risk_stage
from borderlens.warehouse.store import Store

CLIENT = "testclient"


def scored_world(tiny_world: Path, folder: Path) -> Path:
    """A copy of the tiny world with scores, rule hits, channels and explanations."""
    database = folder / "scored.duckdb"
    shutil.copy(tiny_world, database)
    with DuckDBEngine(database) as engine:
        stage = run_risk_stage(engine, folder / "models")
        evaluate_rules(engine, [BASELINE_PROFILE])
        select_declarations(engine, balanced(0.5, 0.1), Budget(share=0.25), exploration=0.3)
        explain_red_items(engine, stage.model)
    return database


@contextmanager
def opened_store(source: Path, folder: Path) -> Iterator[Store]:
    """A private copy of ``source`` opened as the workbench opens it."""
    copy = folder / "warehouse.duckdb"
    shutil.copy(source, copy)
    store = Store(copy)
    try:
        yield store
    finally:
        store.close()


def item_in(store: Store, where: str) -> tuple[str, int]:
    """The first item of ``risk_selection`` meeting ``where`` (test-written SQL)."""
    found = store.row(
        f"SELECT declaration_id, item_no FROM risk_selection WHERE {where} "
        "ORDER BY declaration_id, item_no LIMIT 1"
    )
    assert found, f"the test world has no item where {where}"
    return found["declaration_id"], found["item_no"]


def add_user(store: Store, role: Role, name: str | None = None) -> User:
    return create_user(
        store, name or role.value, role, "a long password", created_by="test", client=CLIENT
    )
