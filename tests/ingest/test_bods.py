"""BODS ingest: the published examples, a malformed corpus, reloads, and a property test."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.errors import UnreadableInputError
from borderlens.ingest.bods import ingest_bods, ownership_cycle_count
from borderlens.warehouse.loads import LoadReport
from borderlens.warehouse.migrations import ensure_schema

BODS_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "bods"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bods"
EXAMPLE_FILES = sorted(
    [*BODS_DATA.glob("0.2-examples/**/*.json"), *BODS_DATA.glob("0.4/examples/*.json")]
)
needs_examples = pytest.mark.skipif(
    not EXAMPLE_FILES, reason=f"the BODS example files are not at {BODS_DATA}"
)

# Examples that really are invalid, with the reason their quarantined statement must carry.
INVALID_EXAMPLES = {
    # Two different relationships share statementID c222fe05-...: the second is a duplicate.
    "3-joint-ownership.json": ["duplicate statement id 'c222fe05-2bf3-4cc0-b126-f665109d7211'"],
    # Its subject 309523dc-... is described nowhere (the Renco Energy statement is 155009d4-...).
    "renco-energy-ltd-roberto-lopez.json": ["subject '309523dc-8bdc-48a6-bca5-bdd3c879db65'"],
}
KINDS = {
    "entityStatement": "entity",
    "personStatement": "person",
    "ownershipOrControlStatement": "relationship",
    "entity": "entity",
    "person": "person",
    "relationship": "relationship",
}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[DuckDBEngine]:
    warehouse = DuckDBEngine(tmp_path / "w.duckdb")
    ensure_schema(warehouse)
    yield warehouse
    warehouse.close()


def count(engine: DuckDBEngine, sql: str) -> int:
    value = engine.scalar(sql)
    assert isinstance(value, int)
    return value


def quarantined(engine: DuckDBEngine, report: LoadReport) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = engine.query(
        f"SELECT line, location, field, reason, record FROM quarantine "
        f"WHERE load_id = '{report.load_id}' ORDER BY line"
    ).to_pylist()
    return rows


def statements_of(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def referenced_ids(statement: dict[str, object]) -> list[str]:
    details = statement.get("recordDetails", statement)
    assert isinstance(details, dict)
    found: list[str] = []
    for key in ("subject", "interestedParty"):
        value = details.get(key)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found += [ref for name, ref in value.items() if name.startswith("describedBy")]
    return found


def kind_of(statement: dict[str, object]) -> str:
    """entity, person or relationship, from statementType (0.2/0.3) or recordType (0.4)."""
    return KINDS[str(statement.get("statementType") or statement.get("recordType"))]


def interest_count(statement: dict[str, object]) -> int:
    """Ownership rows a relationship gives: one per interest, one when it lists none."""
    details = statement.get("recordDetails", statement)
    interests = details.get("interests") if isinstance(details, dict) else None
    return max(1, len(interests)) if isinstance(interests, list) else 1


def own_id(statement: dict[str, object]) -> object:
    return statement.get("recordId") or statement.get("statementID")


def context_statements(path: Path) -> list[dict[str, object]]:
    """Entity and person statements of sibling files that this file refers to but lacks.

    The workshop files hold one statement each; a registry would hold the rest already.
    """
    own = statements_of(path)
    missing = {ref for s in own for ref in referenced_ids(s)} - {own_id(s) for s in own}
    found: dict[object, dict[str, object]] = {}
    for sibling in sorted(path.parent.glob("*.json")):
        for statement in statements_of(sibling):
            if kind_of(statement) != "relationship" and own_id(statement) in missing:
                found.setdefault(own_id(statement), statement)
    return list(found.values())


@needs_examples
@pytest.mark.parametrize(
    "path", EXAMPLE_FILES, ids=[str(p.relative_to(BODS_DATA)) for p in EXAMPLE_FILES]
)
def test_every_example_loads_with_the_counts_of_its_file(
    engine: DuckDBEngine, tmp_path: Path, path: Path
) -> None:
    context = context_statements(path)
    if context:
        context_file = tmp_path / "context.json"
        context_file.write_text(json.dumps(context), encoding="utf-8")
        assert ingest_bods(engine, context_file).rows_quarantined == 0

    report = ingest_bods(engine, path)

    statements = statements_of(path)
    bad = quarantined(engine, report)
    expected_reasons = INVALID_EXAMPLES.get(path.name, [])
    assert len(bad) == len(expected_reasons)
    for row, reason in zip(bad, expected_reasons, strict=True):
        assert reason in str(row["reason"])
    bad_positions = {int(str(row["line"])) - 1 for row in bad}
    good = [s for index, s in enumerate(statements) if index not in bad_positions]
    kinds = [kind_of(s) for s in good]
    interest_rows = sum(interest_count(s) for s in good if kind_of(s) == "relationship")
    load = f"load_id = '{report.load_id}'"
    assert count(engine, f"SELECT count(*) FROM registry_entity WHERE {load}") == kinds.count(
        "entity"
    )
    assert count(engine, f"SELECT count(*) FROM registry_person WHERE {load}") == kinds.count(
        "person"
    )
    assert count(
        engine, f"SELECT count(DISTINCT statement_id) FROM ownership WHERE {load}"
    ) == kinds.count("relationship")
    assert count(engine, f"SELECT count(*) FROM ownership WHERE {load}") == interest_rows
    assert report.rows_read == len(statements)
    assert report.rows_read == report.rows_loaded + report.rows_quarantined


@needs_examples
def test_examples_keep_names_countries_and_pep_status(engine: DuckDBEngine) -> None:
    ingest_bods(engine, BODS_DATA / "0.2-examples" / "1-single-direct.json")
    ingest_bods(engine, BODS_DATA / "0.4" / "examples" / "nomination.json")
    person = engine.query(
        "SELECT name, alternate_names, nationalities, birth_date, address, country "
        "FROM registry_person WHERE name = 'Christopher Taggart'"
    ).to_pylist()
    assert person == [
        {
            "name": "Christopher Taggart",
            "alternate_names": '["Chris Taggart"]',
            "nationalities": '["GB"]',
            "birth_date": "1964-04",
            "address": "Aston House, Cornwall Avenue, London, N3 1LF, GB",
            "country": "GB",
        }
    ]
    entity = engine.query(
        "SELECT entity_type, jurisdiction, country, identifiers, bods_version FROM registry_entity "
        "WHERE record_id = '104AB1984C'"
    ).to_pylist()[0]
    assert entity["jurisdiction"] == "MX" and entity["country"] == "MX"
    assert json.loads(str(entity["identifiers"]))[0]["id"] == "CPL211105123"
    assert entity["bods_version"] == "0.4"


# --- the malformed corpus ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "loaded", "expected"),
    [
        ("dangling_reference.json", 4, [("$[4]", "interestedParty", "fx-entity-nowhere")]),
        ("share_over_100.json", 4, [("$[4].interests[0].share.exact", "share", "120")]),
        ("negative_share.json", 4, [("$[4].interests[0].share.minimum", "share", "outside 0-100")]),
        ("share_range_inverted.json", 3, [("$[3].interests[0].share", "share", "exceeds maximum")]),
        ("self_ownership.json", 4, [("$[4]", "interestedParty", "self-ownership")]),
        ("entity_without_name.json", 3, [("$[3]", "name", "no name")]),
        ("future_date.json", 3, [("$[3].foundingDate", "foundingDate", "in the future")]),
        (
            "unknown_country.json",
            4,
            [("$[3].incorporatedInJurisdiction.code", "jurisdiction", "'QQ' is not an ISO")],
        ),
        ("duplicate_statement_id.json", 3, [("$[3]", "statementID", "duplicate statement id")]),
        (
            "bad_types.json",
            3,
            [
                ("$[3].statementID", "statementID", "no statementID"),
                ("$[4].statementType", "statementType", "unknown statementType"),
            ],
        ),
        (
            "records_0_4.json",
            4,
            [("$[3].recordDetails.interests[0].share.exact", "share", "'150' is outside 0-100")],
        ),
    ],
)
def test_bad_statements_are_quarantined_and_good_ones_load(
    engine: DuckDBEngine, fixture: str, loaded: int, expected: list[tuple[str, str, str]]
) -> None:
    path = FIXTURES / fixture
    report = ingest_bods(engine, path)
    rows = quarantined(engine, report)
    assert [(row["location"], row["field"]) for row in rows] == [
        (location, field) for location, field, _ in expected
    ]
    for row, (_, _, reason) in zip(rows, expected, strict=True):
        assert reason in str(row["reason"])
        assert json.loads(str(row["record"]))  # the statement as it came in
    assert report.rows_loaded == loaded
    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    assert report.rows_read == len(statements_of(path))
    assert count(engine, "SELECT count(*) FROM quarantine WHERE source_kind = 'bods'") == len(rows)


def test_subdivision_codes_count_by_their_country(engine: DuckDBEngine) -> None:
    ingest_bods(engine, FIXTURES / "unknown_country.json")
    found = engine.query(
        "SELECT jurisdiction, country FROM registry_entity "
        "WHERE record_id = 'fx-entity-subdivision'"
    ).to_pylist()
    assert found == [{"jurisdiction": "GB-ENG", "country": "GB"}]


def test_records_0_4_fill_ownership_columns(engine: DuckDBEngine) -> None:
    report = ingest_bods(engine, FIXTURES / "records_0_4.json")
    rows = engine.query(
        "SELECT relationship_id, owned_record_id, owner_record_id, owner_kind, interest_type, "
        "share_exact, share_min, share_max, share_exclusive_min, share_exclusive_max, start_date "
        "FROM ownership ORDER BY relationship_id, interest_type"
    ).to_pylist()
    assert [(r["relationship_id"], r["owner_kind"], r["interest_type"]) for r in rows] == [
        ("fx04-rel-1", "person", "shareholding"),
        ("fx04-rel-1", "person", "votingRights"),
        ("fx04-rel-3", "unspecified", None),
    ]
    first = rows[0]
    assert (first["share_min"], first["share_exclusive_min"]) == (25.0, True)
    assert (first["share_max"], first["share_exclusive_max"]) == (50.0, False)
    assert rows[1]["share_exact"] == 40.0
    assert rows[2]["owner_record_id"] is None and rows[2]["owned_record_id"] == "fx04-alpha"
    person = engine.query("SELECT name, alternate_names, is_pep FROM registry_person").to_pylist()
    assert person == [{"name": "Jane Doe", "alternate_names": '["J. Doe"]', "is_pep": True}]
    address = engine.scalar("SELECT address FROM registry_entity")
    assert address == "1 Dock Road, Felixstowe, IP11 3XX, GB"
    assert report.rows_quarantined == 1


def test_ownership_cycle_loads_and_is_counted(engine: DuckDBEngine) -> None:
    report = ingest_bods(engine, FIXTURES / "ownership_cycle.json")
    assert report.rows_quarantined == 0
    assert report.rows_loaded == 8
    assert count(engine, "SELECT count(*) FROM ownership WHERE owner_kind = 'entity'") == 3
    assert ownership_cycle_count(engine, report.load_id) == 1
    detail = json.loads(str(engine.scalar("SELECT detail FROM audit_event")))
    assert detail["ownership_cycle_examples"] == [
        ["fx-entity-alpha", "fx-entity-beta", "fx-entity-gamma"]
    ]


def test_invalid_json_stops_with_line_and_column(engine: DuckDBEngine) -> None:
    path = FIXTURES / "invalid.json"
    with pytest.raises(
        UnreadableInputError, match=r"invalid\.json: line 34, column 5: invalid JSON"
    ):
        ingest_bods(engine, path)
    assert count(engine, "SELECT count(*) FROM load") == 0


def test_a_json_object_that_is_not_bods_stops(engine: DuckDBEngine) -> None:
    with pytest.raises(UnreadableInputError, match="not a BODS statement"):
        ingest_bods(engine, FIXTURES / "not_bods.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"name,country\nAlpha,GB\n", "not BODS JSON"),
        (b'[{"a": 1}, {"b": 2}]', "no BODS statement found"),
        (
            '[{"statementID": "x", "statementType": "entityStatement", "name": "Société"}]'.encode(
                "latin-1"
            ),
            "line 1, column 72: not UTF-8",
        ),
    ],
)
def test_unreadable_files_stop_with_a_reason(
    engine: DuckDBEngine, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableInputError, match=message):
        ingest_bods(engine, path)


def test_a_single_statement_object_is_read(engine: DuckDBEngine, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(statements_of(FIXTURES / "future_date.json")[0]), encoding="utf-8")
    report = ingest_bods(engine, path)
    assert (report.rows_read, report.rows_loaded) == (1, 1)


def test_truncated_json_lines_quarantine_only_the_last_line(engine: DuckDBEngine) -> None:
    report = ingest_bods(engine, FIXTURES / "truncated.jsonl")
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (5, 4, 1)
    [row] = quarantined(engine, report)
    assert row["line"] == 5 and row["location"] == "line 5" and row["field"] == "json"
    assert "truncated" in str(row["reason"])
    lines = engine.query("SELECT source_line FROM registry_entity ORDER BY 1").column(0).to_pylist()
    assert lines == [1, 2]
    assert engine.scalar("SELECT format FROM load") == "jsonl"


def test_json_lines_location_names_line_and_path(engine: DuckDBEngine, tmp_path: Path) -> None:
    statements = statements_of(FIXTURES / "share_over_100.json")
    path = tmp_path / "share.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in statements) + "\n", encoding="utf-8")
    report = ingest_bods(engine, path)
    [row] = quarantined(engine, report)
    assert row["location"] == "line 5 $.interests[0].share.exact"


def test_loading_the_same_file_again_adds_nothing(engine: DuckDBEngine) -> None:
    path = FIXTURES / "dangling_reference.json"
    first = ingest_bods(engine, path)
    tables = ("registry_entity", "registry_person", "ownership", "quarantine", "load")
    before = {table: count(engine, f"SELECT count(*) FROM {table}") for table in tables}
    again = ingest_bods(engine, path)
    assert again.already_loaded and again.previous_load_id == first.load_id
    assert "already loaded" in again.summary()
    assert {table: count(engine, f"SELECT count(*) FROM {table}") for table in tables} == before


def test_statement_ids_loaded_before_from_another_file_are_duplicates(
    engine: DuckDBEngine, tmp_path: Path
) -> None:
    first = ingest_bods(engine, FIXTURES / "self_ownership.json")
    copy = tmp_path / "copy.json"
    copy.write_text(
        json.dumps(statements_of(FIXTURES / "self_ownership.json")[:4]), encoding="utf-8"
    )
    report = ingest_bods(engine, copy)
    assert report.rows_loaded == 0 and report.rows_quarantined == 4
    reasons = [str(row["reason"]) for row in quarantined(engine, report)]
    assert all(f"was loaded before by '{first.load_id}'" in reason for reason in reasons)


def test_relationships_may_refer_to_records_already_in_the_warehouse(
    engine: DuckDBEngine, tmp_path: Path
) -> None:
    statements = statements_of(FIXTURES / "ownership_cycle.json")
    parties, relationships = tmp_path / "parties.json", tmp_path / "relationships.json"
    parties.write_text(json.dumps(statements[:4]), encoding="utf-8")
    relationships.write_text(json.dumps(statements[4:]), encoding="utf-8")
    ingest_bods(engine, parties)
    report = ingest_bods(engine, relationships)
    assert (report.rows_loaded, report.rows_quarantined) == (4, 0)
    assert ownership_cycle_count(engine, report.load_id) == 1


def test_many_statements_load_in_bulk_with_progress(engine: DuckDBEngine, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in generated_world(3000)), encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    report = ingest_bods(engine, path, progress=lambda *call: calls.append(call))
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (9000, 9000, 0)
    assert [done for label, done, _ in calls if label == "checking statements"] == list(
        range(0, 9000, 1000)
    )
    assert calls[-1] == ("done", 9000, 9000)


def generated_world(size: int) -> list[dict[str, object]]:
    """``size`` entities each owned by a person and by the previous entity (0.4 records)."""
    statements: list[dict[str, object]] = []
    for n in range(size):
        statements += [
            record(
                f"e{n}",
                "entity",
                {"name": f"Company {n}", "jurisdiction": {"name": "GB", "code": "GB"}},
            ),
            record(f"p{n}", "person", {"names": [{"fullName": f"Person {n}"}]}),
            record(
                f"r{n}",
                "relationship",
                {
                    "subject": f"e{n}",
                    "interestedParty": f"p{n}" if n % 2 else f"e{n - 1 if n else size - 1}",
                    "interests": [{"type": "shareholding", "share": {"exact": 10 + n % 50}}],
                },
            ),
        ]
    return statements


def record(record_id: str, record_type: str, details: dict[str, object]) -> dict[str, object]:
    return {
        "statementId": f"statement-{record_id}-{record_type}".ljust(32, "0"),
        "statementDate": "2024-03-01",
        "recordId": record_id,
        "recordType": record_type,
        "recordStatus": "new",
        "recordDetails": {"isComponent": False, **details},
        "publicationDetails": {"publicationDate": "2024-03-02", "bodsVersion": "0.4"},
    }


# --- property: whatever the mix, every statement is either loaded or quarantined -----------

BAD_KINDS = (
    "no_id",
    "unknown_type",
    "no_name",
    "future_date",
    "bad_date",
    "bad_country",
    "share_over",
    "share_negative",
    "self",
    "dangling",
    "duplicate",
    "not_object",
)


def bad_statement(kind: str, n: int, good_ids: list[str]) -> object:
    entity = {"statementID": f"bad-{n}", "statementType": "entityStatement", "name": f"Bad {n}"}
    owner = good_ids[0] if good_ids else f"missing-{n}"
    relation = {
        "statementID": f"bad-{n}",
        "statementType": "ownershipOrControlStatement",
        "subject": {"describedByEntityStatement": owner},
        "interestedParty": {"describedByEntityStatement": owner},
        "interests": [{"type": "shareholding", "share": {"exact": 10}}],
    }
    changes: dict[str, object] = {
        "no_id": {**entity, "statementID": None},
        "unknown_type": {**entity, "statementType": "vesselStatement"},
        "no_name": {**entity, "name": "   "},
        "future_date": {**entity, "statementDate": "2999-12-31"},
        "bad_date": {**entity, "foundingDate": "31/12/2001"},
        "bad_country": {**entity, "incorporatedInJurisdiction": {"name": "?", "code": "ZZ"}},
        "share_over": {**relation, "interests": [{"share": {"exact": 100.5}}]},
        "share_negative": {**relation, "interests": [{"share": {"maximum": -1}}]},
        "self": relation,
        "dangling": {**relation, "subject": {"describedByEntityStatement": f"missing-{n}"}},
        "duplicate": {**entity, "statementID": good_ids[0] if good_ids else None},
        "not_object": [f"bad-{n}"],
    }
    if kind == "self" and not good_ids:
        return changes["dangling"]
    return changes[kind]


@st.composite
def statement_mixes(draw: st.DrawFn) -> tuple[list[object], list[str], int]:
    good_count = draw(st.integers(0, 12))
    good: list[object] = []
    good_ids: list[str] = []
    for n in range(good_count):
        kind = draw(st.sampled_from(["entity", "person", "relationship"]))
        entities = [i for i in good_ids if i.startswith("entity")]
        if kind == "relationship" and len(entities) >= 2:
            subject, owner = draw(st.permutations(entities))[:2]
            good.append(
                {
                    "statementID": f"rel-{n}",
                    "statementType": "ownershipOrControlStatement",
                    "subject": {"describedByEntityStatement": subject},
                    "interestedParty": {"describedByEntityStatement": owner},
                    "interests": draw(
                        st.lists(
                            st.fixed_dictionaries(
                                {"share": st.fixed_dictionaries({"exact": st.floats(0, 100)})}
                            ),
                            max_size=2,
                        )
                    ),
                }
            )
            good_ids.append(f"rel-{n}")
        elif kind == "person":
            good.append(
                {
                    "statementID": f"person-{n}",
                    "statementType": "personStatement",
                    "names": [{"fullName": f"P {n}"}],
                }
            )
            good_ids.append(f"person-{n}")
        else:
            good.append(
                {"statementID": f"entity-{n}", "statementType": "entityStatement", "name": f"E {n}"}
            )
            good_ids.append(f"entity-{n}")
    bad_kinds = draw(st.lists(st.sampled_from(BAD_KINDS), max_size=8))
    bad = [bad_statement(kind, n, good_ids) for n, kind in enumerate(bad_kinds)]
    # Bad statements go after the good ones so that a duplicate never precedes its original.
    mixed = good + bad
    return mixed, good_ids, len(bad)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mix=statement_mixes(), as_lines=st.booleans())
def test_every_statement_is_loaded_or_quarantined(
    mix: tuple[list[object], list[str], int], as_lines: bool
) -> None:
    statements, good_ids, bad_count = mix
    if not statements:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("mix.jsonl" if as_lines else "mix.json")
        if as_lines:
            path.write_text("\n".join(json.dumps(s) for s in statements), encoding="utf-8")
        else:
            path.write_text(json.dumps(statements), encoding="utf-8")
        warehouse = DuckDBEngine(":memory:")
        ensure_schema(warehouse)
        try:
            if not good_ids and all(
                not isinstance(s, dict) or not s.get("statementType") for s in statements
            ):
                with pytest.raises(UnreadableInputError):
                    ingest_bods(warehouse, path)
                return
            report = ingest_bods(warehouse, path)
            loaded_ids = set(
                warehouse.query(
                    "SELECT statement_id FROM registry_entity UNION SELECT statement_id "
                    "FROM registry_person UNION SELECT statement_id FROM ownership"
                )
                .column(0)
                .to_pylist()
            )
        finally:
            warehouse.close()
    assert report.rows_read == len(statements)
    assert report.rows_loaded + report.rows_quarantined == report.rows_read
    assert report.rows_quarantined == bad_count
    assert set(good_ids) <= loaded_ids
    assert not any(str(i).startswith("bad-") for i in loaded_ids)


def test_statements_0_3_read_jurisdiction_pep_and_interest_level(
    engine: DuckDBEngine, tmp_path: Path
) -> None:
    publication = {"publicationDate": "2024-01-02T10:00:00Z", "bodsVersion": "0.3"}
    statements = [
        {
            "statementID": "v03-entity",
            "statementType": "entityStatement",
            "statementDate": "2024-01-01T09:30:00Z",
            "entityType": "registeredEntity",
            "name": "Delta Freight Oy",
            "jurisdiction": {"name": "Finland", "code": "fi"},
            "publicationDetails": publication,
        },
        {
            "statementID": "v03-person",
            "statementType": "personStatement",
            "personType": "knownPerson",
            "names": [{"type": "individual", "givenName": "Aino", "familyName": "Virtanen"}],
            "politicalExposure": {"status": "isNotPep"},
            "publicationDetails": publication,
        },
        {
            "statementID": "v03-relationship",
            "statementType": "ownershipOrControlStatement",
            "subject": {"describedByEntityStatement": "v03-entity"},
            "interestedParty": {"describedByPersonStatement": "v03-person"},
            "interests": [
                {
                    "type": "shareholding",
                    "interestLevel": "indirect",
                    "share": {"minimum": 25, "maximum": 50, "exclusiveMinimum": True},
                }
            ],
            "publicationDetails": publication,
        },
    ]
    path = tmp_path / "v03.json"
    path.write_text(json.dumps(statements), encoding="utf-8")
    report = ingest_bods(engine, path)
    assert report.rows_quarantined == 0
    entity = engine.query(
        "SELECT jurisdiction, country, statement_date, bods_version FROM registry_entity"
    )
    assert entity.to_pylist()[0]["jurisdiction"] == "FI"
    assert entity.to_pylist()[0]["bods_version"] == "0.3"
    person = engine.query("SELECT name, is_pep FROM registry_person").to_pylist()
    assert person == [{"name": "Aino Virtanen", "is_pep": False}]
    interest = engine.query(
        "SELECT owner_kind, direct_or_indirect, share_min, share_exclusive_min, share_max, "
        "share_exclusive_max FROM ownership"
    ).to_pylist()
    assert interest == [
        {
            "owner_kind": "person",
            "direct_or_indirect": "indirect",
            "share_min": 25.0,
            "share_exclusive_min": True,
            "share_max": 50.0,
            "share_exclusive_max": False,
        }
    ]
