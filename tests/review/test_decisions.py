"""Decisions and outcomes: the advice kept with each decision, overrides, the rules an outcome
follows, and corrections that append rows and never change one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.review.advice import EXPLORATION_REASON
from borderlens.review.decisions import (
    Decision,
    Finding,
    RecordError,
    UnknownCase,
    case_record,
    record_decision,
    record_outcome,
)
from borderlens.warehouse.store import Store
from tests.measure import item_in, opened_store

HIT = Finding("hit", "undeclared second pallet of the same goods", 1250.0, True, False)


@pytest.fixture
def store(advised_world: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_store(advised_world, tmp_path) as opened:
        yield opened


def decide(
    store: Store, item: tuple[str, int], action: str, reason: str = "", corrects: str | None = None
) -> Decision:
    return record_decision(
        store, *item, action, reason, officer="ana", client="10.0.0.7", corrects=corrects
    )


def test_a_decision_keeps_the_advice_shown_at_that_moment(store: Store) -> None:
    item = item_in(store, "picked_by LIKE 'policy:%'")
    advice = store.row(
        "SELECT channel, model_version, fraud_probability FROM risk_selection "
        "WHERE declaration_id = ? AND item_no = ?",
        list(item),
    )
    explained = store.rows(
        "SELECT text FROM risk_explanation WHERE declaration_id = ? AND item_no = ? ORDER BY rank",
        list(item),
    )
    decision = decide(store, item, "inspect")
    row = store.row("SELECT * FROM case_decision WHERE decision_id = ?", [decision.decision_id])
    assert row is not None and advice is not None and explained
    assert row["advice_channel"] == "red"
    assert row["advice_model_version"] == advice["model_version"]
    assert row["advice_score"] == pytest.approx(advice["fraud_probability"])
    assert json.loads(row["advice_reasons"])[: len(explained)] == [r["text"] for r in explained]
    assert row["overrides_advice"] is False and row["advice_exploration"] is False
    event = store.row("SELECT * FROM audit_event WHERE action = 'workbench: decision recorded'")
    assert event is not None
    assert event["actor"] == "ana" and event["host"] == "10.0.0.7"
    assert event["subject"] == f"{item[0]}/{item[1]}"
    assert json.loads(event["detail"])["decision_id"] == decision.decision_id


@pytest.mark.parametrize(
    ("where", "action", "overrides"),
    [
        ("channel = 'red'", "inspect", False),
        ("channel = 'red'", "release", True),
        ("channel = 'yellow'", "documentary_check", False),
        ("channel = 'yellow'", "inspect", True),
        ("channel = 'blue'", "release", False),
        ("channel = 'green'", "release", False),
        ("channel = 'green'", "inspect", True),
    ],
)
def test_an_action_other_than_the_channel_advises_is_an_override(
    store: Store, where: str, action: str, overrides: bool
) -> None:
    decision = decide(store, item_in(store, where), action, "seen the manifest")
    assert decision.overrides_advice is overrides
    stored = store.value(
        "SELECT overrides_advice FROM case_decision WHERE decision_id = ?", [decision.decision_id]
    )
    assert stored is overrides


def test_an_override_must_say_why(store: Store) -> None:
    item = item_in(store, "channel = 'red'")
    with pytest.raises(RecordError) as refused:
        decide(store, item, "release", "   ")
    assert refused.value.field == "reason"
    assert store.value("SELECT count(*) FROM case_decision") == 0
    assert decide(store, item, "inspect").reason == ""


def test_exploration_draws_and_rule_hits_are_part_of_the_advice(store: Store) -> None:
    explored = decide(store, item_in(store, "picked_by = 'exploration'"), "inspect")
    ruled = decide(store, item_in(store, "picked_by = 'rule:weapons-explosives'"), "inspect")
    assert explored.advice.exploration and EXPLORATION_REASON in explored.advice.reasons
    assert ruled.advice.rules == ("weapons-explosives",)
    assert any(text.startswith("rule weapons-explosives: HS") for text in ruled.advice.reasons)
    assert store.value(
        "SELECT advice_rules FROM case_decision WHERE decision_id = ?", [ruled.decision_id]
    ) == json.dumps(["weapons-explosives"])


def test_a_correction_appends_a_row_and_leaves_the_corrected_one_whole(store: Store) -> None:
    item = item_in(store, "channel = 'red'")
    first = decide(store, item, "inspect")
    before = store.row("SELECT * FROM case_decision WHERE decision_id = ?", [first.decision_id])
    second = decide(store, item, "documentary_check", "papers suffice", corrects=first.decision_id)
    record = case_record(store, *item)
    assert [d.decision_id for d in record.decisions] == [second.decision_id, first.decision_id]
    assert record.decision is not None and record.decision.decision_id == second.decision_id
    assert record.decisions[1].corrected_by == second.decision_id
    after = store.row("SELECT * FROM case_decision WHERE decision_id = ?", [first.decision_id])
    assert after == before
    corrects = "SELECT corrects FROM case_decision WHERE decision_id = ?"
    assert store.value(corrects, [second.decision_id]) == first.decision_id
    events = store.rows("SELECT action FROM audit_event ORDER BY occurred_at")
    actions = [event["action"] for event in events]
    assert actions[-2:] == ["workbench: decision recorded", "workbench: decision corrected"]


def test_only_the_current_record_can_be_corrected_and_a_correction_says_why(store: Store) -> None:
    item = item_in(store, "channel = 'red'")
    first = decide(store, item, "inspect")
    with pytest.raises(RecordError, match="says why"):
        decide(store, item, "inspect", "", corrects=first.decision_id)
    decide(store, item, "documentary_check", "enough", corrects=first.decision_id)
    with pytest.raises(RecordError) as refused:
        decide(store, item, "inspect", "again", corrects=first.decision_id)
    assert refused.value.field == "corrects"
    assert store.value("SELECT count(*) FROM case_decision") == 2


def test_a_new_decision_supersedes_the_previous_one(store: Store) -> None:
    item = item_in(store, "channel = 'yellow'")
    decide(store, item, "documentary_check")
    escalated = decide(store, item, "inspect", "invoice shows a second consignee")
    record = case_record(store, *item)
    assert record.decision is not None and record.decision.decision_id == escalated.decision_id
    assert all(d.corrected_by is None for d in record.decisions)


def test_an_outcome_follows_a_decision_to_examine(store: Store) -> None:
    item = item_in(store, "channel = 'green'")
    with pytest.raises(RecordError, match="decision"):
        record_outcome(store, *item, HIT, officer="ana", client="x")
    decide(store, item, "release")
    with pytest.raises(RecordError, match="inspect or to check"):
        record_outcome(store, *item, HIT, officer="ana", client="x")
    decide(store, item, "documentary_check", "origin certificate looks altered")
    outcome = record_outcome(store, *item, HIT, officer="ana", client="x")
    assert case_record(store, *item).outcome == outcome
    with pytest.raises(RecordError, match="outcome is on record"):
        decide(store, item, "release", "changed my mind")


@pytest.mark.parametrize(
    ("finding", "field"),
    [
        (Finding("maybe"), "result"),
        (Finding("hit", "  "), "found"),
        (Finding("hit", "x", -1.0), "revenue_recovered"),
        (Finding("hit", "x", float("nan")), "revenue_recovered"),
        (Finding("no_hit", "", 10.0), "result"),
        (Finding("no_hit", "", 0.0, seizure=True), "result"),
        (Finding("no_hit", "", 0.0, critical=True), "result"),
        (Finding("hit", "x" * 2001), "found"),
    ],
)
def test_inconsistent_findings_are_refused(store: Store, finding: Finding, field: str) -> None:
    item = item_in(store, "channel = 'red'")
    decide(store, item, "inspect")
    with pytest.raises(RecordError) as refused:
        record_outcome(store, *item, finding, officer="ana", client="x")
    assert refused.value.field == field
    assert store.value("SELECT count(*) FROM case_outcome") == 0


def test_an_outcome_is_corrected_by_a_new_row(store: Store) -> None:
    item = item_in(store, "channel = 'red'")
    decide(store, item, "inspect")
    hit = record_outcome(store, *item, HIT, officer="ana", client="x")
    fixed = record_outcome(
        store, *item, Finding("no_hit"), officer="bob", client="y", corrects=hit.outcome_id
    )
    record = case_record(store, *item)
    assert [o.outcome_id for o in record.outcomes] == [fixed.outcome_id, hit.outcome_id]
    assert record.outcome is not None and record.outcome.result == "no_hit"
    assert record.outcomes[1].corrected_by == fixed.outcome_id
    assert record.outcomes[1].revenue_recovered == 1250.0 and record.outcomes[1].seizure
    events = store.rows("SELECT actor, action FROM audit_event WHERE action LIKE '%outcome%'")
    assert {(e["actor"], e["action"]) for e in events} == {
        ("ana", "workbench: outcome recorded"),
        ("bob", "workbench: outcome corrected"),
    }


def test_unknown_items_are_refused(store: Store) -> None:
    with pytest.raises(UnknownCase):
        decide(store, ("NO-SUCH-DECLARATION", 1), "inspect")
    assert store.value("SELECT count(*) FROM case_decision") == 0
