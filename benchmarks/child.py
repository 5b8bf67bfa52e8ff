"""Run a measurement in a fresh Python process, so that its peak memory is its own."""

from __future__ import annotations

import json
import subprocess
import sys


def measure_in_child(code: str, *, cores: str | None = None) -> dict[str, float]:
    """Run ``code`` in a child process and return the JSON object its last line prints.

    ``cores`` (such as ``"0,1"``) pins the child to those CPUs with taskset.
    """
    command = [sys.executable, "-c", code]
    if cores:
        command = ["taskset", "-c", cores, *command]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"the measured process failed:\n{result.stderr[-3000:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured
