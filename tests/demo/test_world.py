"""Tests of the demo world generator at size tiny."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from borderlens.demo.world import WorldFiles, generate_world
from borderlens.demo.world.rows import DECLARATION_COLUMNS

SCRIPT_RANGES = {
    "cyrillic": (0x0400, 0x04FF),
    "greek": (0x0370, 0x03FF),
    "arabic": (0x0600, 0x06FF),
    "chinese": (0x4E00, 0x9FFF),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldFiles:
    return generate_world(tmp_path_factory.mktemp("world"), size="tiny")


def _rows(world: WorldFiles) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in world.declarations:
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [r for r in csv.DictReader(handle) if None not in r.values()]
    return rows


def _records(world: WorldFiles) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in world.bods:
        records += json.loads(path.read_text(encoding="utf-8"))
    return records


def test_same_seed_gives_identical_files(world: WorldFiles, tmp_path: Path) -> None:
    again = generate_world(tmp_path, size="tiny")
    first = [*world.declarations, *world.bods, world.roles, world.border_posts]
    second = [*again.declarations, *again.bods, again.roles, again.border_posts]
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


def test_declaration_columns_and_months(world: WorldFiles) -> None:
    assert len(world.declarations) >= 18
    for path in world.declarations:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert [c.strip('"') for c in header.split(",")] == list(DECLARATION_COLUMNS)
    assert len({r["declaration_id"] for r in _rows(world)}) >= 300


def test_at_least_forty_countries(world: WorldFiles) -> None:
    assert world.summary["countries"] >= 40


def _owners_graph(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    links: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record["recordType"] == "relationship":
            details = record["recordDetails"]
            links[details["subject"]].add(details["interestedParty"])
            links[details["interestedParty"]].add(details["subject"])
    return links


def test_big_structure_found_by_walking_relationships(world: WorldFiles) -> None:
    records = _records(world)
    kinds = {r["recordId"]: r for r in records if r["recordType"] != "relationship"}
    links = _owners_graph(records)
    seen: set[str] = set()
    largest: set[str] = set()
    for start in links:
        if start in seen:
            continue
        component, frontier = {start}, [start]
        while frontier:
            for neighbour in links[frontier.pop()] - component:
                component.add(neighbour)
                frontier.append(neighbour)
        seen |= component
        largest = max(largest, component, key=len)
    companies = [kinds[r] for r in largest if kinds[r]["recordType"] == "entity"]
    persons = [r for r in largest if kinds[r]["recordType"] == "person"]
    countries = {c["recordDetails"]["jurisdiction"]["code"] for c in companies}
    assert len(companies) > 150 and len(persons) > 50 and len(countries) >= 23


def test_ownership_cycle_exists(world: WorldFiles) -> None:
    owned_by: dict[str, set[str]] = defaultdict(set)
    for record in _records(world):
        details = record["recordDetails"]
        if (
            record["recordType"] == "relationship"
            and details["interests"][0]["type"] == "shareholding"
        ):
            owned_by[details["subject"]].add(details["interestedParty"])

    def reaches_itself(start: str) -> bool:
        frontier, visited = list(owned_by[start]), set()
        while frontier:
            node = frontier.pop()
            if node == start:
                return True
            if node not in visited:
                visited.add(node)
                frontier.extend(owned_by.get(node, ()))
        return False

    assert any(reaches_itself(company) for company in list(owned_by))


def test_every_fraud_type_present_with_real_ids(world: WorldFiles) -> None:
    frauds = world.truth["truth_fraud"].to_pylist()
    kinds = {f["fraud_type"] for f in frauds}
    assert kinds == {
        "undervaluation",
        "misclassification",
        "origin_misdeclaration",
        "split_shipment",
    }
    keys = {(r["declaration_id"], int(r["item_no"])) for r in _rows(world)}
    assert all((f["declaration_id"], f["item_no"]) in keys for f in frauds)


def test_every_declared_party_has_a_registry_record(world: WorldFiles) -> None:
    entities = world.truth["truth_entity"].to_pylist()
    by_source = {(e["source_kind"], e["source_key"]): e["true_entity_id"] for e in entities}
    in_registry = {e["true_entity_id"] for e in entities if e["source_kind"] == "registry"}
    for row in _rows(world):
        for kind, column in (("importer", "importer_id"), ("seller", "seller_id")):
            if row[column]:
                assert by_source[(kind, row[column])] in in_registry


def test_labels_only_on_inspected_rows(world: WorldFiles) -> None:
    rows = _rows(world)
    assert any(r["inspected"] == "true" for r in rows)
    for row in rows:
        labelled = row["fraud_label"] or row["critical_fraud_label"] or row["revenue_recovered"]
        assert bool(labelled) == (row["inspected"] == "true")


def test_registry_names_in_all_four_scripts(world: WorldFiles) -> None:
    names = [r["recordDetails"].get("name", "") for r in _records(world)]
    for low, high in SCRIPT_RANGES.values():
        assert any(any(low <= ord(ch) <= high for ch in name) for name in names)


def test_related_pairs_have_relation_letters(world: WorldFiles) -> None:
    pairs = world.truth["truth_related_pair"].to_pylist()
    assert pairs and all(set(p["relation"].split(",")) <= set("acdefh") for p in pairs)


def test_persons_with_companies_abroad_are_listed_by_each_register(world: WorldFiles) -> None:
    """A person is listed by the register of every region where they own or direct a company,
    under that register's own record id, and the truth knows all listings are one person."""
    persons: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for path in world.bods:
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record["recordType"] == "person":
                persons[record["recordId"]].append((path.name, record))
    truth = {
        e["source_key"]: e["true_entity_id"]
        for e in world.truth["truth_entity"].to_pylist()
        if e["source_kind"] == "registry" and e["entity_kind"] == "person"
    }
    assert set(persons) == set(truth)
    listings: dict[str, set[str]] = defaultdict(set)
    for record_id, found in persons.items():
        assert len(found) == 1  # a register lists each of its records once
        listings[truth[record_id]].add(found[0][0])
    abroad = [files for files in listings.values() if len(files) > 1]
    assert abroad, "some person should be listed by two regions' registers"
    publishers = {
        record["publicationDetails"]["publisher"]["name"]
        for found in persons.values()
        for _, record in found
    }
    assert len(publishers) > 1
