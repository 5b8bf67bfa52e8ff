"""The queue read model on the case world: only selected items, every filter, the sorts, the
pages, and a top reason from the right source for each way an item was picked."""

from __future__ import annotations

from typing import Any

import pytest

from borderlens.review.advice import EXPLORATION_REASON
from borderlens.review.decisions import record_decision
from borderlens.review.queue import (
    PAGE_SIZE,
    QueueFilter,
    escape_like,
    read_queue,
)
from borderlens.warehouse.store import Store


def count(store: Store, where: str, params: list[Any] | None = None) -> int:
    return int(store.value(f"SELECT count(*) FROM risk_selection s WHERE {where}", params or []))


def every_row(store: Store, wanted: QueueFilter) -> list[Any]:
    rows, page = [], 1
    while True:
        found = read_queue(store, QueueFilter(**{**wanted.__dict__, "page": page}))
        rows += found.rows
        if page >= found.pages:
            return rows
        page += 1


def test_the_default_queue_is_red_yellow_and_blue_items_only(case_store: Store) -> None:
    result = read_queue(case_store, QueueFilter())
    expected = count(case_store, "channel IN ('red', 'yellow', 'blue')")
    assert result.ready and result.total == expected > PAGE_SIZE
    assert len(result.rows) == PAGE_SIZE
    assert result.pages == -(-expected // PAGE_SIZE)
    assert {row.channel for row in every_row(case_store, QueueFilter())} == {
        "red",
        "yellow",
        "blue",
    }
    assert result.summary.channels["green"] == count(case_store, "channel = 'green'")
    assert sum(office.total for office in result.summary.offices) == expected


def test_green_items_appear_only_when_asked_for(case_store: Store) -> None:
    green = read_queue(case_store, QueueFilter(channels=("green",)))
    assert green.total == count(case_store, "channel = 'green'") > 0
    assert {row.channel for row in green.rows} == {"green"}
    assert {row.picked_by for row in green.rows} == {""}


def test_office_and_picker_filters(case_store: Store) -> None:
    office = case_store.value(
        "SELECT office_id FROM risk_selection WHERE channel = 'red' "
        "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    )
    by_office = every_row(case_store, QueueFilter(office=office))
    assert {row.office_id for row in by_office} == {office}
    assert len(by_office) == count(
        case_store, "office_id = ? AND channel IN ('red', 'yellow', 'blue')", [office]
    )
    for picker, sql in (
        ("exploration", "picked_by = 'exploration'"),
        ("rule", "picked_by LIKE 'rule:%'"),
        ("model", "(picked_by LIKE 'policy:%' OR picked_by LIKE 'rank:%')"),
    ):
        rows = every_row(case_store, QueueFilter(picked_by=picker))
        assert rows and {row.picked_by for row in rows} == {picker}
        assert len(rows) == count(case_store, f"{sql} AND channel IN ('red', 'yellow', 'blue')")


def test_each_row_says_why_it_was_picked(case_store: Store) -> None:
    explored = read_queue(case_store, QueueFilter(picked_by="exploration")).rows
    assert all(row.exploration and row.top_reason == EXPLORATION_REASON for row in explored)
    for row in read_queue(case_store, QueueFilter(picked_by="rule")).rows:
        reason = case_store.value(
            "SELECT reason FROM risk_rule_hit WHERE declaration_id = ? AND item_no = ? "
            "AND rule_id = ?",
            [row.declaration_id, row.item_no, row.picked_by_detail.removeprefix("rule:")],
        )
        assert row.reason_source == "rule" and row.top_reason == reason
    model_red = read_queue(case_store, QueueFilter(channels=("red",), picked_by="model")).rows
    explained = [row for row in model_red if row.reason_source == "model"]
    assert explained
    for row in explained:
        assert row.top_reason == case_store.value(
            "SELECT e.text FROM risk_explanation e JOIN risk_selection s USING "
            "(declaration_id, item_no, model_version) WHERE e.declaration_id = ? "
            "AND e.item_no = ? AND e.rank = 1",
            [row.declaration_id, row.item_no],
        )


@pytest.mark.parametrize(
    ("sort", "descending", "key"),
    [
        ("probability", True, lambda row: row.fraud_probability),
        ("date", False, lambda row: row.declaration_date),
        ("value", True, lambda row: row.item_value),
        ("office", False, lambda row: row.office_id),
    ],
)
def test_sorts(case_store: Store, sort: str, descending: bool, key: Any) -> None:
    rows = every_row(case_store, QueueFilter(sort=sort, descending=descending))
    values = [key(row) for row in rows]
    assert values == sorted(values, reverse=descending)
    assert len({(row.declaration_id, row.item_no) for row in rows}) == len(rows)


def test_pages_split_the_queue_without_overlap(case_store: Store) -> None:
    first = read_queue(case_store, QueueFilter(page=1))
    second = read_queue(case_store, QueueFilter(page=2))
    keys = [(row.declaration_id, row.item_no) for row in first.rows + second.rows]
    assert len(set(keys)) == 2 * PAGE_SIZE
    beyond = read_queue(case_store, QueueFilter(page=first.pages + 1))
    assert beyond.rows == [] and beyond.total == first.total


def test_search_by_declaration_importer_and_hs_prefix(case_store: Store) -> None:
    row = read_queue(case_store, QueueFilter()).rows[0]
    assert row.importer_id and row.hs_code
    by_id = read_queue(case_store, QueueFilter(search=row.declaration_id[-6:])).rows
    assert (row.declaration_id, row.item_no) in {(r.declaration_id, r.item_no) for r in by_id}
    by_importer = every_row(case_store, QueueFilter(search=row.importer_id))
    assert row.importer_id in {r.importer_id for r in by_importer}
    by_hs = every_row(case_store, QueueFilter(search=row.hs_code[:4]))
    assert by_hs and all(
        r.hs_code.startswith(row.hs_code[:4])
        or row.hs_code[:4].lower() in r.declaration_id.lower()
        or (r.importer_id or "").startswith(row.hs_code[:4])
        for r in by_hs
    )
    for wildcard in ("%", "_", "\\", "2%", "_0"):
        assert read_queue(case_store, QueueFilter(search=wildcard)).total == 0


def test_escape_like_keeps_wildcards_literal() -> None:
    assert escape_like("a%b_c\\d") == "a\\%b\\_c\\\\d"


def test_decision_status_filter(case_store: Store) -> None:
    row = read_queue(case_store, QueueFilter(channels=("red",))).rows[0]
    record_decision(
        case_store, row.declaration_id, row.item_no, "inspect", officer="analyst", client="tests"
    )
    decided = read_queue(case_store, QueueFilter(status="decided"))
    assert [(r.declaration_id, r.item_no, r.decided) for r in decided.rows] == [
        (row.declaration_id, row.item_no, True)
    ]
    undecided = read_queue(case_store, QueueFilter(status="undecided"))
    assert undecided.total == read_queue(case_store, QueueFilter()).total - 1


def test_query_values_outside_the_allowed_ones_are_ignored() -> None:
    wanted = QueueFilter.from_query(
        channels=["red", "purple", "red' OR 1=1 --"],
        picked_by="model; DROP TABLE risk_selection",
        status="everything",
        sort="fraud_probability DESC; --",
        order="sideways",
        page="2 OR 1=1",
    )
    assert wanted.channels == ("red",)
    assert (wanted.picked_by, wanted.status, wanted.sort, wanted.page) == ("", "", "probability", 1)
    assert wanted.descending
    assert QueueFilter.from_query(page="3", sort="date", order="asc").page == 3


def test_an_unselected_warehouse_has_an_empty_queue(tmp_path: Any) -> None:
    store = Store(tmp_path / "empty.duckdb")
    try:
        result = read_queue(store, QueueFilter())
    finally:
        store.close()
    assert not result.ready and result.rows == [] and result.total == 0
