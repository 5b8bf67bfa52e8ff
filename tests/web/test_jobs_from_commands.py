"""Commands and a running workbench: the server says beside the warehouse that it holds it,
the jobs it can run for a command run there (and show on its Jobs page), the others say which
server to stop; the note goes when the server stops, and a dead server's note is ignored."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import httpx

from borderlens.warehouse.holder import Holder, announce, current_holder, holder_file
from tests.web.conftest import ScoredWorld, free_port, running_server


def _borderlens(database: Path, models: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "BORDERLENS_DATABASE": str(database),
        "BORDERLENS_MODEL_DIR": str(models),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "borderlens", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_command_runs_its_job_in_the_server_that_holds_the_warehouse(
    scored_world: ScoredWorld, tmp_path: Path
) -> None:
    models = tmp_path / "models"
    shutil.copytree(scored_world.model_dir, models)
    database = tmp_path / scored_world.database.name
    with running_server(scored_world.database, models, tmp_path) as url:
        holder = current_holder(database)
        assert holder is not None and holder.url == url
        assert stat.S_IMODE(holder_file(database).stat().st_mode) == 0o600

        applied = _borderlens(database, models, "rules", "apply")
        assert applied.returncode == 0, applied.stdout + applied.stderr
        assert f"held by the workbench server at {url}" in applied.stderr
        assert f"in the workbench server at {url}:" in applied.stdout
        assert "goods items hit by a rule" in applied.stdout

        for command in (
            ("select", "--share", "0.01"),
            ("serve", "--port", str(free_port())),
            ("status",),
        ):
            refused = _borderlens(database, models, *command)
            assert refused.returncode == 2, refused.stdout + refused.stderr
            assert f"the workbench server at {url} (process {holder.pid}) holds" in refused.stderr
            assert "stop it first" in refused.stderr

        headers = {"Authorization": f"Bearer {holder.token}"}
        jobs = httpx.get(f"{url}/api/jobs", headers=headers).json()
        assert [(job["kind"], job["status"]) for job in jobs] == [("rules", "done")]
        assert jobs[0]["requested_by"].endswith("(command line)")
        assert httpx.get(f"{url}/api/queue", headers=headers).status_code == 401
    assert current_holder(database) is None
    assert not holder_file(database).exists()


def test_a_note_left_by_a_server_that_died_is_ignored(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    announce(database, Holder("http://127.0.0.1:9", int(dead.stdout), "secret"))
    assert json.loads(holder_file(database).read_text())["pid"] == int(dead.stdout)
    assert current_holder(database) is None
    announce(database, Holder("http://127.0.0.1:9", os.getpid(), "secret"))
    assert current_holder(database) == Holder("http://127.0.0.1:9", os.getpid(), "secret")
    holder_file(database).write_text("{not json")
    assert current_holder(database) is None
