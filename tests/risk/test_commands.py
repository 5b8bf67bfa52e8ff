"""The risk commands end to end: backtest on KCS files, train and score a warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderlens.cli import app
from borderlens.risk.metrics import RATES
from borderlens.settings import get_settings

POLICIES = ("default", "probability", "revenue", "random")


def test_backtest_kcs_json_and_chart(kcs_files: tuple[Path, Path], tmp_path: Path) -> None:
    train, test = kcs_files
    chart = tmp_path / "chart.png"
    result = CliRunner().invoke(
        app,
        ["backtest", "kcs", "--train", str(train), "--test", str(test), "--json",
         "--chart", str(chart)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert list(found) == ["policies"]
    assert set(found["policies"]) == set(POLICIES)
    for scores in found["policies"].values():
        metrics = ("precision", "recall", "revenue", "critical")
        expected = {f"{metric}@{rate}" for metric in metrics for rate in RATES}
        assert set(scores) == expected
        assert all(0.0 <= value <= 1.0 for value in scores.values())
    policies = found["policies"]
    assert policies["probability"]["precision@5"] > policies["random"]["precision@5"] + 0.3
    assert policies["revenue"]["revenue@5"] > policies["probability"]["revenue@5"]
    assert policies["default"]["critical@10"] > policies["probability"]["critical@10"]
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_backtest_names_an_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    result = CliRunner().invoke(
        app, ["backtest", "kcs", "--train", str(missing), "--test", str(missing)]
    )
    assert result.exit_code == 2
    assert "missing.csv" in result.output


def test_train_then_score_the_warehouse(
    kcs_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    import shutil

    database = tmp_path / "kcs.duckdb"
    shutil.copy(kcs_database, database)
    monkeypatch.setenv("BORDERLENS_DATABASE", str(database))
    monkeypatch.setenv("BORDERLENS_MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    runner = CliRunner()
    trained = runner.invoke(app, ["train", "--until", "2021-01-01", "-q"])
    assert trained.exit_code == 0, trained.output
    artifacts = list((tmp_path / "models").glob("risk-*.json"))
    assert len(artifacts) == 1
    scored = runner.invoke(app, ["score", "-q"])
    assert scored.exit_code == 0, scored.output
    from borderlens.risk.rules import BASELINE_PROFILE

    applied = runner.invoke(app, ["rules", "apply", str(BASELINE_PROFILE), "-q"])
    assert applied.exit_code == 0, applied.output
    assert "goods items hit" in applied.output
    selected = runner.invoke(app, ["select", "--share", "0.1", "--since", "2021-01-01"])
    assert selected.exit_code == 0, selected.output
    assert "red (physical examination)" in selected.output
    from borderlens.engine.duckdb_engine import DuckDBEngine

    with DuckDBEngine(database) as engine:
        rows = engine.count("SELECT count(*) FROM risk_score")
        assert rows == engine.count("SELECT count(*) FROM declaration")
        assert (
            engine.count(
                "SELECT count(*) FROM risk_score WHERE fraud_probability NOT BETWEEN 0 AND 1 "
                f"OR model_version <> '{artifacts[0].stem}'"
            )
            == 0
        )


def test_rules_check_reads_a_profile_and_names_what_is_wrong(tmp_path: Path) -> None:
    from borderlens.risk.rules import BASELINE_PROFILE

    good = CliRunner().invoke(app, ["rules", "check", str(BASELINE_PROFILE)])
    assert good.exit_code == 0, good.output
    assert "weapons" in good.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nrules:\n  - id: r1\n    version: 1\n    author: me\n"
        "    channel: purple\n    reason: why\n    when: {hs2: '93'}\n"
    )
    refused = CliRunner().invoke(app, ["rules", "check", str(bad)])
    assert refused.exit_code == 2
    assert "bad.yaml" in refused.output and "r1" in refused.output
