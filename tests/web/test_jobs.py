"""Pipeline jobs run inside the server: supervisors ask for them, one runs at a time with the
writer's turn, the page and the API follow them, the audit trail names who asked, and a page
that must write while a job runs answers that the warehouse is busy instead of hanging."""

from __future__ import annotations

import math
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest

from borderlens.errors import BorderLensError
from borderlens.jobs.kinds import KINDS
from borderlens.jobs.runner import JOB_TABLE, Job, JobRunner
from borderlens.review.roles import Role
from borderlens.settings import Settings
from borderlens.web.app import create_app
from borderlens.web.routes.jobs import JobName
from borderlens.web.server import open_workbench
from tests.web.conftest import DEMO_PASSWORD, ScoredWorld, WebBench, csrf_of

FINISHED_WITHIN_SECONDS = 120.0


@pytest.fixture
def jobs_bench(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[WebBench]:
    """The app over a private copy of the scored world and of its models (jobs write both)."""
    database, models = tmp_path / "bench.duckdb", tmp_path / "models"
    shutil.copy(scored_world.database, database)
    shutil.copytree(scored_world.model_dir, models)
    settings = Settings(database=database, model_dir=models, demo_password=DEMO_PASSWORD)
    bench = open_workbench(settings, demo=True)
    opened = WebBench(bench, create_app(bench), scored_world)
    yield opened
    opened.close()


def _finished(runner: JobRunner, job_id: int) -> Job:
    deadline = time.monotonic() + FINISHED_WITHIN_SECONDS
    while time.monotonic() < deadline:
        job = runner.job(job_id)
        assert job is not None
        if job.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {FINISHED_WITHIN_SECONDS:.0f} s")


def test_the_api_offers_every_kind_of_job() -> None:
    assert set(get_args(JobName)) == set(KINDS)


def test_a_supervisor_runs_the_rules_from_the_page(jobs_bench: WebBench) -> None:
    store = jobs_bench.bench.store
    assert not store.table_exists("risk_rule_hit")
    client = jobs_bench.login("supervisor")
    page = client.get("/jobs")
    assert page.status_code == 200 and 'id="run-rules"' in page.text
    asked = client.post(
        "/jobs", data={"kind": "rules", "csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert asked.status_code == 303 and asked.headers["location"].startswith("/jobs?asked=")
    job_id = int(asked.headers["location"].rpartition("=")[2])
    job = _finished(jobs_bench.bench.jobs, job_id)
    assert job.status == "done", job.summary
    assert "goods items hit by a rule" in job.summary
    hits = store.value("SELECT count(*) FROM risk_rule_hit")
    assert hits > 0
    row = store.row(f"SELECT * FROM {JOB_TABLE} WHERE job_id = ?", [job_id])
    assert row is not None and row["status"] == "done" and row["requested_by"] == "supervisor"
    events = store.rows(
        "SELECT actor, action FROM audit_event WHERE subject = ? ORDER BY occurred_at",
        [f"job {job_id}"],
    )
    assert [event["action"] for event in events] == [
        "workbench: job running",
        "workbench: job done",
    ]
    assert {event["actor"] for event in events} == {"supervisor"}
    shown = client.get("/jobs").text
    assert f'data-job="{job_id}"' in shown and job.summary.split(" (")[0] in shown


def test_jobs_through_the_api_retrain_score_and_select_in_the_order_asked(
    jobs_bench: WebBench,
) -> None:
    client = jobs_bench.login("supervisor")
    token = jobs_bench.token("supervisor")
    headers = {"Authorization": f"Bearer {token}"}
    models = set(jobs_bench.bench.settings.model_dir.glob("risk-*.json"))
    ids = []
    for kind in ("retrain", "score", "select"):
        answer = client.post("/api/jobs", json={"kind": kind}, headers=headers)
        assert answer.status_code == 202, answer.text
        assert answer.json()["status"] in ("queued", "running")
        ids.append(answer.json()["job_id"])
    jobs = [_finished(jobs_bench.bench.jobs, job_id) for job_id in ids]
    assert [job.status for job in jobs] == ["done"] * 3, [job.summary for job in jobs]
    starts = [job.started_at for job in jobs]
    assert starts == sorted(starts)
    (new_model,) = set(jobs_bench.bench.settings.model_dir.glob("risk-*.json")) - models
    store = jobs_bench.bench.store
    assert store.value("SELECT any_value(model_version) FROM risk_score") == new_model.stem
    assert store.value("SELECT any_value(model_version) FROM risk_selection") == new_model.stem
    listed = client.get("/api/jobs", headers=headers).json()
    assert [job["job_id"] for job in listed[:3]] == ids[::-1]
    assert client.get(f"/api/jobs/{ids[0]}", headers=headers).json()["kind"] == "retrain"
    assert client.get("/api/jobs/999999", headers=headers).status_code == 404


def test_a_failed_job_says_why_and_the_next_one_still_runs(jobs_bench: WebBench) -> None:
    for model in jobs_bench.bench.settings.model_dir.glob("risk-*.json"):
        model.unlink()
    runner = jobs_bench.bench.jobs
    failed = _finished(runner, runner.submit("score", "supervisor", "tests").job_id)
    assert failed.status == "failed" and "no model in" in failed.summary
    assert _finished(runner, runner.submit("rules", "supervisor", "tests").job_id).status == "done"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR, Role.ADMIN])
def test_only_supervisors_run_jobs(jobs_bench: WebBench, role: Role) -> None:
    client = jobs_bench.login(role.value)
    token = csrf_of(client)
    assert client.post("/jobs", data={"kind": "rules", "csrf_token": token}).status_code == 403
    assert (
        client.post(
            "/api/jobs", json={"kind": "rules"}, headers={"X-CSRF-Token": token}
        ).status_code
        == 403
    )
    expected = 200 if role is Role.AUDITOR else 403
    assert client.get("/jobs").status_code == expected
    assert 'id="run-rules"' not in client.get("/jobs").text
    assert jobs_bench.bench.jobs.jobs() == []


def test_a_decision_during_a_job_is_refused_as_busy_and_not_saved(jobs_bench: WebBench) -> None:
    store = jobs_bench.bench.store
    store.write_wait = 0.2
    declaration_id, item_no = jobs_bench.world.red_items[0]
    client = jobs_bench.login("analyst")
    token = csrf_of(client)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.exclusive("job 7 (select, asked for by supervisor)", wait=math.inf):
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        answer = client.post(
            f"/api/cases/{declaration_id}/{item_no}/decisions",
            json={"action": "inspect", "reason": "checked"},
            headers={"X-CSRF-Token": token},
        )
    finally:
        release.set()
        holder.join()
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert (
        "job 7 (select" in answer.json()["detail"]
        and "nothing was saved" in answer.json()["detail"]
    )
    assert store.value("SELECT count(*) FROM case_decision") == 0


def test_a_job_left_running_by_a_stopped_server_is_marked_failed(jobs_bench: WebBench) -> None:
    store = jobs_bench.bench.store
    with store.writing() as cursor:
        cursor.execute(
            f"INSERT INTO {JOB_TABLE} VALUES (41, 'select', 'supervisor', 'tests', "
            "current_timestamp, current_timestamp, NULL, 'running', '')"
        )
    runner = JobRunner(store, jobs_bench.bench.settings)
    (job,) = [job for job in runner.jobs() if job.job_id == 41]
    assert job.status == "failed" and "stopped before the job finished" in job.summary
    assert runner.submit("rules", "supervisor", "tests").job_id == 42
    runner.close()


def test_stopping_lets_the_running_job_finish_and_records_the_waiting_ones(
    jobs_bench: WebBench,
) -> None:
    runner = jobs_bench.bench.jobs
    first = runner.submit("rules", "supervisor", "tests")
    waiting = runner.submit("select", "supervisor", "tests")
    runner.close()
    assert runner.job(first.job_id) is not None
    stored = runner.job(waiting.job_id)
    assert stored is not None and stored.status == "failed"
    assert stored.summary == "the server stopped before the job started"
    with pytest.raises(BorderLensError, match="stopping"):
        runner.submit("rules", "supervisor", "tests")
