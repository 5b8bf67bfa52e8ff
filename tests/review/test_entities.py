"""The entity read model on a resolved tiny world, and match judgements the next resolution
run obeys."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.network import build_network
from borderlens.resolve.matching import resolve_entities
from borderlens.review import entities
from borderlens.warehouse.store import Row, Store

OWNED_IMPORTER = (
    "SELECT e.entity_id FROM entity e WHERE e.entity_kind = 'company' "
    "AND EXISTS (SELECT 1 FROM ultimate_owner u WHERE u.entity_id = e.entity_id) "
    "AND EXISTS (SELECT 1 FROM structure_metric s WHERE s.entity_id = e.entity_id AND s.depth > 0) "
    "AND EXISTS (SELECT 1 FROM entity_link l WHERE l.entity_id = e.entity_id "
    "AND l.source_kind = 'importer') "
    "AND EXISTS (SELECT 1 FROM entity_link l WHERE l.entity_id = e.entity_id "
    "AND l.source_kind = 'registry') ORDER BY e.entity_id LIMIT 1"
)


@pytest.fixture(scope="module")
def resolved(tiny_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world with entities, ownership, UBOs and related parties."""
    database = tmp_path_factory.mktemp("entities") / "world.duckdb"
    shutil.copy(tiny_world, database)
    with DuckDBEngine(database) as engine:
        resolve_entities(engine)
        build_network(engine)
    return database


