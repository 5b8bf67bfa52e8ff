"""Entity matching: scores on the demo world, stable ids, judgements, user lists, Spark."""

from __future__ import annotations

import csv
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from borderlens.engine.base import Engine
from borderlens.resolve.matching import (
    COMPANY_MODEL,
    evaluate_resolve,
    match_files,
    record_judgement,
    resolve_entities,
)
from borderlens.resolve.matching.clusters import Cluster, Judgements, cluster_records
from borderlens.resolve.matching.ids import assign_ids, retired_ids
from borderlens.resolve.matching.matcher import SplinkMatcher, duckdb_api
from borderlens.resolve.matching.models import COMPANY
from borderlens.resolve.matching.records import read_source_records, standardized_records
from tests.conftest import warehouse_copy


@pytest.fixture
def world(tiny_world: Path, tmp_path: Path) -> Iterator[Engine]:
    """A private copy of the tiny world."""
    with warehouse_copy(tiny_world, tmp_path) as engine:
        yield engine


def _links(engine: Engine) -> dict[tuple[str, str], str]:
    rows = engine.query("SELECT source_kind, source_key, entity_id FROM entity_link").to_pylist()
    return {(row["source_kind"], row["source_key"]): row["entity_id"] for row in rows}


def test_tiny_world_scores_and_tables(world: Engine) -> None:
    summary = resolve_entities(world)
    scores = evaluate_resolve(world)
    assert summary.kinds["company"].model_version == COMPANY_MODEL
    assert scores["company"]["true_pairs"] > 50
    assert scores["company"]["precision"] >= 0.85
    assert scores["company"]["recall"] >= 0.8
    assert scores["person"]["precision"] >= 0.95
    # Every source record is linked once, with a probability, to an entity that exists.
    links = world.count("SELECT count(*) FROM entity_link")
    distinct = world.count("SELECT count(DISTINCT (source_kind, source_key)) FROM entity_link")
    assert links == distinct == sum(kind.source_records for kind in summary.kinds.values())
    orphans = world.count(
        "SELECT count(*) FROM entity_link l ANTI JOIN entity e ON e.entity_id = l.entity_id"
    )
    assert orphans == 0
    bad = world.count(
        "SELECT count(*) FROM entity_link WHERE NOT match_probability BETWEEN 0.9 AND 1.0"
    )
    assert bad == 0
    assert world.count("SELECT count(*) FROM resolve_model") == 2


def test_ids_stay_stable_and_new_records_join_existing_clusters(world: Engine) -> None:
    world.execute(
        "CREATE TABLE held_back AS SELECT * FROM party WHERE role = 'seller' "
        "AND party_id IN (SELECT DISTINCT party_id FROM party WHERE role = 'seller' "
        "ORDER BY party_id LIMIT 15)"
    )
    world.execute(
        "DELETE FROM party WHERE role = 'seller' AND party_id IN (SELECT party_id FROM held_back)"
    )
    resolve_entities(world)
    before = _links(world)
    world.execute("INSERT INTO party SELECT * FROM held_back")
    resolve_entities(world)
    after = _links(world)

    kept = sum(after[record] == entity_id for record, entity_id in before.items())
    assert kept >= 0.99 * len(before)
    new_records = set(after) - set(before)
    assert len(new_records) == 15
    joined = [record for record in new_records if after[record] in set(before.values())]
    assert len(joined) >= 10, "most returning sellers should join a known entity"
    # The same input again renumbers nothing.
    resolve_entities(world)
    assert _links(world) == after


def test_id_rules_keep_majority_ids_and_never_reuse_one() -> None:
    a, b, c, d = ("registry", "a"), ("seller", "b"), ("seller", "c"), ("seller", "d")
    previous = {a: "E1", b: "E1", c: "E1", d: "E2"}
    # The old E1 cluster splits into {a, b} and {c}; d joins a's cluster.
    clusters = [Cluster({a: 1.0, b: 0.95, d: 0.97}), Cluster({c: 1.0})]
    ids = assign_ids(clusters, previous, {"E1", "E2"}, "company")
    assert ids[0] == "E1"
    assert ids[1] not in {"E1", "E2"} and ids[1].startswith("E")
    assert retired_ids(previous, clusters, ids) == {"E2": "E1"}


