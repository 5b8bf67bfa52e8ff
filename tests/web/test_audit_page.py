"""The audit trail over HTTP: who may read it, the decisions with their advice and outcome, the
filters, the CSV export, the raw events tab and the JSON twins."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from borderlens.review.audit import CSV_COLUMNS
from borderlens.review.decisions import Finding, record_decision, record_outcome
from tests.web.conftest import WebBench


def record_some(bench_app: WebBench) -> tuple[str, str]:
    """An analyst's followed decision with a hit, and an override; their decision ids."""
    store = bench_app.bench.store
    red = bench_app.world.red_items[0]
    green = store.row(
        "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'green' LIMIT 1"
    )
    assert green is not None
    followed = record_decision(store, *red, "inspect", officer="analyst", client="10.1.1.1")
    record_outcome(
        store,
        *red,
        Finding("hit", "false bottom in the crates", 640.0, True),
        officer="analyst",
        client="10.1.1.1",
    )
    override = record_decision(
        store,
        green["declaration_id"],
        green["item_no"],
        "inspect",
        "driver refused the scan",
        officer="analyst",
        client="10.1.1.1",
    )
    return followed.decision_id, override.decision_id


def test_auditors_and_supervisors_read_the_trail_analysts_do_not(bench_app: WebBench) -> None:
    record_some(bench_app)
    for role in ("auditor", "supervisor"):
        client = bench_app.login(role)
        page = client.get("/audit")
        assert page.status_code == 200 and page.text.count('<tr class="corrected"') == 0
        assert "false bottom in the crates" in page.text and "driver refused the scan" in page.text
        assert client.get("/audit.csv").status_code == 200
    analyst = bench_app.login("analyst")
    assert analyst.get("/audit").status_code == 403
    assert analyst.get("/api/audit").status_code == 403
    assert analyst.get("/audit.csv").status_code == 403


def test_the_filters_narrow_page_api_and_csv(bench_app: WebBench) -> None:
    followed, override = record_some(bench_app)
    auditor = bench_app.login("auditor")
    overridden = auditor.get("/audit?overridden=yes")
    assert "driver refused the scan" in overridden.text
    assert "false bottom in the crates" not in overridden.text
    api = auditor.get("/api/audit", params={"overridden": "no", "officer": "analyst"}).json()
    assert api["total"] == 1 and api["rows"][0]["decision_id"] == followed
    assert api["rows"][0]["outcome_result"] == "hit" and api["rows"][0]["seizure"] is True
    assert auditor.get("/api/audit", params={"officer": "nobody"}).json()["total"] == 0
    assert auditor.get("/api/audit", params={"since": "2999-01-01"}).json()["total"] == 0
    assert auditor.get("/api/audit", params={"since": "yesterday"}).status_code == 400
    bad_page = auditor.get("/audit?since=yesterday")
    assert bad_page.status_code == 400 and "give a date as YYYY-MM-DD" in bad_page.text
    exported = auditor.get("/audit.csv", params={"overridden": "yes"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [override]


def test_the_csv_of_everything_has_every_decision(bench_app: WebBench) -> None:
    followed, override = record_some(bench_app)
    rows = list(csv.reader(io.StringIO(bench_app.login("auditor").get("/audit.csv").text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {row[0] for row in rows[1:]} == {followed, override} and len(rows) == 3


def test_the_events_tab_lists_raw_events_with_filters(bench_app: WebBench) -> None:
    record_some(bench_app)
    auditor: TestClient = bench_app.login("auditor")
    events = auditor.get("/audit?tab=events")
    assert events.status_code == 200
    assert "workbench: decision recorded" in events.text and "workbench: signed in" in events.text
    signed = auditor.get("/audit", params={"tab": "events", "event_action": "workbench: signed in"})
    assert "workbench: decision recorded" not in signed.text.split('id="audit-events"')[1]
    api = auditor.get("/api/audit/events", params={"actor": "analyst"}).json()
    assert api["total"] >= 3
    assert {row["actor"] for row in api["rows"]} == {"analyst"}
    assert "10.1.1.1" in {row["host"] for row in api["rows"]}