@pytest.fixture
def store(resolved: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "world.duckdb"
    shutil.copy(resolved, copy)
    opened = Store(copy)
    yield opened
    opened.close()


def owned_importer(store: Store) -> str:
    found = store.value(OWNED_IMPORTER)
    assert isinstance(found, str), "the tiny world has an importer with an ownership structure"
    return found


def test_records_owners_structure_and_declarations_of_an_owned_importer(store: Store) -> None:
    entity_id = owned_importer(store)
    records = entities.linked_records(store, entity_id, "company")
    kinds = {record["source_kind"] for record in records}
    assert {"registry", "importer"} <= kinds
    for record in records:
        assert record["names"] and record["model_version"].startswith("splink-company")
        assert 0 < record["match_probability"] <= 1
    importer = next(r for r in records if r["source_kind"] == "importer")
    assert importer["declarations"] > 0 and importer["first_seen"] <= importer["last_seen"]
    owners, _ = entities.ownership(store, entity_id)
    assert owners
    for owner in owners:
        assert owner["share"] > 0 and owner["owner_name"]
        assert owner["path"][0]["entity_id"] == owner["owner_id"]
        assert owner["path"][-1]["entity_id"] == entity_id
    metrics = entities.structure(store, entity_id)
    assert metrics is not None and metrics["depth"] >= 1 and metrics["companies"] >= 1
    rows, total = entities.declarations(store, entity_id)
    expected = store.value(
        "SELECT count(*) FROM declaration WHERE importer_id = ?", [importer["source_key"]]
    )
    assert total >= expected > 0
    assert len(rows) == min(total, entities.DECLARATIONS_PER_PAGE)
    dates = [row["declaration_date"] for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_related_parties_name_the_entities_in_their_evidence(store: Store) -> None:
    entity_id = store.value("SELECT entity_a FROM related_party ORDER BY entity_a LIMIT 1")
    related = entities.related_parties(store, entity_id)
    assert related
    first = related[0]
    assert first["other_id"] != entity_id and first["other_name"]
    assert all(test["meaning"] for test in first["tests"])
    linked = [part for f in first["evidence"] for part in f["parts"] if "entity_id" in part]
    assert linked and all(part["name"] for part in linked)


def test_search_by_name_entity_id_and_party_id(store: Store) -> None:
    entity_id = owned_importer(store)
    row = store.row("SELECT name FROM entity WHERE entity_id = ?", [entity_id])
    assert row is not None
    by_name = entities.search_entities(store, row["name"].split()[0].lower())
    assert entity_id in {found["entity_id"] for found in by_name}
    assert entities.search_entities(store, entity_id.lower())[0]["entity_id"] == entity_id
    party = store.value(
        "SELECT source_key FROM entity_link WHERE entity_id = ? AND source_kind = 'importer'",
        [entity_id],
    )
    assert entity_id in {found["entity_id"] for found in entities.search_entities(store, party)}
    assert entities.search_entities(store, "' OR 1=1 --") == []


def _pair(store: Store, entity_id: str) -> tuple[str, str]:
    records = entities.linked_records(store, entity_id, "company")
    registry = next(r for r in records if r["source_kind"] == "registry")
    importer = next(r for r in records if r["source_kind"] == "importer")
    return registry["record"], importer["record"]


def _entity_of(store: Store, record: str) -> str:
    kind, key = entities.split_record(record)
    found = store.value(
        "SELECT entity_id FROM entity_link WHERE source_kind = ? AND source_key = ?", [kind, key]
    )
    assert isinstance(found, str)
    return found


def test_a_rejected_pair_is_recorded_audited_and_split_by_the_next_resolution(
    store: Store,
) -> None:
    entity_id = owned_importer(store)
    pair = _pair(store, entity_id)
    judgement_id = entities.judge_match(
        store, entity_id, pair, "reject", analyst="nino", reason="other tax id", client="10.0.0.9"
    )
    row: Row | None = store.row(
        "SELECT * FROM match_judgement WHERE judgement_id = ?", [judgement_id]
    )
    assert row is not None
    assert (row["verdict"], row["analyst"], row["reason"]) == ("reject", "nino", "other tax id")
    stored = {
        f"{row['source_kind_a']}:{row['source_key_a']}",
        f"{row['source_kind_b']}:{row['source_key_b']}",
    }
    assert stored == set(pair)
    event = store.row("SELECT * FROM audit_event WHERE action = 'workbench: match rejected'")
    assert event is not None and (event["actor"], event["subject"]) == ("nino", entity_id)
    assert json.loads(event["detail"])["pair"] == list(pair)
    shown = entities.record_pairs(
        entities.linked_records(store, entity_id, "company"),
        entities.judgements(store, list(pair)),
    )
    assert any(p["verdict"] == "reject" for p in shown)
    with store.exclusive() as engine:
        resolve_entities(engine)
    assert _entity_of(store, pair[0]) != _entity_of(store, pair[1])


def test_judgements_that_cannot_be_recorded_are_refused(store: Store) -> None:
    entity_id = owned_importer(store)
    a, b = _pair(store, entity_id)
    refused = [
        ((a, b), "  ", "say why"),
        ((a, a), "same", "two different records"),
        ((a, "seller:NO-SUCH-PARTY"), "typo", "records the resolution has linked"),
        (("registry", b), "bad", "is not a record"),
    ]
    for pair, reason, problem in refused:
        with pytest.raises(entities.JudgementError, match=problem):
            entities.judge_match(
                store, entity_id, pair, "confirm", analyst="nino", reason=reason, client="x"
            )
    assert store.value("SELECT count(*) FROM match_judgement") == 0


def test_a_pair_of_another_entity_is_refused(store: Store) -> None:
    entity_id = owned_importer(store)
    other = store.value(
        "SELECT entity_id FROM entity_link WHERE entity_id <> ? GROUP BY entity_id "
        "HAVING count(*) >= 2 ORDER BY entity_id LIMIT 1",
        [entity_id],
    )
    keys = store.rows(
        "SELECT source_kind || ':' || source_key AS record FROM entity_link WHERE entity_id = ? "
        "ORDER BY 1 LIMIT 2",
        [other],
    )
    with pytest.raises(entities.JudgementError, match="neither record belongs"):
        entities.judge_match(
            store,
            entity_id,
            (keys[0]["record"], keys[1]["record"]),
            "reject",
            analyst="nino",
            reason="r",
            client="x",
        )
