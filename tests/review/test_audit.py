"""The decision trail and the audit events: filters, pages, the outcome shown beside each
decision, and the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from borderlens.review.accounts import now
from borderlens.review.audit import (
    CSV_COLUMNS,
    PAGE_SIZE,
    TrailFilter,
    audit_events,
    decision_trail,
    event_choices,
    trail_choices,
    trail_csv,
)
from borderlens.review.decisions import Finding, record_decision, record_outcome
from borderlens.warehouse.store import Store
from tests.measure import item_in, opened_store


@pytest.fixture
def store(advised_world: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_store(advised_world, tmp_path) as opened:
        yield opened


def decide(store: Store, where: str, action: str, officer: str, reason: str = "") -> str:
    item = item_in(store, where)
    return record_decision(store, *item, action, reason, officer=officer, client="c").decision_id


def ids(rows: list[dict[str, object]]) -> set[object]:
    return {row["decision_id"] for row in rows}


def test_each_filter_narrows_the_trail(store: Store) -> None:
    ruled = decide(store, "picked_by = 'rule:weapons-explosives'", "inspect", "ana")
    overridden = decide(store, "channel = 'green'", "inspect", "bob", "tip-off from the port")
    followed = decide(store, "channel = 'yellow'", "documentary_check", "bob")
    everything = decision_trail(store, TrailFilter())
    assert everything.total == 3 and ids(everything.rows) == {ruled, overridden, followed}
    assert ids(decision_trail(store, TrailFilter(officer="bob")).rows) == {overridden, followed}
    assert ids(decision_trail(store, TrailFilter(rule="weapons-explosives")).rows) == {ruled}
    assert ids(decision_trail(store, TrailFilter(overridden=True)).rows) == {overridden}
    assert ids(decision_trail(store, TrailFilter(overridden=False)).rows) == {ruled, followed}
    version = store.value("SELECT max(model_version) FROM risk_selection")
    assert decision_trail(store, TrailFilter(model_version=version)).total == 3
    assert decision_trail(store, TrailFilter(model_version="risk-other")).total == 0
    today = now().date()
    assert decision_trail(store, TrailFilter(since=today, until=today)).total == 3
    assert decision_trail(store, TrailFilter(since=today + timedelta(days=1))).total == 0
    assert decision_trail(store, TrailFilter(until=today - timedelta(days=1))).total == 0
    choices = trail_choices(store)
    assert choices.officers == ["ana", "bob"] and choices.rules == ["weapons-explosives"]
    assert choices.model_versions == [version]


def test_each_decision_shows_the_advice_and_the_item_s_current_outcome(store: Store) -> None:
    item = item_in(store, "channel = 'red' AND picked_by LIKE 'policy:%'")
    first = record_decision(store, *item, "inspect", officer="ana", client="c")
    hit = record_outcome(
        store, *item, Finding("hit", "undeclared goods", 90.0), officer="ana", client="c"
    )
    record_outcome(
        store,
        *item,
        Finding("hit", "undeclared goods", 120.0),
        officer="ana",
        client="c",
        corrects=hit.outcome_id,
    )
    fixed = record_decision(
        store,
        *item,
        "inspect",
        "checked twice",
        officer="bob",
        client="c",
        corrects=first.decision_id,
    )
    rows = {row["decision_id"]: row for row in decision_trail(store, TrailFilter()).rows}
    assert rows[first.decision_id]["corrected_by"] == fixed.decision_id
    assert rows[fixed.decision_id]["corrects"] == first.decision_id
    for row in rows.values():
        assert row["outcome_result"] == "hit" and row["revenue_recovered"] == 120.0
        assert row["advice_channel"] == "red" and row["advice_reasons"]
    assert rows[fixed.decision_id]["advice_reasons"] == list(first.advice.reasons)


def test_the_trail_comes_in_pages_of_fifty(store: Store) -> None:
    items = store.rows(
        "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'green' "
        "ORDER BY 1, 2 LIMIT ?",
        [PAGE_SIZE + 3],
    )
    for row in items:
        record_decision(
            store, row["declaration_id"], row["item_no"], "release", officer="ana", client="c"
        )
    first, second = (decision_trail(store, TrailFilter(), page) for page in (1, 2))
    assert first.total == PAGE_SIZE + 3 and first.pages == 2
    assert len(first.rows) == PAGE_SIZE and len(second.rows) == 3
    assert not ids(first.rows) & ids(second.rows)
    assert [r["decided_at"] for r in first.rows] == sorted(
        (r["decided_at"] for r in first.rows), reverse=True
    )


def test_the_csv_has_a_header_and_every_filtered_row(store: Store) -> None:
    decide(store, "channel = 'green'", "inspect", "ana", '=HYPERLINK("http://x")')
    decide(store, "channel = 'yellow'", "documentary_check", "bob")
    text = "".join(trail_csv(store, TrailFilter()))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 3
    by_officer = {row[CSV_COLUMNS.index("officer")]: row for row in rows[1:]}
    assert by_officer["ana"][CSV_COLUMNS.index("reason")] == '\'=HYPERLINK("http://x")'
    assert by_officer["ana"][CSV_COLUMNS.index("overrides_advice")] == "True"
    only_bob = list(csv.reader(io.StringIO("".join(trail_csv(store, TrailFilter(officer="bob"))))))
    assert len(only_bob) == 2 and only_bob[1][CSV_COLUMNS.index("officer")] == "bob"


def test_audit_events_filter_by_actor_and_action(store: Store) -> None:
    decide(store, "channel = 'red'", "inspect", "ana")
    decide(store, "channel = 'yellow'", "documentary_check", "bob")
    every = audit_events(store)
    mine = audit_events(store, actor="ana")
    decisions = audit_events(store, action="workbench: decision recorded")
    assert every.total > decisions.total
    assert {row["actor"] for row in mine.rows} == {"ana"} and mine.total == 1
    assert decisions.total == 2 and {r["actor"] for r in decisions.rows} == {"ana", "bob"}
    assert audit_events(store, actor="ana", action="workbench: signed in").total == 0
    actors, actions = event_choices(store)
    assert {"ana", "bob"} <= set(actors) and "workbench: decision recorded" in actions
