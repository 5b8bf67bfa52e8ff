"""The KPI page and /api/kpis: who may read them, the charts drawn on the server, the period
filter, and figures that change as soon as an outcome is recorded."""

from __future__ import annotations

from tests.web.conftest import WebBench, csrf_of


def test_supervisors_and_auditors_see_the_kpis_analysts_do_not(bench_app: WebBench) -> None:
    for role in ("supervisor", "auditor"):
        page = bench_app.login(role).get("/kpis")
        assert page.status_code == 200
        assert page.text.count("<svg") == 5 and "<polyline" in page.text and "<rect" in page.text
        assert "Historical inspections" in page.text and "Workbench outcomes" in page.text
        assert "<script" not in page.text.split("<main>")[1]
    analyst = bench_app.login("analyst")
    assert analyst.get("/kpis").status_code == 403
    assert analyst.get("/api/kpis").status_code == 403


def test_an_outcome_recorded_through_the_workbench_changes_the_kpis(bench_app: WebBench) -> None:
    store = bench_app.bench.store
    supervisor = bench_app.login("supervisor")
    before = supervisor.get("/api/kpis").json()
    assert before["workbench"]["inspected"] == 0 and before["history"]["inspected"] > 0
    item = store.row(
        "SELECT s.declaration_id, s.item_no FROM risk_selection s JOIN declaration d "
        "USING (declaration_id, item_no) WHERE s.channel = 'red' AND NOT d.inspected LIMIT 1"
    )
    assert item is not None
    analyst = bench_app.login("analyst")
    base = f"/cases/{item['declaration_id']}/{item['item_no']}"
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf_of(analyst)}
    analyst.post(f"{base}/decisions", data={"action": "inspect"}, headers=headers)
    recorded = analyst.post(
        f"{base}/outcomes",
        data={
            "result": "hit",
            "found": "ammunition",
            "revenue_recovered": "900",
            "seizure": "yes",
            "critical": "yes",
        },
        headers=headers,
    )
    assert recorded.status_code == 200
    after = supervisor.get("/api/kpis").json()
    assert after["workbench"]["inspected"] == 1 and after["workbench"]["hit_rate"] == 1.0
    assert after["workbench"]["seizures"] == 1 and after["workbench"]["critical"] == 1
    assert after["combined"]["revenue"] == before["combined"]["revenue"] + 900
    assert after["combined"]["hit_rate"] > before["combined"]["hit_rate"]
    red = next(row for row in after["by_channel"] if row["label"] == "red")
    assert red["workbench"]["hits"] == 1
    page = supervisor.get("/kpis").text
    assert "1 examination result officers recorded here" in page


def test_the_period_filter(bench_app: WebBench) -> None:
    supervisor = bench_app.login("supervisor")
    last = bench_app.bench.store.value("SELECT max(declaration_date) FROM declaration")
    whole = supervisor.get("/api/kpis").json()
    tail = supervisor.get("/api/kpis", params={"since": last.isoformat()}).json()
    assert 0 < tail["facilitation"]["items"] < whole["facilitation"]["items"]
    assert len(tail["weeks"]) == 1
    assert supervisor.get("/api/kpis", params={"until": "31/12/2026"}).status_code == 400
    page = supervisor.get("/kpis", params={"since": "soon"})
    assert page.status_code == 400 and "Period limit left out" in page.text
    narrowed = supervisor.get("/kpis", params={"since": last.isoformat()})
    assert narrowed.status_code == 200 and f'value="{last.isoformat()}"' in narrowed.text
