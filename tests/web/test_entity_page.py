"""The entity page and its JSON twin on a resolved world, and match judgements by role."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.network import build_network
from borderlens.resolve.matching import resolve_entities
from tests.web.conftest import ScoredWorld, WebBench, csrf_of, open_bench

OWNED_IMPORTER = (
    "SELECT e.entity_id FROM entity e WHERE "
    "EXISTS (SELECT 1 FROM ultimate_owner u WHERE u.entity_id = e.entity_id) "
    "AND EXISTS (SELECT 1 FROM structure_metric s WHERE s.entity_id = e.entity_id) "
    "AND EXISTS (SELECT 1 FROM entity_link l WHERE l.entity_id = e.entity_id "
    "AND l.source_kind = 'importer') "
    "AND (SELECT count(*) FROM entity_link l WHERE l.entity_id = e.entity_id) >= 2 "
    "ORDER BY e.entity_id LIMIT 1"
)


@pytest.fixture(scope="module")
def resolved_world(
    scored_world: ScoredWorld, tmp_path_factory: pytest.TempPathFactory
) -> ScoredWorld:
    """The scored tiny world with its entities resolved and its ownership network built."""
    database = tmp_path_factory.mktemp("resolved") / "world.duckdb"
    shutil.copy(scored_world.database, database)
    with DuckDBEngine(database) as engine:
        resolve_entities(engine)
        build_network(engine)
    return dataclasses.replace(scored_world, database=database)


@pytest.fixture
def web(resolved_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    opened = open_bench(resolved_world, tmp_path / "bench")
    yield opened
    opened.close()


def owned_importer(web: WebBench) -> str:
    found = web.bench.store.value(OWNED_IMPORTER)
    assert isinstance(found, str), "the tiny world has an importer with owners"
    return found


def test_entity_json_has_names_sources_owners_and_metrics(web: WebBench) -> None:
    entity_id = owned_importer(web)
    answer = web.login("auditor").get(f"/api/entities/{entity_id}")
    assert answer.status_code == 200
    found = answer.json()
    assert found["entity"]["entity_id"] == entity_id
    kinds = {record["source_kind"] for record in found["records"]}
    assert "importer" in kinds and len(found["records"]) >= 2
    assert all(record["names"] and record["match_probability"] for record in found["records"])
    assert found["owners"] and all(owner["path"] for owner in found["owners"])
    assert found["structure"]["entity_id"] == entity_id
    assert found["declaration_count"] > 0 and found["declarations"]
    assert found["pairs"] and found["judgements"] == []


def test_unknown_entities_are_404(web: WebBench) -> None:
    analyst = web.login("analyst")
    assert analyst.get("/api/entities/ENOSUCHENTITY0000").status_code == 404
    page = analyst.get("/entities/ENOSUCHENTITY0000")
    assert page.status_code == 404 and "No such entity" in page.text


def test_entity_page_links_owners_and_cases(web: WebBench) -> None:
    entity_id = owned_importer(web)
    page = web.login("analyst").get(f"/entities/{entity_id}")
    assert page.status_code == 200
    data = web.login("analyst").get(f"/api/entities/{entity_id}").json()
    for owner in data["owners"]:
        assert f'href="/entities/{owner["owner_id"]}"' in page.text
    item = data["declarations"][0]
    assert f'href="/cases/{item["declaration_id"]}/{item["item_no"]}"' in page.text
    assert "Same entity" in page.text and "Not the same" in page.text


def test_an_analyst_judges_a_pair_and_it_is_recorded_and_audited(web: WebBench) -> None:
    entity_id = owned_importer(web)
    analyst = web.login("analyst")
    pair = web.login("analyst").get(f"/api/entities/{entity_id}").json()["pairs"][0]
    form = {
        "record_a": pair["a"]["record"],
        "record_b": pair["b"]["record"],
        "verdict": "reject",
        "reason": "different registration numbers",
    }
    refused = analyst.post(f"/entities/{entity_id}/judgements", data=form, follow_redirects=False)
    assert refused.status_code == 403 and "form token (csrf)" in refused.text.lower()
    form["csrf_token"] = csrf_of(analyst)
    answer = analyst.post(f"/entities/{entity_id}/judgements", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/entities/{entity_id}?judged=reject#judgements"
    store = web.bench.store
    row = store.row("SELECT * FROM match_judgement")
    assert row is not None
    assert (row["analyst"], row["verdict"]) == ("analyst", "reject")
    assert row["reason"] == "different registration numbers"
    event = store.row("SELECT * FROM audit_event WHERE action = 'workbench: match rejected'")
    assert event is not None and (event["actor"], event["subject"]) == ("analyst", entity_id)
    assert json.loads(event["detail"])["pair"] == [form["record_a"], form["record_b"]]
    shown = analyst.get(answer.headers["location"]).text
    assert "different registration numbers" in shown and "not the same" in shown


def test_the_api_records_a_judgement_and_refuses_one_without_reason(web: WebBench) -> None:
    entity_id = owned_importer(web)
    bearer = {"Authorization": f"Bearer {web.token('analyst')}"}
    client = web.client()
    pair = client.get(f"/api/entities/{entity_id}", headers=bearer).json()["pairs"][0]
    body = {"record_a": pair["a"]["record"], "record_b": pair["b"]["record"], "verdict": "confirm"}
    empty = client.post(
        f"/api/entities/{entity_id}/judgements", json={**body, "reason": " "}, headers=bearer
    )
    assert empty.status_code == 400 and "reason" in empty.json()["detail"]
    made = client.post(
        f"/api/entities/{entity_id}/judgements", json={**body, "reason": "same VAT"}, headers=bearer
    )
    assert made.status_code == 201 and made.json()["entity_id"] == entity_id
    stored = web.bench.store.value(
        "SELECT verdict FROM match_judgement WHERE judgement_id = ?", [made.json()["judgement_id"]]
    )
    assert stored == "confirm"


def test_an_auditor_reads_entities_but_may_not_judge(web: WebBench) -> None:
    entity_id = owned_importer(web)
    auditor = web.login("auditor")
    page = auditor.get(f"/entities/{entity_id}")
    assert page.status_code == 200 and "Not the same" not in page.text
    pair = auditor.get(f"/api/entities/{entity_id}").json()["pairs"][0]
    form = {
        "record_a": pair["a"]["record"],
        "record_b": pair["b"]["record"],
        "verdict": "reject",
        "reason": "looks different",
        "csrf_token": csrf_of(auditor),
    }
    answer = auditor.post(f"/entities/{entity_id}/judgements", data=form)
    assert answer.status_code == 403 and "Not for your role" in answer.text
    api = auditor.post(
        f"/api/entities/{entity_id}/judgements",
        json={key: form[key] for key in ("record_a", "record_b", "verdict", "reason")},
        headers={"X-CSRF-Token": form["csrf_token"]},
    )
    assert api.status_code == 403
    assert web.bench.store.value("SELECT count(*) FROM match_judgement") == 0


def test_search_finds_entities_by_name_and_party_id(web: WebBench) -> None:
    entity_id = owned_importer(web)
    store = web.bench.store
    name = store.value("SELECT name FROM entity WHERE entity_id = ?", [entity_id])
    party = store.value(
        "SELECT source_key FROM entity_link WHERE entity_id = ? AND source_kind = 'importer'",
        [entity_id],
    )
    analyst = web.login("analyst")
    page = analyst.get("/entities", params={"q": name})
    assert page.status_code == 200 and f'href="/entities/{entity_id}"' in page.text
    found = analyst.get("/api/entities", params={"q": party}).json()
    assert entity_id in {row["entity_id"] for row in found}
    assert analyst.get("/api/entities", params={"q": "<script>"}).json() == []
