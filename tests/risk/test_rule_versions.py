"""Rule profile versions kept in the warehouse, and `rules apply` applying the newest of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderlens.cli import app
from borderlens.engine.base import Engine
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.errors import RuleProfileError
from borderlens.risk.rules import BASELINE_PROFILE
from borderlens.risk.rules.versions import (
    VERSION_TABLE,
    choose_profiles,
    load_catalog,
    save_version,
)
from borderlens.settings import get_settings

BASELINE = BASELINE_PROFILE.read_text(encoding="utf-8")
EVERY_ITEM_RULE = """
  - id: every-item-green
    version: 1
    author: n.beridze
    channel: green
    valid_from: 2020-01-01
    reason: "Item {item_no:.0f} released under the trial criterion"
    when:
      item_no: {">=": 1}
"""


def _stored(engine: Engine) -> int:
    return engine.count(f"SELECT count(*) FROM {VERSION_TABLE}")


def test_the_shipped_baseline_is_version_zero_until_a_version_is_saved(engine: Engine) -> None:
    catalog = load_catalog(engine)
    assert catalog.names() == ["baseline"]
    shipped = catalog.latest("baseline")
    assert shipped is not None and shipped.version == 0 and shipped.document == BASELINE
    saved = save_version(
        engine, "baseline", BASELINE + EVERY_ITEM_RULE, author="supervisor", note="trial rule"
    )
    assert (saved.profile, saved.version, saved.author) == ("baseline", 1, "supervisor")
    later = load_catalog(engine)
    assert [v.version for v in later.history("baseline")] == [0, 1]
    assert later.latest("baseline") == saved
    assert "every-item-green" in {rule.id for rule in saved.parsed().rules}


def test_each_save_is_a_new_version_and_earlier_ones_stay_as_they_were(engine: Engine) -> None:
    first = save_version(
        engine, "baseline", BASELINE + EVERY_ITEM_RULE, author="a.one", note="first"
    )
    changed = BASELINE + EVERY_ITEM_RULE.replace("version: 1", "version: 2").replace(
        "trial criterion", "second trial criterion"
    )
    second = save_version(engine, "baseline", changed, author="b.two", note="second")
    catalog = load_catalog(engine)
    assert second.version == 2
    assert catalog.version("baseline", 1) == first
    assert catalog.version("baseline", 2) == second
    assert _stored(engine) == 2


def test_an_invalid_document_is_refused_with_the_parsers_message(engine: Engine) -> None:
    broken = BASELINE.replace("channel: red", "channel: purple", 1)
    with pytest.raises(RuleProfileError) as refused:
        save_version(engine, "baseline", broken, author="s", note="try")
    assert "rule 'weapons-explosives'" in str(refused.value)
    assert "channel: 'purple' is not a channel" in str(refused.value)
    with pytest.raises(RuleProfileError, match=r"line \d+, column \d+"):
        save_version(engine, "baseline", "name: baseline\nrules: [\n", author="s", note="x")
    assert _stored(engine) == 0


def test_a_changed_rule_must_raise_its_version(engine: Engine) -> None:
    reworded = BASELINE.replace(
        "are examined physically whatever", "are always examined physically whatever"
    )
    with pytest.raises(RuleProfileError, match="raise it to 2"):
        save_version(engine, "baseline", reworded, author="s", note="wording")
    raised = reworded.replace("version: 1", "version: 2", 1)
    assert save_version(engine, "baseline", raised, author="s", note="wording").version == 1
    with pytest.raises(RuleProfileError, match="versions only go up"):
        save_version(engine, "baseline", BASELINE, author="s", note="back")


def test_new_profiles_are_named_by_their_text_and_may_not_reuse_rule_ids(
    engine: Engine,
) -> None:
    document = "name: textiles-2026\nrules:" + EVERY_ITEM_RULE
    created = save_version(engine, None, document, author="s", note="campaign")
    assert (created.profile, created.version) == ("textiles-2026", 1)
    with pytest.raises(RuleProfileError, match="exists already"):
        save_version(engine, None, document, author="s", note="again")
    clash = BASELINE + EVERY_ITEM_RULE
    with pytest.raises(RuleProfileError, match="also a rule of profile 'textiles-2026'"):
        save_version(engine, "baseline", clash, author="s", note="clash")
    with pytest.raises(RuleProfileError, match="keeps the name 'baseline'"):
        save_version(engine, "baseline", document, author="s", note="n")
    with pytest.raises(RuleProfileError, match="cannot name a profile"):
        save_version(engine, None, document.replace("textiles-2026", "new"), author="s", note="n")
    with pytest.raises(RuleProfileError, match="the same as profile textiles-2026 v1"):
        save_version(engine, "textiles-2026", document, author="s", note="same")
    with pytest.raises(RuleProfileError, match="note"):
        save_version(engine, "textiles-2026", document + "\n# more\n", author="s", note=" ")
    assert _stored(engine) == 1


def test_apply_takes_the_newest_stored_version_over_the_file(engine: Engine) -> None:
    shipped = choose_profiles(engine, [])
    assert [(c.profile.name, c.source.startswith("profile baseline v0")) for c in shipped] == [
        ("baseline", True)
    ]
    save_version(engine, "baseline", BASELINE + EVERY_ITEM_RULE, author="s", note="trial")
    for request in ([], ["baseline"], [str(BASELINE_PROFILE)]):
        (chosen,) = choose_profiles(engine, request)
        assert "every-item-green" in {rule.id for rule in chosen.profile.rules}
        assert chosen.source.startswith("profile baseline v1: saved by s on ")
    (as_written,) = choose_profiles(engine, [str(BASELINE_PROFILE)], as_written=True)
    assert "every-item-green" not in {rule.id for rule in as_written.profile.rules}
    with pytest.raises(RuleProfileError, match="neither a file nor a profile"):
        choose_profiles(engine, ["no-such-profile"])


def test_rules_apply_records_the_saved_versions_rules_in_the_hits(
    tiny_world: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    database = tmp_path / "world.duckdb"
    shutil.copy(tiny_world, database)
    with DuckDBEngine(database) as engine:
        reworded = BASELINE.replace(
            "are examined physically whatever", "go to physical examination whatever"
        ).replace("version: 1", "version: 2", 1)
        save_version(engine, "baseline", reworded + EVERY_ITEM_RULE, author="s", note="trial")
        items = engine.count("SELECT count(*) FROM declaration")
    monkeypatch.setenv("BORDERLENS_DATABASE", str(database))
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    applied = CliRunner().invoke(app, ["rules", "apply", "-q"])
    assert applied.exit_code == 0, applied.output
    assert "applying profile baseline v1: saved by s" in applied.output
    with DuckDBEngine(database) as engine:
        hits = engine.query(
            "SELECT rule_id, rule_version, profile, reason FROM risk_rule_hit"
        ).to_pylist()
    trial = [hit for hit in hits if hit["rule_id"] == "every-item-green"]
    assert len(trial) == items
    assert {(hit["rule_version"], hit["profile"]) for hit in trial} == {(1, "baseline")}
    weapons = [hit for hit in hits if hit["rule_id"] == "weapons-explosives"]
    assert weapons, "the tiny world has arms or explosives"
    assert {hit["rule_version"] for hit in weapons} == {2}
    assert all("go to physical examination" in hit["reason"] for hit in weapons)
