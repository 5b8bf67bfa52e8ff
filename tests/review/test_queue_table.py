"""The queue's own table follows the selection: a new selection run is what the next page
shows, once the recheck interval has passed."""

from __future__ import annotations

import pytest

from borderlens.review import read_models
from borderlens.review.queue import QueueFilter, read_queue
from borderlens.risk.policy import balanced
from borderlens.risk.selection import Budget, select_declarations
from borderlens.warehouse.store import Store


def test_a_new_selection_rebuilds_the_queue(
    case_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = read_queue(case_store, QueueFilter(channels=("red",))).total
    assert before > 0
    with case_store.exclusive() as engine:
        select_declarations(engine, balanced(0.1, 0.1), Budget(share=0.01), exploration=0.0)
    wanted = int(case_store.value("SELECT count(*) FROM risk_selection WHERE channel = 'red'"))
    assert wanted < before
    assert read_queue(case_store, QueueFilter(channels=("red",))).total == before  # not yet

    monkeypatch.setattr(read_models, "RECHECK_SECONDS", 0.0)
    after = read_queue(case_store, QueueFilter(channels=("red",)))
    assert after.total == wanted
    assert after.summary.channels["red"] == wanted