def _pair_in_one_entity(engine: Engine) -> tuple[tuple[str, str], tuple[str, str]]:
    row = engine.query(
        "SELECT r.source_key AS registry, p.source_kind AS kind, p.source_key AS party "
        "FROM entity_link r JOIN entity_link p USING (entity_id) "
        "WHERE r.source_kind = 'registry' AND p.source_kind <> 'registry' "
        "ORDER BY r.source_key, p.source_key LIMIT 1"
    ).to_pylist()[0]
    return ("registry", row["registry"]), (row["kind"], row["party"])


def test_judgements_override_the_model(world: Engine) -> None:
    resolve_entities(world)
    registry, party = _pair_in_one_entity(world)
    record_judgement(world, registry, party, "reject", analyst="nino", reason="other company")
    resolve_entities(world)
    links = _links(world)
    assert links[registry] != links[party]

    record_judgement(world, party, registry, "confirm", analyst="nino", reason="checked again")
    resolve_entities(world)
    links = _links(world)
    assert links[registry] == links[party]
    assert world.count("SELECT count(*) FROM match_judgement") == 2


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


SUPPLIERS = [
    {
        "id": "1",
        "name": "Berghaus Export AG",
        "address": "Lindenstrasse 12, 80331 München",
        "country": "DE",
    },
    {
        "id": "2",
        "name": "Berghaus Export Aktiengesellschaft",
        "address": "Lindenstraße 12, 80331 Munchen",
        "country": "Germany",
    },
    {
        "id": "3",
        "name": "Tulp Handel B.V.",
        "address": "Visser straat 120, 78537 Eindhoven",
        "country": "NL",
    },
    {
        "id": "4",
        "name": "Anadolu Tekstil A.Ş.",
        "address": "Çelik Cad. 28, 34000 İstanbul",
        "country": "TR",
    },
    {
        "id": "5",
        "name": 'ООО "Агроснаб Импорт"',
        "address": "Павлов улица 182, 79222 Москва",
        "country": "RU",
    },
]


