"""Generate the demo world: parties, ownership, declarations, fraud, inspections, files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from borderlens.demo.world import bods, fraud, truth
from borderlens.demo.world.countries import IMPORTING_COUNTRY, TRADING_COUNTRIES
from borderlens.demo.world.declarations import (
    Items,
    concatenate,
    generate_items,
    route_table,
    sort_by_day,
)
from borderlens.demo.world.goods import GoodsCatalogue, build_catalogue
from borderlens.demo.world.inspections import inspect
from borderlens.demo.world.population import Company, Population
from borderlens.demo.world.posts import BORDER_POSTS
from borderlens.demo.world.relations import (
    PLANTED_KINDS,
    RelatedPair,
    find_related_pairs,
    plant_relation,
)
from borderlens.demo.world.rows import MALFORMED_SHARE, declaration_cells
from borderlens.demo.world.sizes import END_DATE, WorldSize, world_size
from borderlens.demo.world.structures import add_big_structure, add_plain_owners, add_small_group
from borderlens.demo.world.trade import TradeNetwork, build_network, seller_country_weights
from borderlens.demo.world.writers import corrupt, write_csv, write_json, write_months

Progress = Callable[[str, int, int], None]
UNDERVALUATION_WEIGHT = 0.015
SPLIT_CONSIGNMENT_SHARE = 0.0015


@dataclass(frozen=True)
class WorldFiles:
    """Paths of the generated files, ground truth tables and headline counts."""

    declarations: tuple[Path, ...]
    bods: tuple[Path, ...]
    roles: Path
    border_posts: Path
    truth: dict[str, pa.Table]
    summary: dict[str, int]


def _start_date(size: WorldSize) -> dt.date:
    month_index = END_DATE.year * 12 + END_DATE.month - size.months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _build_population(population: Population, size: WorldSize) -> list[list[Company]]:
    rng = population.rng
    groups = [add_big_structure(population)]
    for _ in range(size.small_groups):
        groups.append(add_small_group(population, int(rng.integers(0, 2)), int(rng.integers(1, 4))))
    for _ in range(size.importers):
        population.add_company(IMPORTING_COUNTRY, "importer")
    weights = seller_country_weights(list(TRADING_COUNTRIES))
    for code in rng.choice(list(TRADING_COUNTRIES), size=size.sellers, p=weights):
        population.add_company(str(code), "seller")
    for _ in range(size.brokers):
        population.add_company(IMPORTING_COUNTRY, "broker")
    return groups


def _plant_fraud_pairs(
    population: Population, network: TradeNetwork, size: WorldSize
) -> npt.NDArray[np.bool_]:
    """Give undeclared relations to standalone pairs until they carry about 2% of trade."""
    rng = population.rng
    standalone = {c for c, share in population.owned_share.items() if share > 0}
    chosen = np.zeros(len(network.pair_weight), np.bool_)
    used: set[str] = set()
    total = 0.0
    for pair in rng.permutation(len(network.pair_weight)).tolist():
        importer = network.importers[int(network.pair_importer[pair])].entity_id
        seller = network.sellers[int(network.pair_seller[pair])].entity_id
        if {importer, seller} & (standalone | used) or chosen.sum() >= size.related_fraud_pairs:
            continue
        plant_relation(population, importer, seller, PLANTED_KINDS[int(chosen.sum()) % 4])
        used |= {importer, seller}
        chosen[pair] = True
        total += float(network.pair_weight[pair])
        if total >= UNDERVALUATION_WEIGHT:
            break
    return chosen


def _declared_related(
    network: TradeNetwork,
    related: list[RelatedPair],
    fraud_pairs: npt.NDArray[np.bool_],
    rng: np.random.Generator,
) -> npt.NDArray[np.bool_]:
    position = {ids: i for i, ids in enumerate(network.pair_ids())}
    declared = np.zeros(len(network.pair_weight), np.bool_)
    for pair in related:
        index = position[(pair.importer_id, pair.seller_id)]
        declared[index] = not fraud_pairs[index] and rng.random() < 0.7
    return declared


def _make_items(
    network: TradeNetwork,
    catalogue: GoodsCatalogue,
    size: WorldSize,
    days: int,
    fraud_pairs: npt.NDArray[np.bool_],
    rng: np.random.Generator,
) -> Items:
    items = generate_items(network, catalogue, size.declarations, days, rng)
    fraud.start_marks(items)
    fraud.undervalue(items, fraud_pairs, rng)
    fraud.misclassify(items, catalogue, rng)
    fraud.misdeclare_origin(items, rng)
    consignments = max(2, int(size.declarations * SPLIT_CONSIGNMENT_SHARE))
    split = fraud.split_shipments(network, catalogue, consignments, days, rng)
    items = sort_by_day(concatenate([items, split]))
    fraud.finish_marks(items, catalogue, rng)
    return items


def generate_world(
    out_dir: Path, *, size: str = "default", seed: int = 20261129, progress: Progress | None = None
) -> WorldFiles:
    """Generate the demo world into `out_dir` and return its files and ground truth."""
    preset = world_size(size)
    rng = np.random.Generator(np.random.PCG64(seed))
    out_dir.mkdir(parents=True, exist_ok=True)
    population = Population(rng)
    groups = _build_population(population, preset)
    catalogue = build_catalogue(rng)
    network = build_network(population, catalogue, groups, preset.suppliers_per_importer)
    fraud_pairs = _plant_fraud_pairs(population, network, preset)
    for company in list(population.companies.values()):
        add_plain_owners(population, company)
    _report(progress, "parties", 1, 3)
    related = find_related_pairs(population, network.pair_ids())
    declared_related = _declared_related(network, related, fraud_pairs, rng)
    days = (END_DATE - _start_date(preset)).days + 1
    items = _make_items(network, catalogue, preset, days, fraud_pairs, rng)
    routes = route_table(network)
    inspect(items, catalogue, [office for _, office in routes], rng)
    _report(progress, "declarations", 2, 3)
    cells = declaration_cells(
        items, network, catalogue, routes, _start_date(preset), declared_related, rng
    )
    malformed = _malformed_rows(items, rng)
    truncated = corrupt(cells, malformed)
    declaration_paths = write_months(out_dir, cells, truncated, progress)
    bods_paths = tuple(
        write_json(out_dir / f"bods-{name}.json", records)
        for name, records in bods.registry_files(seed, population).items()
    )
    tables = {
        "truth_entity": truth.truth_entity(seed, population, network),
        "truth_related_pair": truth.truth_related_pair(related),
        "truth_fraud": truth.truth_fraud(items, cells["declaration_id"], malformed),
    }
    _report(progress, "registry", 3, 3)
    return WorldFiles(
        declarations=declaration_paths,
        bods=bods_paths,
        roles=_write_roles(out_dir, population, seed),
        border_posts=_write_posts(out_dir),
        truth=tables,
        summary=_summary(population, items, tables),
    )


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def _malformed_rows(items: Items, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    clean = np.flatnonzero(items.extra["fraud_type"] == "")
    count = max(7, int(len(items) * MALFORMED_SHARE))
    return np.sort(rng.choice(clean, size=count, replace=False)).astype(np.int64)


def _write_roles(out_dir: Path, population: Population, seed: int) -> Path:
    rows = [
        (bods.record_id(seed, r.person_id), r.role, bods.record_id(seed, r.counterpart_id),
         r.detail, r.start.isoformat(), r.end.isoformat() if r.end else None)
        for r in population.roles
    ]  # fmt: skip
    header = (
        "person_record_id",
        "role",
        "counterpart_record_id",
        "detail",
        "start_date",
        "end_date",
    )
    return write_csv(out_dir / "roles.csv", header, rows)


def _write_posts(out_dir: Path) -> Path:
    header = ("post_id", "name", "country", "kind", "latitude", "longitude")
    rows = [
        (p.post_id, p.name, p.country, p.kind, f"{p.latitude:.4f}", f"{p.longitude:.4f}")
        for p in BORDER_POSTS
    ]
    return write_csv(out_dir / "border_posts.csv", header, rows)


def _summary(population: Population, items: Items, tables: dict[str, pa.Table]) -> dict[str, int]:
    frauds = tables["truth_fraud"]
    countries = {c.country for c in population.companies.values()} | {
        p.country for p in population.persons.values()
    }
    return {
        "companies": len(population.companies),
        "persons": len(population.persons),
        "countries": len(countries),
        "declarations": int(items.header.max()) + 1,
        "declaration_items": len(items),
        "fraudulent_items": frauds.num_rows,
        "fraudulent_declarations": len(set(frauds.column("declaration_id").to_pylist())),
        "related_pairs": tables["truth_related_pair"].num_rows,
        "inspected_items": int(np.sum(items.extra["inspected"])),
    }
