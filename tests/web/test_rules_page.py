"""The rule profile pages: reading by role, saving new versions checked by the real parser,
and the saved version being what `borderlens rules apply` applies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderlens.cli import app
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.risk.rules import BASELINE_PROFILE
from borderlens.settings import get_settings
from tests.web.conftest import ScoredWorld, WebBench, csrf_of, open_bench

BASELINE = BASELINE_PROFILE.read_text(encoding="utf-8")
TRIAL_RULE = """
  - id: every-item-green
    version: 1
    author: supervisor
    channel: green
    valid_from: 2025-01-01
    reason: "Released under the trial criterion"
    when:
      item_no: {">=": 1}
"""
BROKEN = BASELINE.replace('hs2: ["93", "36"]', 'hs2: [93, "36"]', 1)


@pytest.fixture
def web(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    opened = open_bench(scored_world, tmp_path / "bench")
    yield opened
    opened.close()


def _versions(web: WebBench) -> int:
    return int(web.bench.store.value("SELECT count(*) FROM rule_profile_version"))


def test_every_reader_sees_the_shipped_baseline_as_version_zero(web: WebBench) -> None:
    for role in ("analyst", "auditor", "supervisor"):
        client = web.login(role)
        listed = client.get("/api/rules").json()
        assert [(p["profile"], p["version"]) for p in listed] == [("baseline", 0)]
        assert "weapons-explosives" in {rule["id"] for rule in listed[0]["rules"]}
        page = client.get("/rules")
        assert page.status_code == 200 and "weapons-explosives" in page.text
        one = client.get("/rules/baseline")
        assert one.status_code == 200 and "Version 0" in one.text
        assert ("Save as version 1" in one.text) == (role == "supervisor")
    assert web.login("admin").get("/rules").status_code == 403


def test_an_auditor_may_read_but_not_save(web: WebBench) -> None:
    auditor = web.login("auditor")
    csrf = {"X-CSRF-Token": csrf_of(auditor)}
    body = {"document": BASELINE + TRIAL_RULE, "note": "trial"}
    assert auditor.post("/api/rules/baseline", json=body, headers=csrf).status_code == 403
    form = {**body, "csrf_token": csrf["X-CSRF-Token"]}
    page = auditor.post("/rules/baseline", data=form)
    assert page.status_code == 403 and "Not for your role" in page.text
    assert auditor.get("/rules/new").status_code == 403
    assert _versions(web) == 0


def test_a_supervisor_saves_a_new_version_through_the_form(web: WebBench) -> None:
    supervisor = web.login("supervisor")
    form = {"document": BASELINE + TRIAL_RULE, "note": "trial release rule"}
    missing = supervisor.post("/rules/baseline", data=form, follow_redirects=False)
    assert missing.status_code == 403 and _versions(web) == 0
    form["csrf_token"] = csrf_of(supervisor)
    saved = supervisor.post("/rules/baseline", data=form, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (303, "/rules/baseline?saved=1")
    row = web.bench.store.row("SELECT * FROM rule_profile_version")
    assert row is not None
    assert (row["profile"], row["version"], row["author"]) == ("baseline", 1, "supervisor")
    assert (row["document"], row["note"]) == (form["document"], "trial release rule")
    event = web.bench.store.row(
        "SELECT * FROM audit_event WHERE action = 'workbench: rule profile saved'"
    )
    assert event is not None and (event["actor"], event["subject"]) == ("supervisor", "baseline")
    assert json.loads(event["detail"])["version"] == 1
    page = supervisor.get(saved.headers["location"]).text
    assert "Saved as version 1" in page and "every-item-green" in page
    earlier = supervisor.get("/rules/baseline?version=0").text
    assert "earlier version" in earlier and "every-item-green" not in earlier.split("<form")[0]
    history = supervisor.get("/api/rules/baseline").json()["history"]
    assert [(v["version"], v["author"]) for v in history] == [(1, "supervisor"), (0, "BorderLens")]


def test_an_invalid_profile_is_refused_with_the_parsers_message(web: WebBench) -> None:
    supervisor = web.login("supervisor")
    csrf = csrf_of(supervisor)
    form = {"document": BROKEN, "note": "add a code", "csrf_token": csrf}
    page = supervisor.post("/rules/baseline", data=form)
    assert page.status_code == 400
    message = "rule &#39;weapons-explosives&#39; (#1, line 9): when.hs2[0]: 93 is not text"
    assert message in page.text
    assert "problem at line 17" in page.text and "hs2: [93, &#34;36&#34;]" in page.text
    api = supervisor.post(
        "/api/rules/baseline",
        json={"document": "rules: [", "note": "x"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 400 and "line 1, column" in api.json()["detail"]
    assert _versions(web) == 0
    assert supervisor.get("/api/rules/nothing-here").status_code == 404
    assert supervisor.get("/rules/baseline?version=4").status_code == 404


def test_a_new_profile_is_created_and_may_not_reuse_a_rule_id(web: WebBench) -> None:
    supervisor = web.login("supervisor")
    assert "Create the profile" in supervisor.get("/rules/new").text
    bearer = {"Authorization": f"Bearer {web.token('supervisor')}"}
    client = web.client()
    document = "name: textiles-2026\nrules:" + TRIAL_RULE
    made = client.post(
        "/api/rules", json={"document": document, "note": "campaign"}, headers=bearer
    )
    assert made.status_code == 201
    assert (made.json()["profile"], made.json()["version"]) == ("textiles-2026", 1)
    clash = client.post(
        "/api/rules/baseline",
        json={"document": BASELINE + TRIAL_RULE, "note": "copy"},
        headers=bearer,
    )
    assert clash.status_code == 400
    assert "also a rule of profile 'textiles-2026'" in clash.json()["detail"]
    names = [p["profile"] for p in client.get("/api/rules", headers=bearer).json()]
    assert names == ["baseline", "textiles-2026"]


def test_the_saved_version_is_what_rules_apply_applies(
    scored_world: ScoredWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    web = open_bench(scored_world, tmp_path / "bench")
    try:
        bearer = {"Authorization": f"Bearer {web.token('supervisor')}"}
        body = {"document": BASELINE + TRIAL_RULE, "note": "trial"}
        saved = web.client().post("/api/rules/baseline", json=body, headers=bearer)
        assert saved.status_code == 201 and saved.json()["version"] == 1
    finally:
        web.close()
    database = tmp_path / "bench" / "bench.duckdb"
    monkeypatch.setenv("BORDERLENS_DATABASE", str(database))
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    applied = CliRunner().invoke(app, ["rules", "apply", "-q"])
    assert applied.exit_code == 0, applied.output
    assert "applying profile baseline v1: saved by supervisor" in applied.output
    with DuckDBEngine(database) as engine:
        trial = engine.count(
            "SELECT count(*) FROM risk_rule_hit WHERE rule_id = 'every-item-green'"
        )
        items = engine.count(
            "SELECT count(*) FROM declaration WHERE declaration_date >= DATE '2025-01-01'"
        )
    assert trial == items > 0
