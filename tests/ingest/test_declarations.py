"""Declarations: real KCS data, a mapping, Parquet, and a corpus of malformed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from borderlens.engine.base import Engine
from borderlens.errors import MappingError, UnreadableInputError
from borderlens.ingest.declarations import ingest_declarations
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "declarations"


def quarantined(engine: Engine) -> list[dict[str, object]]:
    return engine.query("SELECT line, field, reason FROM quarantine ORDER BY line").to_pylist()


def test_kcs_file_loads_every_row_with_its_line(engine: Engine, shared_data: Path) -> None:
    path = shared_data / "kcs" / "df_syn_valid_eng.csv"
    lines = len(path.read_text().splitlines())
    report = ingest_declarations(engine, path, file_format="kcs")
    assert report.rows_read == lines - 1
    assert report.rows_loaded + report.rows_quarantined == report.rows_read
    assert engine.count("SELECT count(*) FROM declaration") == report.rows_loaded
    assert engine.count("SELECT count(*) FROM declaration WHERE origin_country = 'ZZ'") > 0
    first = engine.query(
        "SELECT declaration_id, hs_code, source_line FROM declaration ORDER BY source_line LIMIT 1"
    ).to_pylist()[0]
    line_two = path.read_text().splitlines()[1]
    assert first["source_line"] == 2
    assert line_two.startswith(f"{first['declaration_id']},")
    assert first["hs_code"] in line_two


def test_reloading_a_file_adds_nothing_and_says_so(engine: Engine) -> None:
    first = ingest_declarations(engine, CORPUS / "good.csv", file_format="csv")
    again = ingest_declarations(engine, CORPUS / "good.csv", file_format="csv")
    assert first.rows_loaded == 3
    assert again.already_loaded and again.previous_load_id == first.load_id
    assert "already loaded" in again.summary()
    assert engine.count("SELECT count(*) FROM declaration") == 3
    assert engine.count("SELECT count(*) FROM load") == 1


def test_a_key_loaded_from_another_file_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    ingest_declarations(engine, CORPUS / "good.csv", file_format="csv")
    copy = tmp_path / "resent.csv"
    copy.write_text((CORPUS / "good.csv").read_text() + "\n")
    report = ingest_declarations(engine, copy, file_format="csv")
    assert (report.rows_loaded, report.rows_quarantined) == (0, 3)
    assert all("was loaded before" in str(row["reason"]) for row in quarantined(engine))


CASES = [
    # file, loaded, quarantined, {line: words the reason must contain}
    ("good.csv", 3, 0, {}),
    ("truncated.csv", 2, 1, {4: "wrong number of columns"}),
    ("wrong_types.csv", 1, 2, {3: "is not a date", 4: "item_no: 'one' is not an integer"}),
    ("negative_values.csv", 1, 2, {3: "item_value: '-45000' is negative", 4: "quantity"}),
    ("future_dates.csv", 1, 1, {3: "'2999-01-01' is in the future"}),
    ("unknown_country.csv", 1, 2, {3: "'XY' is not an ISO 3166-1", 4: "'NARNIA'"}),
    ("bad_hs_code.csv", 2, 2, {3: "'85AB12' is not an HS code", 4: "'8517'"}),
    ("duplicate_ids.csv", 2, 1, {4: "'D00001/1' repeats line '2'"}),
    ("missing_required.csv", 1, 1, {3: "declaration_id: missing; importer_id: missing"}),
    ("header_only.csv", 0, 0, {}),
]


@pytest.mark.parametrize(("name", "loaded", "rejected", "reasons"), CASES)
def test_malformed_corpus(
    engine: Engine, name: str, loaded: int, rejected: int, reasons: dict[int, str]
) -> None:
    report = ingest_declarations(engine, CORPUS / name, file_format="csv")
    assert (report.rows_loaded, report.rows_quarantined) == (loaded, rejected)
    assert report.rows_read == loaded + rejected
    found = {row["line"]: str(row["reason"]) for row in quarantined(engine)}
    for line, words in reasons.items():
        assert words in found[line]
    assert engine.count("SELECT count(*) FROM declaration") == loaded


def test_dotted_hs_codes_are_normalised(engine: Engine) -> None:
    ingest_declarations(engine, CORPUS / "bad_hs_code.csv", file_format="csv")
    codes = engine.query("SELECT hs_code FROM declaration ORDER BY source_line").column(0)
    assert codes.to_pylist() == ["851712", "85171200"]


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("wrong_delimiter.csv", UnreadableInputError, "delimited by ';'"),
        ("latin1.csv", UnreadableInputError, "line 2 is not valid utf-8"),
        ("empty.csv", UnreadableInputError, "empty"),
        ("does_not_exist.csv", UnreadableInputError, "no such file"),
        ("missing_column.csv", UnreadableInputError, r"canonical layout.*'hs_code' are missing"),
    ],
)
def test_unreadable_input_stops_with_a_message(
    engine: Engine, name: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        ingest_declarations(engine, CORPUS / name, file_format="csv")
    assert engine.count("SELECT count(*) FROM load") == 0


def test_kcs_layout_names_the_missing_columns(engine: Engine) -> None:
    with pytest.raises(UnreadableInputError, match=r"not in the kcs layout.*'HS6 Code'"):
        ingest_declarations(engine, CORPUS / "good.csv", file_format="kcs")


def test_mapping_reads_decimal_commas_day_first_dates_and_tonnes(engine: Engine) -> None:
    report = ingest_declarations(
        engine, CORPUS / "european.csv", file_format="csv", mapping_path=CORPUS / "european.toml"
    )
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    rows = engine.query(
        "SELECT declaration_id, CAST(declaration_date AS VARCHAR) AS day, net_mass_kg, "
        "item_value, currency, importer_country FROM declaration ORDER BY declaration_id"
    ).to_pylist()
    assert rows[0] == {
        "declaration_id": "A1",
        "day": "2025-02-03",
        "net_mass_kg": 1500.0,
        "item_value": 12500.75,
        "currency": "EUR",
        "importer_country": "DE",
    }
    assert rows[1]["net_mass_kg"] == 250.0
    assert "net_mass_kg: 'abc' is not a number" in str(quarantined(engine)[0]["reason"])


def test_latin1_file_loads_when_the_mapping_names_its_encoding(
    engine: Engine, tmp_path: Path
) -> None:
    mapping = tmp_path / "latin1.toml"
    mapping.write_text('[read]\nencoding = "latin-1"\n')
    names = {"declaration_id", "item_no", "declaration_date", "importer_id", "importer_name"}
    names |= {"hs_code", "origin_country", "item_value"}
    lines = "\n".join(f'{name} = "{name}"' for name in sorted(names))
    mapping.write_text(mapping.read_text() + "[columns]\n" + lines + "\n")
    report = ingest_declarations(
        engine, CORPUS / "latin1.csv", file_format="csv", mapping_path=mapping
    )
    assert report.rows_loaded == 1
    assert engine.scalar("SELECT importer_name FROM declaration") == "Société Générale Géorgie"


def test_mapping_errors_name_the_key(tmp_path: Path, engine: Engine) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[read]\ndecimal_separator = ";"\n')
    with pytest.raises(MappingError, match=r"read\.decimal_separator"):
        ingest_declarations(engine, CORPUS / "good.csv", file_format="csv", mapping_path=mapping)
    mapping.write_text('[columns]\nhs_kode = "hs_code"\n')
    with pytest.raises(MappingError, match=r"no such field.*hs_kode"):
        ingest_declarations(engine, CORPUS / "good.csv", file_format="csv", mapping_path=mapping)


def test_parquet_goes_through_the_same_checks(engine: Engine, tmp_path: Path) -> None:
    table = pa.table(
        {
            "declaration_id": ["P1", "P2"],
            "item_no": [1, 1],
            "declaration_date": ["2025-01-02", "2025-01-03"],
            "importer_id": ["GE1", "GE2"],
            "hs_code": ["090111", "0901"],
            "origin_country": ["BR", "BR"],
            "item_value": [1200.5, -3.0],
        }
    )
    path = tmp_path / "declarations.parquet"
    pq.write_table(table, path)
    report = ingest_declarations(engine, path, file_format="parquet")
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    reason = str(quarantined(engine)[0]["reason"])
    assert "hs_code: '0901'" in reason and "item_value: '-3.0' is negative" in reason
    assert engine.query("SELECT location FROM quarantine").column(0)[0].as_py() == "line 2"


def test_parquet_reader_refuses_a_csv(engine: Engine) -> None:
    with pytest.raises(UnreadableInputError, match="cannot be read as Parquet"):
        ingest_declarations(engine, CORPUS / "good.csv", file_format="parquet")


def test_parties_are_collected_from_declarations(engine: Engine) -> None:
    ingest_declarations(engine, CORPUS / "good.csv", file_format="csv")
    roles = engine.query(
        "SELECT role, count(*) AS n FROM party GROUP BY role ORDER BY role"
    ).to_pylist()
    assert roles == [
        {"role": "declarant", "n": 1},
        {"role": "importer", "n": 3},
        {"role": "seller", "n": 3},
    ]


def test_line_numbers_do_not_leak_from_one_file_to_the_next(engine: Engine) -> None:
    ingest_declarations(engine, CORPUS / "truncated.csv", file_format="csv")
    ingest_declarations(
        engine, CORPUS / "european.csv", file_format="csv", mapping_path=CORPUS / "european.toml"
    )
    lines = engine.query(
        "SELECT source_line FROM declaration WHERE source_file LIKE '%european.csv' "
        "ORDER BY source_line"
    ).column(0)
    assert lines.to_pylist() == [2, 3]
    assert [row["line"] for row in quarantined(engine)] == [4, 4]


def test_a_row_with_several_problems_lists_them_in_field_order_then_the_key(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "several.csv"
    path.write_text(
        "declaration_id,item_no,declaration_date,importer_id,hs_code,origin_country,item_value\n"
        "D1,1,2025-01-02,GE1,090111,BR,10\n"
        "D1,1,2999-01-02,GE1,0901,XY,-1\n"
        "D2,1,2025-01-02,GE1,090111,br,10\n"
    )
    report = ingest_declarations(engine, path, file_format="csv")
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    row = engine.query("SELECT line, field, reason, record FROM quarantine").to_pylist()[0]
    assert row["line"] == 3
    assert row["field"] == "declaration_date, hs_code, origin_country, item_value, declaration_id"
    assert row["reason"] == (
        "declaration_date: '2999-01-02' is in the future; "
        "hs_code: '0901' is not an HS code of 6, 8 or 10 digits; "
        "origin_country: 'XY' is not an ISO 3166-1 country code; "
        "item_value: '-1' is negative; "
        "declaration_id: 'D1/1' repeats line '2'"
    )
    assert row["record"] == "D1,1,2999-01-02,GE1,0901,XY,-1"
    assert (
        engine.scalar("SELECT origin_country FROM declaration WHERE declaration_id = 'D2'") == "BR"
    )


def test_parties_folded_in_load_by_load_are_those_of_all_declarations(
    engine: Engine, tmp_path: Path
) -> None:
    lines = (CORPUS / "good.csv").read_text().splitlines()
    later = [lines[0]] + [
        line.replace("D0000", "D1000").replace("2025-03-1", "2025-04-2") for line in lines[1:]
    ]
    later.append(later[1].replace("D10001", "D10009").replace("Tbilisi Trading LLC", "TBILISI"))
    later.append(later[2].replace("D10002", "D10010").replace(",S2,", ",S9,"))
    (tmp_path / "later.csv").write_text("\n".join(later) + "\n")
    first = ingest_declarations(engine, CORPUS / "good.csv", file_format="csv")
    second = ingest_declarations(engine, tmp_path / "later.csv", file_format="csv")
    assert (first.rows_loaded, second.rows_loaded) == (3, 5)

    dates: dict[tuple[object, ...], list[date]] = {}
    for row in engine.query("SELECT * FROM declaration").to_pylist():
        for role, columns in (
            ("importer", ("importer_id", "importer_name", "importer_address", "importer_country")),
            ("seller", ("seller_id", "seller_name", "seller_address", "seller_country")),
            ("declarant", ("declarant_id", "declarant_name")),
            ("courier", ("courier_id",)),
        ):
            if row[columns[0]] is not None:
                written = tuple(row[column] for column in columns)
                key = (role, *written, *(None,) * (4 - len(written)))
                dates.setdefault(key, []).append(row["declaration_date"])
    expected = {key: [min(seen), max(seen), len(seen)] for key, seen in dates.items()}
    parties = engine.query(
        "SELECT role, party_id, name, address, country, first_seen, last_seen, declarations "
        "FROM party"
    ).to_pylist()
    found = {
        (party["role"], party["party_id"], party["name"], party["address"], party["country"]): [
            party["first_seen"],
            party["last_seen"],
            party["declarations"],
        ]
        for party in parties
    }
    assert found == expected
    assert len(parties) == len(expected)
    importer = [party for party in parties if party["party_id"] == "GE401"]
    assert sorted((party["name"], party["declarations"]) for party in importer) == [
        ("TBILISI", 1),
        ("Tbilisi Trading LLC", 2),
    ]
