"""The resolve entry point: match company and person records, cluster them, keep ids stable."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.ingest.progress import Progress, no_progress
from borderlens.resolve.matching.clusters import (
    Cluster,
    Judgements,
    SourceRecord,
    cluster_records,
    source_pairs,
)
from borderlens.resolve.matching.ids import assign_ids, retired_ids
from borderlens.resolve.matching.judgements import load_judgements
from borderlens.resolve.matching.matcher import (
    PAIR_SCHEMA,
    TRAINING_MIN_RECORDS,
    SplinkMatcher,
    duckdb_api,
)
from borderlens.resolve.matching.models import MODELS, ModelSpec
from borderlens.resolve.matching.records import read_source_records, standardized_records
from borderlens.resolve.matching.store import (
    created_at,
    issued_ids,
    previous_links,
)

DUPLICATE_FREE_SOURCES = ("registry",)
"""Sources whose registers (one per source file) list each entity once: the model alone never
merges two records of one register. A person listed by two regions' registers can merge."""

ENTITY_SCHEMA = pa.schema(
    [
        ("entity_id", pa.string()),
        ("entity_kind", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("created_at", pa.timestamp("us")),
        ("model_version", pa.string()),
    ]
)
LINK_SCHEMA = pa.schema(
    [
        ("source_kind", pa.string()),
        ("source_key", pa.string()),
        ("entity_id", pa.string()),
        ("match_probability", pa.float64()),
        ("model_version", pa.string()),
        ("linked_at", pa.timestamp("us")),
    ]
)


@dataclass(frozen=True)
class KindSummary:
    """What one model did in one run."""

    kind: str
    model_version: str
    source_records: int
    variants: int
    candidate_pairs: int
    entities: int
    merged_entities: int
    new_entities: int
    trained: bool


@dataclass
class ResolveSummary:
    """What a resolve run did, per record kind, and how long it took."""

    kinds: dict[str, KindSummary] = field(default_factory=dict)
    judgements: int = 0
    retired_ids: int = 0
    seconds: float = 0.0


@dataclass
class _Resolved:
    spec: ModelSpec
    clusters: list[Cluster]
    ids: list[str]
    names: dict[SourceRecord, tuple[str | None, str | None]]
    summary: KindSummary
    parameters: dict[str, Any]


def resolve_entities(
    engine: Engine,
    *,
    progress: Progress | None = None,
    db_api_factory: Callable[[], Any] = duckdb_api,
    min_training_records: int = TRAINING_MIN_RECORDS,
) -> ResolveSummary:
    """Resolve registry entries and declaration parties to entities with stable ids.

    Reads ``registry_entity``, ``registry_person``, ``party`` and the analysts'
    ``match_judgement`` rows; rewrites ``entity`` and ``entity_link`` (ids carry over from the
    last run), records retired ids in ``entity_redirect`` and the fitted models in
    ``resolve_model``.

    Args:
        engine: the warehouse.
        progress: called with (label, done, total) as the stages advance.
        db_api_factory: makes the Splink backend for each model (a private DuckDB one by
            default; pass a SparkAPI factory to match on Spark).
        min_training_records: below this many records the models keep their priors.
    """
    report = progress or no_progress
    started = time.perf_counter()
    previous = previous_links(engine)
    judgements = load_judgements(engine)
    taken = issued_ids(engine)
    summary = ResolveSummary(judgements=len(judgements.confirmed) + len(judgements.rejected))
    results: list[_Resolved] = []
    for step, spec in enumerate(MODELS.values()):
        report(f"matching {spec.kind} records", step, len(MODELS) + 1)
        matcher = SplinkMatcher(
            spec, db_api=db_api_factory(), min_training_records=min_training_records
        )
        resolved = _resolve_kind(engine, spec, matcher, previous, judgements, taken)
        taken.update(resolved.ids)
        summary.kinds[spec.kind] = resolved.summary
        results.append(resolved)
    report("writing entities", len(MODELS), len(MODELS) + 1)
    summary.retired_ids = _write(engine, results, previous)
    summary.seconds = time.perf_counter() - started
    report("resolved", len(MODELS) + 1, len(MODELS) + 1)
    return summary


def _resolve_kind(
    engine: Engine,
    spec: ModelSpec,
    matcher: SplinkMatcher,
    previous: dict[SourceRecord, str],
    judgements: Judgements,
    taken: set[str],
) -> _Resolved:
    records = standardized_records(read_source_records(engine, spec.kind), spec.kind)
    nodes = list(
        dict.fromkeys(
            zip(
                records.column("source_kind").to_pylist(),
                records.column("source_key").to_pylist(),
                strict=True,
            )
        )
    )
    pairs = source_pairs(_predict(matcher, records), records)
    clusters = cluster_records(nodes, pairs, judgements, matcher.threshold, _registers(records))
    ids = assign_ids(clusters, previous, taken, spec.kind)
    old_ids = set(previous.values())
    summary = KindSummary(
        kind=spec.kind,
        model_version=spec.name,
        source_records=len(nodes),
        variants=records.num_rows,
        candidate_pairs=len(pairs),
        entities=len(clusters),
        merged_entities=sum(len(cluster.members) > 1 for cluster in clusters),
        new_entities=sum(entity_id not in old_ids for entity_id in ids),
        trained=getattr(matcher, "trained_", False),
    )
    parameters = matcher.settings_json() if hasattr(matcher, "linker_") else {}
    return _Resolved(spec, clusters, ids, _names(records), summary, parameters)


def _registers(records: pa.Table) -> dict[SourceRecord, str]:
    """The register of every record from a duplicate-free source (its file, else its kind)."""
    rows = zip(
        records.column("source_kind").to_pylist(),
        records.column("source_key").to_pylist(),
        records.column("register").to_pylist(),
        strict=True,
    )
    return {
        (kind, key): f"{kind}:{register or ''}"
        for kind, key, register in rows
        if kind in DUPLICATE_FREE_SOURCES
    }


def _predict(matcher: SplinkMatcher, records: pa.Table) -> pa.Table:
    if records.num_rows < 2:
        return PAIR_SCHEMA.empty_table()
    columns = ["unique_id", "source_kind", "source_key", *matcher.spec.columns]
    return matcher.fit(records.select(columns)).predict()


def _names(records: pa.Table) -> dict[SourceRecord, tuple[str | None, str | None]]:
    """Each source record's first (primary) name and its country code."""
    names: dict[SourceRecord, tuple[str | None, str | None]] = {}
    rows = zip(
        records.column("source_kind").to_pylist(),
        records.column("source_key").to_pylist(),
        records.column("name").to_pylist(),
        records.column("country_code").to_pylist(),
        strict=True,
    )
    for kind, key, name, country in rows:
        names.setdefault((kind, key), (name, country))
    return names


def _entity_row(resolved: _Resolved, cluster: Cluster) -> tuple[str | None, str | None]:
    """A registry record's name where the cluster has one, else the most common name."""
    members = sorted(cluster.members, key=lambda member: (member[0] != "registry", member))
    names = [resolved.names[member] for member in members]
    name = names[0][0]
    if members[0][0] != "registry" and len(names) > 1:
        name = Counter(name for name, _country in names).most_common(1)[0][0]
    countries = [country for _name, country in names if country]
    if len(countries) > 1:
        return name, Counter(countries).most_common(1)[0][0]
    return name, countries[0] if countries else None


def _fill(columns: dict[str, list[Any]], values: dict[str, Any]) -> None:
    """Pad the columns named in ``values`` with their value up to the length of the others."""
    rows = max(len(column) for column in columns.values())
    for name, value in values.items():
        columns[name].extend([value] * (rows - len(columns[name])))


def _write(engine: Engine, results: list[_Resolved], previous: dict[SourceRecord, str]) -> int:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    created = created_at(engine)
    entities: dict[str, list[Any]] = {name: [] for name in ENTITY_SCHEMA.names}
    links: dict[str, list[Any]] = {name: [] for name in LINK_SCHEMA.names}
    redirects: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    for resolved in results:
        kind, version = resolved.spec.kind, resolved.spec.name
        # Column by column: a million links as dictionaries cost more than the matching.
        for cluster, entity_id in zip(resolved.clusters, resolved.ids, strict=True):
            name, country = _entity_row(resolved, cluster)
            entities["entity_id"].append(entity_id)
            entities["name"].append(name)
            entities["country"].append(country)
            entities["created_at"].append(created.get(entity_id, now))
            links["source_kind"].extend(member[0] for member in cluster.members)
            links["source_key"].extend(member[1] for member in cluster.members)
            links["entity_id"].extend([entity_id] * len(cluster.members))
            links["match_probability"].extend(cluster.members.values())
        _fill(entities, {"entity_kind": kind, "model_version": version})
        _fill(links, {"model_version": version, "linked_at": now})
        kind_previous = {
            member: old for member, old in previous.items() if member in resolved.names
        }
        for old_id, new_id in retired_ids(kind_previous, resolved.clusters, resolved.ids).items():
            redirects.append(
                {
                    "retired_entity_id": old_id,
                    "entity_id": new_id,
                    "entity_kind": kind,
                    "retired_at": now,
                    "model_version": version,
                }
            )
        models.append(
            {
                "model_version": version,
                "entity_kind": kind,
                "trained": resolved.summary.trained,
                "records": resolved.summary.variants,
                "parameters": json.dumps(resolved.parameters, default=str),
                "trained_at": now,
            }
        )
    with engine.transaction():
        engine.write_arrow("entity", pa.table(entities, schema=ENTITY_SCHEMA), "replace")
        engine.write_arrow("entity_link", pa.table(links, schema=LINK_SCHEMA), "replace")
        if redirects:
            engine.write_arrow("entity_redirect", pa.Table.from_pylist(redirects))
        engine.write_arrow("resolve_model", pa.Table.from_pylist(models))
    return len(redirects)
