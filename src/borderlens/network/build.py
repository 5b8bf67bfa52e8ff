"""Build the ownership network and publish its tables: the ``network`` stage's entry point.

Example:
    >>> summary = build_network(engine, ubo_threshold=25.0)  # doctest: +SKIP
    >>> summary.related_pairs, summary.undeclared_items  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import pyarrow as pa

from borderlens.engine.base import Engine, Step
from borderlens.errors import BorderLensError
from borderlens.network.control import ControlReach, control_reach
from borderlens.network.effective import EffectiveOwnership, effective_ownership
from borderlens.network.graph import OwnershipGraph, Strings, build_graph
from borderlens.network.metrics import structure_metrics
from borderlens.network.owners import control_table, effective_table, ultimate_owner_table
from borderlens.network.related import RelatedPartyTests, Ties, related_party_table
from borderlens.network.secrecy import DEFAULT_SECRECY
from borderlens.network.sources import (
    EDGES,
    INTERESTS,
    NODES,
    TIES,
    issue_sql,
    link_sql,
    source_steps,
)
from borderlens.network.sparse import Ints

MODEL_VERSION = "related-party-v1"
"""Stored beside every row the network stage writes."""


@dataclass
class NetworkSummary:
    """What one run of :func:`build_network` found and wrote (counts, and seconds per phase)."""

    model_version: str = MODEL_VERSION
    as_of: dt.date = field(default_factory=dt.date.today)
    entities: int = 0
    persons: int = 0
    unknown_parties: int = 0
    edges: int = 0
    edges_without_share: int = 0
    interests_not_in_force: int = 0
    cycles: int = 0
    degenerate_cycles: int = 0
    issues: dict[str, int] = field(default_factory=dict)
    unnamed_entities: int = 0
    effective_pairs: int = 0
    ultimate_owners: int = 0
    control_pairs: int = 0
    companies_measured: int = 0
    trading_pairs: int = 0
    related_pairs: int = 0
    undeclared_items: int = 0
    undeclared_declarations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


TRADING_PAIRS_SQL = f"""
    SELECT DISTINCT i.entity_id AS importer_entity_id, s.entity_id AS seller_entity_id
    FROM declaration d
    JOIN ({link_sql("importer")}) i ON i.source_key = d.importer_id
    JOIN ({link_sql("seller")}) s ON s.source_key = d.seller_id
    WHERE i.entity_id <> s.entity_id
    ORDER BY 1, 2"""

UNDECLARED_SQL = f"""
    SELECT d.declaration_id, d.item_no, d.declaration_date,
           i.entity_id AS importer_entity_id, s.entity_id AS seller_entity_id,
           d.declared_related, r.tests, r.summary, r.evidence, r.model_version
    FROM declaration d
    JOIN ({link_sql("importer")}) i ON i.source_key = d.importer_id
    JOIN ({link_sql("seller")}) s ON s.source_key = d.seller_id
    JOIN related_party r ON r.entity_a = i.entity_id AND r.entity_b = s.entity_id
    WHERE d.declared_related IS NOT TRUE"""


def publish(engine: Engine, table: str, data: pa.Table) -> None:
    """Replace the rows of a network table, keeping its declared column types."""
    with engine.transaction():
        engine.execute(f"DELETE FROM {table}")
        engine.write_arrow(table, data, mode="append")


def build_network(
    engine: Engine,
    *,
    ubo_threshold: float = 25.0,
    secrecy: frozenset[str] = DEFAULT_SECRECY,
    as_of: dt.date | None = None,
) -> NetworkSummary:
    """Build the ownership graph from the warehouse and write the network tables.

    Args:
        engine: the warehouse.
        ubo_threshold: effective ownership in percent from which a person is an ultimate owner.
        secrecy: ISO alpha-2 codes of secrecy jurisdictions (see ``network/secrecy.py``).
        as_of: interests and roles ended before this day, or starting after it, are left out
            (default: today).

    Returns:
        Counts of what was read, found, reported and written.
    """
    if not 0 < ubo_threshold <= 100:
        raise BorderLensError(
            f"ubo_threshold is {ubo_threshold}; give a percentage above 0 and at most 100."
        )
    summary = NetworkSummary(as_of=as_of or dt.date.today())
    clock = _Clock(summary)
    engine.run(source_steps(summary.as_of))
    nodes = engine.query(f"SELECT * FROM {NODES} ORDER BY node_id")
    edges = engine.query(f"SELECT * FROM {EDGES} ORDER BY owner_node, owned_node")
    graph = build_graph(nodes, edges)
    _count_inputs(engine, summary, nodes, edges)
    clock("read")
    effective = effective_ownership(graph)
    reach = control_reach(graph)
    summary.cycles, summary.degenerate_cycles = len(graph.cycles), len(effective.degenerate_cycles)
    clock("solve")
    owners = ultimate_owner_table(graph, effective, reach, ubo_threshold, MODEL_VERSION)
    publish(engine, "ultimate_owner", owners)
    summary.ultimate_owners = owners.num_rows
    clock("ultimate owners")
    _publish_structure(engine, summary, graph, effective, reach, secrecy)
    clock("structure")
    ties = Ties.from_table(graph, engine.query(f"SELECT * FROM {TIES}"))
    pairs = engine.query(TRADING_PAIRS_SQL)
    related = related_party_table(RelatedPartyTests(graph, effective, reach, ties), pairs,
                                  MODEL_VERSION)  # fmt: skip
    publish(engine, "related_party", related)
    engine.run([Step(UNDECLARED_SQL, "_net_undeclared", "temp")])
    publish(engine, "undeclared_relationship", engine.query("SELECT * FROM _net_undeclared"))
    summary.trading_pairs, summary.related_pairs = pairs.num_rows, related.num_rows
    summary.undeclared_items = engine.count("SELECT count(*) FROM undeclared_relationship")
    summary.undeclared_declarations = engine.count(
        "SELECT count(DISTINCT declaration_id) FROM undeclared_relationship"
    )
    clock("related parties")
    _publish_issues(engine, summary, effective.degenerate_cycles, graph.ids)
    return summary


def _publish_structure(
    engine: Engine,
    summary: NetworkSummary,
    graph: OwnershipGraph,
    effective: EffectiveOwnership,
    reach: ControlReach,
    secrecy: frozenset[str],
) -> None:
    table = effective_table(graph, effective, MODEL_VERSION)
    publish(engine, "effective_ownership", table)
    summary.effective_pairs = table.num_rows
    table = control_table(graph, reach, MODEL_VERSION)
    publish(engine, "control", table)
    summary.control_pairs = table.num_rows
    table = structure_metrics(graph, effective, secrecy, MODEL_VERSION)
    publish(engine, "structure_metric", table)
    summary.companies_measured = table.num_rows


def _count_inputs(
    engine: Engine, summary: NetworkSummary, nodes: pa.Table, edges: pa.Table
) -> None:
    kinds = nodes.column("kind").to_pylist()
    summary.entities, summary.persons = kinds.count("entity"), kinds.count("person")
    summary.unknown_parties = kinds.count("unknown")
    summary.edges = edges.num_rows
    summary.edges_without_share = edges.column("share").null_count
    summary.interests_not_in_force = engine.count(
        f"SELECT count(*) FROM {INTERESTS} WHERE ended OR not_started"
    )


def _publish_issues(
    engine: Engine, summary: NetworkSummary, degenerate: list[Ints], ids: Strings
) -> None:
    engine.run([Step(issue_sql(MODEL_VERSION), "_net_issue", "temp")])
    found = engine.query("SELECT * FROM _net_issue")
    cycles = pa.table({
        "issue": pa.array(
            ["circular holding without outside owner"] * len(degenerate), pa.string()
        ),
        "relationship_id": pa.array([None] * len(degenerate), pa.string()),
        "record_id": pa.array([str(ids[members[0]]) for members in degenerate], pa.string()),
        "detail": pa.array(
            [f"{len(m)} parties hold each other entirely; effective shares inside the cycle "
             "are the direct shares plus one round" for m in degenerate], pa.string()),
        "model_version": pa.array([MODEL_VERSION] * len(degenerate), pa.string()),
    })  # fmt: skip
    issues = pa.concat_tables([found.cast(cycles.schema), cycles])
    publish(engine, "network_issue", issues)
    counts: dict[str, int] = {}
    for issue in issues.column("issue").to_pylist():
        counts[issue] = counts.get(issue, 0) + 1
    summary.issues = dict(sorted(counts.items()))
    summary.unnamed_entities = counts.get("entity without name", 0)


class _Clock:
    def __init__(self, summary: NetworkSummary) -> None:
        self.summary, self.last = summary, time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.summary.seconds[phase] = round(now - self.last, 3)
        self.last = now
