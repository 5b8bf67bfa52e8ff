"""The case page's access paths follow the warehouse: indexes come back after a pipeline run
rewrites a table, and the party items are rebuilt when declarations are added."""

from __future__ import annotations

import pytest

from borderlens.review import read_models
from borderlens.review.access import INDEXED_TABLES, PARTY_ITEM_TABLE, ensure_case_access
from borderlens.review.cases import read_case
from borderlens.risk.policy import balanced
from borderlens.risk.selection import SELECTION_TABLE, Budget, select_declarations
from borderlens.warehouse.store import Store
from tests.review.conftest import CaseWorld


def _indexed(store: Store) -> set[str]:
    return {row["table_name"] for row in store.rows("SELECT table_name FROM duckdb_indexes()")}


def test_each_party_item_is_listed_once_per_role(case_store: Store) -> None:
    ensure_case_access(case_store)
    listed = case_store.rows(
        f"SELECT role, count(*) AS items FROM {PARTY_ITEM_TABLE} GROUP BY role ORDER BY role"
    )
    expected = case_store.row(
        "SELECT count(importer_id) AS importer, count(seller_id) AS seller FROM declaration"
    )
    assert expected is not None and expected["importer"] > 0 and expected["seller"] > 0
    assert {row["role"]: row["items"] for row in listed} == expected
    assert set(INDEXED_TABLES) | {PARTY_ITEM_TABLE} <= _indexed(case_store)


def test_a_rewritten_selection_gets_its_index_back(
    case_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_case_access(case_store)
    with case_store.exclusive() as engine:
        select_declarations(engine, balanced(0.1, 0.1), Budget(share=0.01), exploration=0.0)
    assert SELECTION_TABLE not in _indexed(case_store)
    monkeypatch.setattr(read_models, "RECHECK_SECONDS", 0.0)
    ensure_case_access(case_store)
    assert SELECTION_TABLE in _indexed(case_store)


def test_new_declarations_reach_the_traders_record(
    case_store: Store, case_world: CaseWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = case_store.row(
        "SELECT declaration_id, item_no FROM declaration WHERE importer_id IS NOT NULL "
        "ORDER BY declaration_date DESC, declaration_id LIMIT 1"
    )
    assert row is not None
    key = (row["declaration_id"], row["item_no"])
    before = read_case(case_store, case_world.model_dir, *key)
    assert before is not None
    with case_store.writing() as cursor:
        cursor.execute(
            "INSERT INTO declaration SELECT * REPLACE (declaration_id || '-later' AS "
            "declaration_id) FROM declaration WHERE declaration_id = ? AND item_no = ?",
            list(key),
        )
    monkeypatch.setattr(read_models, "RECHECK_SECONDS", 0.0)
    after = read_case(case_store, case_world.model_dir, *key)
    assert after is not None
    assert after.importer_history.declarations == before.importer_history.declarations + 1
    assert f"{key[0]}-later" in {recent.declaration_id for recent in after.importer_history.recent}
