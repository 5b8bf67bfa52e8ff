"""Engine behaviour users meet directly: the missing Spark extra, a locked warehouse file."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.errors import MissingExtraError, UnreadableInputError


def test_spark_engine_names_the_extra_when_pyspark_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    monkeypatch.delitem(sys.modules, "borderlens.engine.spark_engine", raising=False)
    with pytest.raises(MissingExtraError, match=r"borderlens\[spark\]"):
        importlib.import_module("borderlens.engine.spark_engine")


def test_the_package_imports_without_pyspark() -> None:
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import borderlens.cli, borderlens.engine, borderlens.demo.run\n"
        "assert 'pyspark.sql' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_warehouse_held_by_another_process_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); "
            "print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(UnreadableInputError, match="Another BorderLens process"):
            DuckDBEngine(path)
    finally:
        holder.kill()
        holder.wait()