def test_match_files_dedupes_and_links(tmp_path: Path) -> None:
    one = _write_csv(tmp_path / "suppliers.csv", SUPPLIERS)
    summary = match_files(one, None, kind="company", id_column="id", out=tmp_path / "dupes.csv")
    with (tmp_path / "dupes.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    assert summary.records_a == 5 and summary.pairs == len(pairs) == 1
    assert {pairs[0]["id_a"], pairs[0]["id_b"]} == {"1", "2"}
    assert float(pairs[0]["match_probability"]) >= 0.9
    assert pairs[0]["deciding_comparison"] in {"name", "address", "legal_form"}

    other = _write_csv(
        tmp_path / "registry.csv",
        [
            {
                "id": "R9",
                "name": "OOO Agrosnab Import",
                "address": "Pavlov ulitsa 182, 79222 Moskva",
                "country": "Russia",
            },
            {
                "id": "R7",
                "name": "Tulp Handel BV",
                "address": "Visser Straat 120, 78537 Eindhoven",
                "country": "NL",
            },
            {
                "id": "R8",
                "name": "Kartia Distribution LLC",
                "address": "5 Rustaveli Ave, Tbilisi",
                "country": "GE",
            },
        ],
    )
    summary = match_files(one, other, kind="company", id_column="id", out=tmp_path / "links.csv")
    with (tmp_path / "links.csv").open(encoding="utf-8") as handle:
        links = {(row["id_a"], row["id_b"]) for row in csv.DictReader(handle)}
    assert {("3", "R7"), ("5", "R9")} <= links
    assert not any("R8" in pair for pair in links)
    assert summary.records_b == 3


def test_match_files_names_a_missing_column(tmp_path: Path) -> None:
    from borderlens.errors import MappingError

    path = _write_csv(tmp_path / "bad.csv", [{"key": "1", "name": "X"}])
    with pytest.raises(MappingError, match="'id'"):
        match_files(path, None, kind="company", id_column="id", out=tmp_path / "o.csv")


def _company_records(engine: Engine) -> Any:
    records = standardized_records(read_source_records(engine, "company"), "company")
    return records.select(["unique_id", "source_kind", "source_key", *COMPANY.columns])


@pytest.mark.spark
def test_the_same_settings_run_on_spark(world: Engine, spark_session: Any, tmp_path: Path) -> None:
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    # The shared session was started without Splink's jar: add it for this session.
    spark_session.sql(f"ADD JAR '{similarity_jar_location()}'")
    spark_session.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    records = _company_records(world).slice(0, 600)

    on_duckdb = SplinkMatcher(COMPANY, min_training_records=1).fit(records)
    on_spark = SplinkMatcher(
        COMPANY, db_api=SparkAPI(spark_session=spark_session), min_training_records=1
    ).fit(records)
    duck_pairs = on_duckdb.predict()
    spark_pairs = on_spark.predict()

    def pair_set(table: Any) -> set[frozenset[str]]:
        left, right = (
            table.column("unique_id_l").to_pylist(),
            table.column("unique_id_r").to_pylist(),
        )
        return {frozenset(pair) for pair in zip(left, right, strict=True)}

    duck, spark = pair_set(duck_pairs), pair_set(spark_pairs)
    assert duck, "the DuckDB run should find pairs"
    # Trained apart, the backends sample different pairs for u: close, not identical.
    assert len(duck & spark) / len(duck | spark) >= 0.85


def test_a_register_lists_each_entity_once_but_two_registers_may_share_one() -> None:
    one_a, one_b = ("registry", "europe-1"), ("registry", "europe-2")
    other = ("registry", "asia-1")
    seller = ("seller", "s1")
    registers = {one_a: "registry:europe", one_b: "registry:europe", other: "registry:asia"}
    pairs = {
        frozenset((one_a, seller)): 0.99,
        frozenset((one_b, seller)): 0.97,
        frozenset((one_a, other)): 0.95,
    }
    clusters = cluster_records([one_a, one_b, other, seller], pairs, Judgements(), 0.9, registers)
    members = sorted(sorted(cluster.members) for cluster in clusters)
    assert members == [[other, one_a, seller], [one_b]]
    # Without registers, the model alone chains all four together.
    merged = cluster_records([one_a, one_b, other, seller], pairs, Judgements(), 0.9)
    assert len(merged) == 1


def test_records_are_read_in_the_same_order_however_the_tables_lie(world: Engine) -> None:
    """Splink samples by hashing the records' numbers: the numbering must not depend on how the
    engine happens to return the rows, or the same warehouse trains another model."""
    before = read_source_records(world, "company")
    for table in ("party", "registry_entity"):
        world.execute(f"CREATE TABLE shuffled AS SELECT * FROM {table} ORDER BY random()")
        world.execute(f"DROP TABLE {table}")
        world.execute(f"ALTER TABLE shuffled RENAME TO {table}")
    after = read_source_records(world, "company")
    assert before.num_rows > 100
    assert after.equals(before)


def test_resolving_leaves_no_spill_folder_behind(world: Engine) -> None:
    spills: list[Path] = []

    def recording_api() -> Any:
        api = duckdb_api()
        setting = "SELECT current_setting('temp_directory')"
        spills.append(Path(api._con.execute(setting).fetchall()[0][0]))
        return api

    resolve_entities(world, db_api_factory=recording_api)
    assert len(spills) == 2 and all(spill.name.startswith("borderlens-splink-") for spill in spills)
    gc.collect()
    assert [spill for spill in spills if spill.exists()] == []
