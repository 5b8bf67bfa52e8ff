"""The Jobs page in Debian's Chromium against a real ``borderlens serve`` process: a supervisor
asks for two jobs and, without reloading, sees the second wait for the first, then both end."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import DEMO_PASSWORD, ScoredWorld, running_server

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture
def jobs_server(scored_world: ScoredWorld, tmp_path: Path) -> Iterator[str]:
    models = tmp_path / "models"
    shutil.copytree(scored_world.model_dir, models)
    with running_server(scored_world.database, models, tmp_path) as url:
        yield url


def test_a_supervisor_follows_a_job_without_reloading(jobs_server: str, browser_page: Page) -> None:
    page = browser_page
    page.goto(f"{jobs_server}/login")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{jobs_server}/queue")
    page.click("nav >> text=Jobs")
    page.wait_for_url(f"{jobs_server}/jobs")
    page.click("#run-retrain")
    page.wait_for_url(f"{jobs_server}/jobs?asked=1")
    page.click("#run-rules")  # waits behind the retraining
    page.wait_for_url(f"{jobs_server}/jobs?asked=2")
    assert page.locator("#job-list tr[data-job='2'] .job-status").inner_text() == "queued"
    reloads: list[str] = []
    page.on("framenavigated", lambda frame: reloads.append(frame.url))
    assert page.locator("#job-list tr[data-job='1'].job-done").count() == 0
    page.locator("#job-list tr[data-job='1'].job-done").wait_for(timeout=60_000)
    done = page.locator("#job-list tr[data-job='2'].job-done")
    done.wait_for(timeout=60_000)
    assert "goods items hit by a rule" in done.inner_text()
    assert reloads == [], "the page followed the job by itself"
    assert page.locator("#jobs[hx-trigger]").count() == 0, "it stops asking once nothing runs"
