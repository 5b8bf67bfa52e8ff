"""A command's way to have its job run by the workbench server that holds the warehouse: ask
for it over the server's JSON API with the control token, then follow it until it ends."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from borderlens.errors import BorderLensError
from borderlens.jobs.kinds import UNFINISHED
from borderlens.warehouse.holder import Holder

POLL_SECONDS = 0.5


def _ask(holder: Holder, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{holder.url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {holder.token}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            found: dict[str, Any] = json.loads(answer.read())
            return found
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        raise BorderLensError(
            f"the workbench server at {holder.url} refused: {error.code} {detail}"
        ) from error
    except (urllib.error.URLError, TimeoutError) as error:
        raise BorderLensError(
            f"the workbench server at {holder.url} (process {holder.pid}) holds the warehouse "
            f"but does not answer ({error}); stop it, then run the command again"
        ) from error


def run_in_server(holder: Holder, kind: str, report: Callable[[str], None]) -> dict[str, Any]:
    """Ask the server for job ``kind`` and wait for its end; returns the finished job."""
    job = _ask(holder, "/api/jobs", {"kind": kind})
    while job["status"] in UNFINISHED:
        queued = job["status"] == "queued"
        report("waiting for the jobs asked for before it" if queued else job["step"])
        time.sleep(POLL_SECONDS)
        job = _ask(holder, f"/api/jobs/{job['job_id']}")
    return job
