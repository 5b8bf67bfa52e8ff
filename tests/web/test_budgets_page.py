"""Inspection budgets: supervisors set versions (checked, audited, never edited), auditors
read them, analysts do not see them, and the next selection applies the newest one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.risk.budgets import budget_for_run, newest_budget
from tests.web.conftest import ScoredWorld, WebBench, csrf_of, open_bench


@pytest.fixture
def web(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    opened = open_bench(scored_world, tmp_path / "bench")
    yield opened
    opened.close()


def _form(csrf: str, **changes: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "kind": "share",
        "share_percent": "8",
        "exploration_percent": "10",
        "yellow_percent": "12",
        "blue_percent": "6",
        "note": "more red for the year-end peak",
        **changes,
    }


def test_a_supervisor_sets_a_version_that_the_next_selection_applies(web: WebBench) -> None:
    supervisor = web.login("supervisor")
    answer = supervisor.post("/budgets", data=_form(csrf_of(supervisor)), follow_redirects=False)
    assert answer.status_code == 303
    (version,) = supervisor.get("/api/budgets").json()
    assert (version["version"], version["share"], version["exploration"]) == (1, 0.08, 0.10)
    assert version["author"] == "supervisor"
    assert "red 8.0% of each day" in supervisor.get("/budgets").text

    stored = newest_budget(web.bench.store.engine)
    run = budget_for_run(stored)
    assert (run.budget.share, run.rates.yellow, run.rates.blue, run.version) == (
        0.08,
        0.12,
        0.06,
        1,
    )
    overridden = budget_for_run(stored, per_office_per_day=3)
    assert (overridden.budget.per_office_per_day, overridden.exploration) == (3, 0.10)
    assert overridden.version == 0

    supervisor.post("/budgets", data=_form(csrf_of(supervisor), kind="per_office_per_day",
                                           per_office_per_day="4", note="per office"))  # fmt: skip
    versions = supervisor.get("/api/budgets").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["per_office_per_day"] == 4 and versions[0]["share"] is None
    events = web.bench.store.rows(
        "SELECT actor, subject FROM audit_event WHERE action = 'workbench: budget set'"
    )
    assert sorted(event["subject"] for event in events) == ["budget v1", "budget v2"]


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"share_percent": "150"}, "from 0 to 100, not 150"),
        ({"share_percent": "a lot"}, "give a percentage"),
        ({"kind": "per_office_per_day", "per_office_per_day": "-2"}, "whole number"),
        ({"yellow_percent": "60", "blue_percent": "50"}, "cannot take more than every item"),
        ({"note": " "}, "say why"),
    ],
)
def test_a_bad_budget_is_refused_with_its_reason_and_nothing_is_stored(
    web: WebBench, changes: dict[str, str], says: str
) -> None:
    supervisor = web.login("supervisor")
    answer = supervisor.post("/budgets", data=_form(csrf_of(supervisor), **changes))
    assert answer.status_code == 400
    assert says in answer.text
    assert web.bench.store.value("SELECT count(*) FROM selection_budget") == 0


def test_auditors_read_budgets_and_only_supervisors_set_them(web: WebBench) -> None:
    auditor, analyst = web.login("auditor"), web.login("analyst")
    assert auditor.get("/budgets").status_code == 200
    assert 'id="budget-form"' not in auditor.get("/budgets").text
    assert auditor.post("/budgets", data=_form(csrf_of(auditor))).status_code == 403
    assert analyst.get("/budgets").status_code == 403
    token = web.token("auditor")
    refused = web.client().post(
        "/api/budgets",
        json={"kind": "share", "share": 0.1, "note": "x"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 403
