"""The command line as users run it: a real process, a real warehouse file, real exit codes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import FIXTURES

CORPUS = FIXTURES / "declarations"


def borderlens(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BORDERLENS_DATABASE": str(tmp_path / "cli.duckdb")}
    return subprocess.run(
        [sys.executable, "-m", "borderlens", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = borderlens(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("ingest", "status", "demo"):
        assert command in result.stdout
    ingest = borderlens(tmp_path, "ingest", "--help").stdout
    for source in ("declarations", "bods", "roles", "posts"):
        assert source in ingest


def test_ingest_reports_counts_and_status_shows_them(tmp_path: Path) -> None:
    loaded = borderlens(
        tmp_path, "ingest", "declarations", "--format", "csv", "--quiet",
        str(CORPUS / "unknown_country.csv"),
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "unknown_country.csv: 3 read, 1 loaded, 2 quarantined" in loaded.stdout
    assert "quarantined for origin_country: 1" in loaded.stdout
    assert "quarantined for seller_country: 1" in loaded.stdout
    european = borderlens(
        tmp_path, "ingest", "declarations", "--format", "csv", "--quiet",
        "--mapping", str(CORPUS / "european.toml"), str(CORPUS / "european.csv"),
    )  # fmt: skip
    assert "european.csv: 3 read, 2 loaded, 1 quarantined" in european.stdout
    status = json.loads(borderlens(tmp_path, "status", "--json").stdout)
    counts = {table["table"]: table["rows"] for table in status["tables"]}
    assert counts["declaration"] == 3 and counts["quarantine"] == 3
    assert {load["rows_quarantined"] for load in status["loads"]} == {1, 2}
    reasons = {reason["reason"]: reason["rows"] for reason in status["quarantine"]}
    assert reasons["origin_country: … is not an ISO 3166-1 country code"] == 1
    assert reasons["net_mass_kg: … is not a number"] == 1
    again = borderlens(
        tmp_path, "ingest", "declarations", "-f", "csv", str(CORPUS / "unknown_country.csv")
    )
    assert "already loaded" in again.stdout


def test_unreadable_input_exits_with_code_2_and_a_message(tmp_path: Path) -> None:
    result = borderlens(tmp_path, "ingest", "declarations", str(tmp_path / "missing.csv"))
    assert result.returncode == 2
    assert "no such file" in result.stderr
    wrong = borderlens(tmp_path, "ingest", "declarations", str(CORPUS / "good.csv"))
    assert wrong.returncode == 2
    assert "not in the kcs layout" in " ".join(wrong.stderr.split())


def test_bad_format_choice_is_refused(tmp_path: Path) -> None:
    result = borderlens(tmp_path, "ingest", "declarations", "-f", "xlsx", "x.xlsx")
    assert result.returncode == 2
    assert "xlsx" in result.stderr


def test_tiny_demo_runs_end_to_end(tmp_path: Path) -> None:
    result = borderlens(
        tmp_path, "demo", "--size", "tiny", "--quiet", "--out", "world", "--no-serve"
    )
    assert result.returncode == 0, result.stderr
    assert "Quarantine by reason" in result.stdout
    status = json.loads(borderlens(tmp_path, "status", "--json").stdout)
    counts = {table["table"]: table["rows"] for table in status["tables"]}
    assert counts["declaration"] > 300 and counts["ownership"] > 150
    assert counts["truth_fraud"] > 0 and counts["border_post"] > 0
    assert "Entity resolution" in result.stdout and "Ownership network" in result.stdout
    assert "red (physical examination)" in result.stdout and "red items" in result.stdout
    assert len(list((tmp_path / "models").glob("risk-*.json"))) == 1
    resolution = json.loads(borderlens(tmp_path, "evaluate", "resolve", "--json").stdout)
    assert resolution["company"]["precision"] > 0.9 and resolution["company"]["recall"] > 0.7
    related = json.loads(borderlens(tmp_path, "evaluate", "network", "--json").stdout)
    assert related["predicted"] > 0 and related["precision"] > 0.9
    built = borderlens(tmp_path, "network", "--json")
    assert built.returncode == 0, built.stderr
    summary = json.loads(built.stdout)
    assert summary["entities"] > 150 and summary["cycles"] >= 1
    assert summary["trading_pairs"] > 0 and summary["related_pairs"] > 0
    with duckdb.connect(str(tmp_path / "cli.duckdb"), read_only=True) as warehouse:
        ((largest,),) = warehouse.execute(
            "SELECT entity_id FROM structure_metric ORDER BY companies DESC, depth DESC LIMIT 1"
        ).fetchall()
    profile = json.loads(borderlens(tmp_path, "entity", largest, "--json").stdout)
    assert profile["structure"]["companies"] > 150
    assert profile["structure"]["countries"] >= 23
    assert profile["ultimate_owners"]
    assert all(owner["owner_name"] for owner in profile["ultimate_owners"])
    unknown = borderlens(tmp_path, "entity", "no-such-entity")
    assert unknown.returncode == 2 and "no entity" in unknown.stderr


def test_match_links_a_watch_list_to_importers(tmp_path: Path) -> None:
    watch = tmp_path / "watch.csv"
    watch.write_text(
        "id,name,address,country\n"
        'W1,"ООО Ромашка","ул. Ленина, д. 5, Москва 101000",RU\n'
        'W2,"Shenzhen Guangming Co., Ltd.","8 Keji Rd, Shenzhen 518057",CN\n'
    )
    importers = tmp_path / "importers.csv"
    importers.write_text(
        "id,name,address,country\n"
        'I1,"Romashka LLC","Ulitsa Lenina 5, Moscow 101000",RU\n'
        'I2,"Tbilisi Trading LLC","12 Rustaveli Ave, Tbilisi 0108",GE\n'
        'I3,"深圳光明有限公司","8 Keji Rd, Shenzhen 518057",CN\n'
    )
    out = tmp_path / "links.csv"
    result = borderlens(tmp_path, "match", str(watch), str(importers), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with out.open() as handle:
        pairs = {(row["id_a"], row["id_b"]) for row in csv.DictReader(handle)}
    assert ("W1", "I1") in pairs and ("W2", "I3") in pairs
    assert not any(b == "I2" for _, b in pairs)


def test_judge_records_a_verdict(tmp_path: Path) -> None:
    result = borderlens(
        tmp_path, "judge", "reject", "seller:S1", "registry:abc", "--reason", "other firm"
    )
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(tmp_path / "cli.duckdb"), read_only=True) as warehouse:
        rows = warehouse.execute(
            "SELECT source_kind_a, source_key_b, verdict, reason FROM match_judgement"
        ).fetchall()
    assert rows == [("seller", "abc", "reject", "other firm")]
    malformed = borderlens(tmp_path, "judge", "confirm", "S1", "registry:abc")
    assert malformed.returncode == 2 and "KIND:KEY" in malformed.stderr


def test_evaluation_without_ground_truth_says_what_to_do(tmp_path: Path) -> None:
    for stage in ("resolve", "network"):
        result = borderlens(tmp_path, "evaluate", stage, "--json")
        assert result.returncode == 2
        assert "run `borderlens demo` first" in " ".join(result.stderr.split())
