"""Rule profiles: YAML risk criteria read strictly, then applied as SQL to ``risk_feature``."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import RuleProfileError
from borderlens.risk.features import FEATURE_TABLE
from borderlens.risk.rules import (
    BASELINE_PROFILE,
    HIT_SCHEMA,
    HIT_TABLE,
    Condition,
    evaluate_rules,
    load_profile,
)
from borderlens.risk.rules.columns import RULE_COLUMNS, table_columns

RULE_HEAD = """\
  - id: {rule_id}
    version: 1
    author: analyst
    channel: {channel}
"""


def write_profile(folder: Path, rules: str, name: str = "profile.yaml") -> Path:
    """A profile file whose rules are ``rules`` (YAML list items, dedented)."""
    path = folder / name
    path.write_text(f"name: test\nrules:\n{textwrap.dedent(rules)}", encoding="utf-8")
    return path


def rule(
    rule_id: str, when: str, reason: str = "hit", channel: str = "yellow", extra: str = ""
) -> str:
    """One rule as a YAML list item: ``when`` holds its condition lines, ``extra`` more fields."""
    lines = RULE_HEAD.format(rule_id=rule_id, channel=channel)
    lines += f"    reason: {reason}\n"
    lines += "".join(f"    {line}\n" for line in extra.splitlines() if line)
    conditions = textwrap.dedent(when).splitlines()
    lines += "    when:\n" + "".join(f"      {line}\n" for line in conditions if line.strip())
    return lines


# Parsing ---------------------------------------------------------------------------------------


def test_the_baseline_profile_ships_inside_the_package_and_loads() -> None:
    package = Path(__file__).resolve().parents[2] / "src" / "borderlens"
    assert BASELINE_PROFILE.is_relative_to(package)
    profile = load_profile(BASELINE_PROFILE)
    assert profile.name == "baseline"
    ids = {r.id: r for r in profile.rules}
    assert ids["weapons-explosives"].channel == "red"
    assert ids["weapons-explosives"].when == (Condition("hs2", "in", ("93", "36")),)
    assert ids["unit-value-below-p05"].when[0] == Condition(
        "unit_value_kg", "<", against="reference_p05"
    )
    assert {r.channel for r in profile.rules} == {"red", "yellow", "blue"}


def test_the_example_in_the_docs_loads(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text()
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    profile = load_profile(path)
    assert [r.id for r in profile.rules] == ["garments-cn-below-p05", "weapons-explosives"]
    assert profile.rules[0].valid_to == dt.date(2024, 12, 31)


def test_every_operator_is_read_into_a_typed_condition(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        rule(
            "all-operators",
            """
            hs2: '93'
            origin_country: [CN, VN]
            hs6: {starts_with: ['6109', '6110']}
            importer_id: {in: [I1]}
            unit_value_kg: {"<": reference_p05, ">=": 0.5}
            tax_rate: {">": 0, "<=": 30}
            reference_p05: {is_null: false}
            seller_id: {not_null: false}
            undeclared_related_seller: true
            declaration_date: {"<": 2024-06-01}
            """,
            extra="valid_from: 2024-01-01\nvalid_to: '2024-12-31'",
        ),
    )
    (parsed,) = load_profile(path).rules
    assert parsed.when == (
        Condition("hs2", "equals", ("93",)),
        Condition("origin_country", "in", ("CN", "VN")),
        Condition("hs6", "starts_with", ("6109", "6110")),
        Condition("importer_id", "in", ("I1",)),
        Condition("unit_value_kg", "<", against="reference_p05"),
        Condition("unit_value_kg", ">=", (0.5,)),
        Condition("tax_rate", ">", (0,)),
        Condition("tax_rate", "<=", (30,)),
        Condition("reference_p05", "not_null"),
        Condition("seller_id", "is_null"),
        Condition("undeclared_related_seller", "equals", (1,)),
        Condition("declaration_date", "<", (dt.date(2024, 6, 1),)),
    )
    assert (parsed.valid_from, parsed.valid_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (parsed.index, parsed.line) == (1, 3)


BAD_RULES = {
    "unknown column": (rule("r1", "hs_code: '93'"), "'r1'", "when.hs_code", "hs2"),
    "unknown operator": (rule("r1", "tax_rate: {'~': 3}"), "'r1'", "when.tax_rate.~", "<="),
    "bad channel": (rule("r1", "hs2: '93'", channel="orange"), "'r1'", "channel", "red"),
    "bad date": (rule("r1", "hs2: '93'", extra="valid_from: 2024-13-01"), "'r1'", "valid_from",
                 "YYYY-MM-DD"),
    "dates reversed": (rule("r1", "hs2: '93'", extra="valid_from: 2024-02-01\nvalid_to: "
                            "2024-01-01"), "'r1'", "valid_to", "before"),
    "missing id": (rule("r1", "hs2: '93'").replace("id: r1", "idx: r1"), "rule #1", "idx", "id"),
    "no id": (rule("r1", "hs2: '93'").replace("- id: r1\n    ", "- "), "rule #1", "id", "missing"),
    "missing reason": (rule("r1", "hs2: '93'", reason="''"), "'r1'", "reason", "missing"),
    "unquoted code": (rule("r1", "hs4: 0302"), "'r1'", "when.hs4", "quotes"),
    "unknown placeholder": (rule("r1", "hs2: '93'", reason="'HS {hs8}'"), "'r1'",
                            "reason.{hs8}", "unknown column"),
    "comparison on text": (rule("r1", "hs2: {'<': '93'}"), "'r1'", "when.hs2.<", "starts_with"),
    "unknown other column": (rule("r1", "unit_value_kg: {'<': reference_p5}"), "'r1'",
                             "when.unit_value_kg.<", "reference_p05"),
    "no conditions": (rule("r1", "").replace("    when:\n", "    when: {}\n"), "'r1'", "when",
                      "at least one"),
    "version not a number": (rule("r1", "hs2: '93'").replace("version: 1", "version: one"),
                             "'r1'", "version", "whole number"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_RULES))
def test_a_bad_rule_is_refused_naming_file_rule_and_field(tmp_path: Path, case: str) -> None:
    rules, rule_name, field, hint = BAD_RULES[case]
    path = write_profile(tmp_path, rule("good", "hs2: '93'") + rules)
    with pytest.raises(RuleProfileError) as raised:
        load_profile(path)
    message = str(raised.value)
    assert str(path) in message
    assert rule_name.replace("#1", "#2") in message
    assert f": {field}: " in message
    assert hint in message
    assert "line 10" in message  # the second rule starts on line 10


def test_a_key_written_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, rule("r1", "hs2: '93'\nhs2: '36'"))
    with pytest.raises(
        RuleProfileError, match=r"profile\.yaml: line 10, column 5: the key 'hs2' appears twice"
    ):
        load_profile(path)


def test_two_rules_with_one_id_are_refused(tmp_path: Path) -> None:
    path = write_profile(tmp_path, rule("same", "hs2: '93'") + rule("same", "hs2: '36'"))
    with pytest.raises(RuleProfileError, match=r"rule 'same' \(#2, line 10\): id: .*rule #1"):
        load_profile(path)


def test_a_profile_without_name_or_rules_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("name: x\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleProfileError, match=r"empty\.yaml: rules: "):
        load_profile(path)
    path.write_text("rules: []\n", encoding="utf-8")
    with pytest.raises(RuleProfileError, match=r"empty\.yaml: name: "):
        load_profile(path)
    with pytest.raises(RuleProfileError, match=r"missing\.yaml: no such rule profile"):
        load_profile(tmp_path / "missing.yaml")


# Evaluation on a hand-made feature table ---------------------------------------------------

FEATURES = pa.table(
    {
        "declaration_id": ["D1", "D2", "D3", "D4", "D5", "D6"],
        "item_no": pa.array([1, 1, 2, 1, 1, 1], pa.int64()),
        "declaration_date": pa.array(
            [dt.date(2024, 1, d) for d in (5, 10, 10, 31)] + [dt.date(2024, 2, 1)] * 2,
            pa.date32(),
        ),
        "hs2": ["93", "61", "61", "61", "36", "85"],
        "hs6": ["930200", "610910", "610910", "611020", "360410", "851712"],
        "origin_country": ["US", "CN", "CN", "CN", "CN", None],
        "importer_id": ["I1", "I2", "O'Brien", "I2", "I3", "I4"],
        "unit_value_kg": [10.0, 1.234, 3.0, 0.5, None, 4.0],
        "reference_p05": [5.0, 2.0, 2.0, 1.0, 2.0, None],
        "tax_rate": [8.0, 13.0, 13.0, 13.0, 0.0, 0.0],
    }
)


@pytest.fixture
def features(engine: Engine) -> Engine:
    """The warehouse with six feature rows written by hand."""
    engine.write_arrow(FEATURE_TABLE, FEATURES, "replace")
    return engine


def hits(engine: Engine) -> set[tuple[str, str]]:
    rows = engine.query(f"SELECT declaration_id, rule_id FROM {HIT_TABLE}").to_pylist()
    return {(row["declaration_id"], row["rule_id"]) for row in rows}


def test_rules_hit_the_items_meeting_all_their_conditions(features: Engine, tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        rule("weapons", "hs2: ['93', '36']", channel="red")
        + rule("textiles-cn", "hs6: {starts_with: '6109'}\norigin_country: CN")
        + rule("nothing", "hs2: '01'", channel="green"),
    )
    summary = evaluate_rules(features, [path])
    assert hits(features) == {
        ("D1", "weapons"), ("D5", "weapons"), ("D2", "textiles-cn"), ("D3", "textiles-cn")
    }  # fmt: skip
    assert summary.hits_by_rule == {"weapons": 2, "textiles-cn": 2, "nothing": 0}
    assert summary.hits_by_channel == {"red": 2, "yellow": 2}
    assert summary.items_hit == 4 and summary.hits == 4
    row = features.query(f"SELECT * FROM {HIT_TABLE} WHERE declaration_id = 'D1'").to_pylist()[0]
    assert row["channel"] == "red" and row["profile"] == "test" and row["rule_version"] == 1
    assert features.query(f"SELECT * FROM {HIT_TABLE}").schema.equals(HIT_SCHEMA)


def test_a_column_compared_with_another_column(features: Engine, tmp_path: Path) -> None:
    """D2 and D4 are below their reference; D3 is above; D5 and D6 lack a value (no hit)."""
    path = write_profile(tmp_path, rule("under-p05", "unit_value_kg: {'<': reference_p05}"))
    evaluate_rules(features, [path])
    assert hits(features) == {("D2", "under-p05"), ("D4", "under-p05")}


def test_null_tests_and_numeric_bounds(features: Engine, tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        rule("no-reference", "reference_p05: {is_null: true}")
        + rule("no-value", "unit_value_kg: {not_null: false}")
        + rule("mid-value", "unit_value_kg: {'>': 1, '<=': 4}"),
    )
    evaluate_rules(features, [path])
    assert hits(features) == {
        ("D6", "no-reference"), ("D5", "no-value"),
        ("D2", "mid-value"), ("D3", "mid-value"), ("D6", "mid-value"),
    }  # fmt: skip


def test_a_rule_hits_only_declarations_of_its_validity(features: Engine, tmp_path: Path) -> None:
    """Both bounds are included: 31 January is in, 1 February and 5 January are out."""
    path = write_profile(
        tmp_path,
        rule("january", "tax_rate: {'>=': 0}", extra="valid_from: 2024-01-10\nvalid_to: 2024-01-31")
        + rule("from-february", "tax_rate: {'>=': 0}", extra="valid_from: 2024-02-01"),
    )  # fmt: skip
    evaluate_rules(features, [path])
    assert hits(features) == {
        ("D2", "january"), ("D3", "january"), ("D4", "january"),
        ("D5", "from-february"), ("D6", "from-february"),
    }  # fmt: skip


def test_reasons_are_filled_from_the_items_values(features: Engine, tmp_path: Path) -> None:
    reason = (
        '"{hs6} from {origin_country}: {unit_value_kg:.1f} < {reference_p05} '
        "({tax_rate:.0f}%) it's {{low}}\""
    )
    path = write_profile(tmp_path, rule("filled", "hs2: ['61', '85']", reason=reason))
    evaluate_rules(features, [path])
    rows = features.query(f"SELECT declaration_id, reason FROM {HIT_TABLE}").to_pylist()
    reasons = {row["declaration_id"]: row["reason"] for row in rows}
    assert reasons["D2"] == "610910 from CN: 1.2 < 2.00 (13%) it's {low}"
    assert reasons["D6"] == "851712 from unknown: 4.0 < unknown (0%) it's {low}"


def test_quotes_in_values_cannot_break_the_sql(features: Engine, tmp_path: Path) -> None:
    path = write_profile(tmp_path, rule("quoted", 'importer_id: "O\'Brien"', reason='"it\'s"'))
    evaluate_rules(features, [path])
    assert hits(features) == {("D3", "quoted")}
    assert features.scalar(f"SELECT reason FROM {HIT_TABLE}") == "it's"


def test_a_new_evaluation_replaces_the_previous_hits(features: Engine, tmp_path: Path) -> None:
    weapons = write_profile(tmp_path, rule("weapons", "hs2: '93'"), "weapons.yaml")
    textiles = write_profile(tmp_path, rule("textiles", "hs2: '61'"), "textiles.yaml")
    evaluate_rules(features, [weapons, textiles])
    evaluate_rules(features, [weapons, textiles])
    assert features.count(f"SELECT count(*) FROM {HIT_TABLE}") == 4
    evaluate_rules(features, [])
    assert features.count(f"SELECT count(*) FROM {HIT_TABLE}") == 0


def test_rule_ids_must_differ_across_profiles(features: Engine, tmp_path: Path) -> None:
    first = write_profile(tmp_path, rule("same", "hs2: '93'"), "first.yaml")
    second = write_profile(tmp_path, rule("same", "hs2: '61'"), "second.yaml")
    with pytest.raises(RuleProfileError, match=r"second\.yaml: rule 'same'.*first\.yaml"):
        evaluate_rules(features, [first, second])


def test_a_column_the_feature_table_lacks_stops_the_run(features: Engine, tmp_path: Path) -> None:
    path = write_profile(tmp_path, rule("ok", "hs2: '93'") + rule("z", "unit_value_z: {'<': -3}"))
    with pytest.raises(RuleProfileError, match=r"profile\.yaml: rule 'z' \(#2.*'unit_value_z'"):
        evaluate_rules(features, [path])
    assert not features.table_exists(HIT_TABLE)


# Evaluation on KCS declarations ------------------------------------------------------------


def test_every_rule_column_is_in_the_built_feature_table(kcs: Engine) -> None:
    evaluate_rules(kcs, [BASELINE_PROFILE])  # builds the missing feature table first
    columns = table_columns(kcs.query(f"SELECT * FROM {FEATURE_TABLE} LIMIT 0").schema)
    assert {name: columns.get(name) for name in RULE_COLUMNS} == RULE_COLUMNS


def test_the_baseline_profile_on_kcs_declarations(kcs: Engine) -> None:
    summary = evaluate_rules(kcs, [BASELINE_PROFILE])
    weapons = kcs.count(
        "SELECT count(*) FROM declaration WHERE substr(hs_code, 1, 2) IN ('93', '36')"
    )
    assert summary.hits_by_rule["weapons-explosives"] == weapons > 0
    under = kcs.query(f"SELECT unit_value_kg, reference_p05, tax_rate FROM {FEATURE_TABLE}")
    expected = sum(
        1
        for row in under.to_pylist()
        if None not in row.values()
        and row["unit_value_kg"] < row["reference_p05"]
        and row["tax_rate"] > 0
    )
    assert summary.hits_by_rule["unit-value-below-p05"] == expected > 0
    assert summary.hits_by_rule["undeclared-related-seller"] == 0  # network has not run
    assert kcs.count(f"SELECT count(*) FROM {HIT_TABLE} WHERE reason LIKE '%{{%'") == 0
