"""Structure metrics per company: how deep, how wide, how international, how secretive.

Group figures (companies, individuals, countries, secrecy links) are over the company's
weakly connected component of the ownership graph: everyone linked to it by ownership or
control in either direction. Depth and upstream figures look only up the chains above it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa

from borderlens.network.effective import EffectiveOwnership
from borderlens.network.graph import OwnershipGraph
from borderlens.network.sparse import Ints


def depth(graph: OwnershipGraph) -> Ints:
    """Edges on the longest ownership chain above each node (a cycle counts as one level)."""
    component = np.arange(graph.nodes, dtype=np.int64)
    for members in graph.cycles:
        component[members] = members[0]
    source, target = component[graph.owner], component[graph.owned]
    between = source != target
    pairs = np.unique(source[between] * np.int64(graph.nodes) + target[between])
    source, target = pairs // graph.nodes, pairs % graph.nodes
    order = np.argsort(source, kind="stable")
    source, target = source[order], target[order]
    start = np.searchsorted(source, np.arange(graph.nodes + 1))
    waiting = np.bincount(target, minlength=graph.nodes)
    level = np.zeros(graph.nodes, np.int64)
    frontier = np.flatnonzero((waiting == 0) & (component == np.arange(graph.nodes)))
    current = 0
    while len(frontier):
        level[frontier] = current
        counts = start[frontier + 1] - start[frontier]
        reached = target[np.repeat(start[frontier], counts) + _offsets(counts)]
        np.subtract.at(waiting, reached, 1)
        frontier = np.unique(reached[waiting[reached] == 0])
        current += 1
    return level[component]


def _offsets(counts: Ints) -> Ints:
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )


def _per_group(labels: Ints, values: np.ndarray, groups: int) -> Ints:
    """Distinct values per group label."""
    if len(labels) == 0:
        return np.zeros(groups, np.int64)
    pairs = np.unique(np.stack([labels, values]), axis=1)
    return np.bincount(pairs[0], minlength=groups).astype(np.int64)


def _codes(values: Iterable[object]) -> tuple[Ints, list[str]]:
    listed = [v if isinstance(v, str) and v else "" for v in values]
    names, codes = np.unique(np.asarray(listed, dtype=object).astype(str), return_inverse=True)
    return codes.astype(np.int64), [str(n) for n in names]


def structure_metrics(
    graph: OwnershipGraph,
    effective: EffectiveOwnership,
    secrecy: frozenset[str],
    model_version: str,
) -> pa.Table:
    """One row per company (every node that is not a natural person)."""
    group = graph.weak_components
    groups = int(group.max()) + 1 if graph.nodes else 0
    person = graph.is_person
    country, names = _codes(graph.country.tolist())
    has_country = np.asarray([name != "" for name in names], np.bool_)[country]
    secret_code = np.asarray([name in secrecy for name in names], np.bool_)[country]
    companies = np.bincount(group[~person], minlength=groups)
    individuals = np.bincount(group[person], minlength=groups)
    countries = _per_group(group[has_country], country[has_country], groups)
    secret_nodes = np.flatnonzero(secret_code & ~person)
    secrecy_links = np.bincount(group[secret_nodes], minlength=groups)
    secret_lists = _group_codes(group[secret_nodes], country[secret_nodes], names)
    rows = effective.entries
    upstream = rows.row != rows.col
    owners = np.bincount(rows.col[upstream], minlength=graph.nodes)
    secret_up = upstream & secret_code[rows.row]
    secret_owners = np.bincount(rows.col[secret_up], minlength=graph.nodes)
    chosen = np.flatnonzero(~person)
    levels = depth(graph)[chosen]
    of = group[chosen]
    return pa.table({
        "entity_id": pa.array(graph.ids[chosen].tolist(), pa.string()),
        "depth": pa.array(levels, pa.int64()),
        "group_id": pa.array(graph.ids[_group_heads(group, groups)][of].tolist(), pa.string()),
        "companies": pa.array(companies[of], pa.int64()),
        "individuals": pa.array(individuals[of], pa.int64()),
        "countries": pa.array(countries[of], pa.int64()),
        "in_cycle": pa.array(graph.cycle_of[chosen] >= 0, pa.bool_()),
        "secrecy_links": pa.array(secrecy_links[of], pa.int64()),
        "secrecy_jurisdictions": pa.array([secret_lists.get(int(g), "") for g in of], pa.string()),
        "upstream_owners": pa.array(owners[chosen], pa.int64()),
        "upstream_secrecy_owners": pa.array(secret_owners[chosen], pa.int64()),
        "model_version": pa.array([model_version] * len(chosen), pa.string()),
    })  # fmt: skip


def _group_heads(group: Ints, groups: int) -> Ints:
    """The first node of each group, which names it."""
    head = np.full(groups, len(group), np.int64)
    np.minimum.at(head, group, np.arange(len(group), dtype=np.int64))
    return head


def _group_codes(group: Ints, country: Ints, names: list[str]) -> dict[int, str]:
    if len(group) == 0:
        return {}
    pairs = np.unique(np.stack([group, country]), axis=1)
    found: dict[int, list[str]] = {}
    for label, code in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        found.setdefault(label, []).append(names[code])
    return {label: ",".join(codes) for label, codes in found.items()}
