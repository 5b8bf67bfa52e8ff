"""Tables of who owns and controls whom: effective ownership, ultimate owners, control.

Ultimate beneficial owners are natural persons whose effective ownership reaches the
threshold, or who control the company through a chain of control. Where a chain ends at an
entity (or an unidentified party) with no owner above it, that top is listed too and flagged
by its ``owner_kind`` and ``basis``, since the natural person behind it is not known.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from borderlens.network.control import ControlReach
from borderlens.network.effective import EffectiveOwnership
from borderlens.network.graph import OwnershipGraph
from borderlens.network.sparse import Entries, Floats, Ints, lookup, pair_key


def follow_via(
    entries: Entries, via: Ints, nodes: int, owner: Ints, owned: Ints, limit: int = 256
) -> list[list[int]]:
    """Chains from each ``owner`` down to the matching ``owned`` (all rows at once)."""
    keys = pair_key(entries.row, entries.col, nodes)
    chains: list[list[int]] = [[node] for node in owned.tolist()]
    current = owned.copy()
    active = current != owner
    for _ in range(limit):
        rows = np.flatnonzero(active)
        if len(rows) == 0:
            break
        found = lookup(keys, pair_key(owner[rows], current[rows], nodes))
        step = owner[rows].copy()
        step[found >= 0] = via[found[found >= 0]]
        current[rows] = step
        for row, node in zip(rows.tolist(), step.tolist(), strict=True):
            chains[row].append(node)
        active[rows] = step != owner[rows]
    return [chain[::-1] for chain in chains]


def chain_text(graph: OwnershipGraph, chains: list[list[int]]) -> list[str]:
    """Chains as 'top > ... > company' with node ids."""
    ids = graph.ids
    return [" > ".join(str(ids[node]) for node in chain) for chain in chains]


def direct_shares(graph: OwnershipGraph, owner: Ints, owned: Ints) -> Floats:
    """The direct share (fraction) of each owner in the matching owned node, NaN if none."""
    keys = pair_key(graph.owner, graph.owned, graph.nodes)
    order = np.argsort(keys)
    found = lookup(keys[order], pair_key(owner, owned, graph.nodes))
    return np.where(found >= 0, graph.share[order][np.maximum(found, 0)], np.nan)


def effective_table(
    graph: OwnershipGraph, effective: EffectiveOwnership, model_version: str
) -> pa.Table:
    """``effective_ownership``: every owner's effective share (percent) in what it holds."""
    rows = effective.entries
    keep = rows.row != rows.col
    owner, owned, share = rows.row[keep], rows.col[keep], rows.value[keep]
    direct = direct_shares(graph, owner, owned)
    return pa.table({
        "owner_id": pa.array(graph.ids[owner].tolist(), pa.string()),
        "owned_id": pa.array(graph.ids[owned].tolist(), pa.string()),
        "share": pa.array(share * 100, pa.float64()),
        "direct_share": pa.array(direct * 100, pa.float64(), mask=np.isnan(direct)),
        "via_id": pa.array(graph.ids[effective.via[keep]].tolist(), pa.string()),
        "through_cycle": pa.array(
            (graph.cycle_of[owner] >= 0) | (graph.cycle_of[owned] >= 0), pa.bool_()
        ),
        "model_version": pa.array([model_version] * len(owner), pa.string()),
    })  # fmt: skip


def control_table(graph: OwnershipGraph, reach: ControlReach, model_version: str) -> pa.Table:
    """``control``: every controller of every company, why, and by which chain."""
    rows = reach.entries
    chains = follow_via(rows, reach.via, graph.nodes, rows.row, rows.col)
    basis = [
        reach.direct_basis.get((chain[0], chain[1]), "") if len(chain) == 2 else
        "indirect: controls " + str(graph.ids[chain[-2]])
        for chain in chains
    ]  # fmt: skip
    return pa.table({
        "controller_id": pa.array(graph.ids[rows.row].tolist(), pa.string()),
        "controlled_id": pa.array(graph.ids[rows.col].tolist(), pa.string()),
        "basis": pa.array(basis, pa.string()),
        "direct": pa.array(rows.value == 1, pa.bool_()),
        "chain": pa.array(chain_text(graph, chains), pa.string()),
        "model_version": pa.array([model_version] * len(rows), pa.string()),
    })  # fmt: skip


def ultimate_owner_table(
    graph: OwnershipGraph,
    effective: EffectiveOwnership,
    reach: ControlReach,
    threshold: float,
    model_version: str,
) -> pa.Table:
    """``ultimate_owner``: natural persons (and, flagged, ownerless tops) behind each company."""
    rows = effective.entries
    person = graph.is_person
    has_owner = np.bincount(graph.owned, minlength=graph.nodes) > 0
    candidate = (rows.row != rows.col) & ~person[rows.col] & (rows.value * 100 >= threshold)
    by_person = candidate & person[rows.row]
    by_top = candidate & ~person[rows.row] & ~has_owner[rows.row]
    held = np.flatnonzero(by_person | by_top)
    controls = reach.entries
    controlled = np.flatnonzero(person[controls.row] & ~person[controls.col])
    owner = np.concatenate([rows.row[held], controls.row[controlled]])
    owned = np.concatenate([rows.col[held], controls.col[controlled]])
    basis = np.concatenate([
        np.where(person[rows.row[held]], "ownership", "top entity, no owner known"),
        np.full(len(controlled), "control"),
    ]).astype(object)  # fmt: skip
    key = pair_key(owned, owner, graph.nodes)
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    joined = _join_by(basis, inverse, len(unique))
    owner, owned = owner[first], owned[first]
    share = effective.share(owner, owned)
    by_ownership = np.asarray([text != "control" for text in joined], np.bool_)
    via: list[list[int]] = [[] for _ in range(len(owner))]
    for chosen, entries, pointers in (
        (np.flatnonzero(by_ownership), rows, effective.via),
        (np.flatnonzero(~by_ownership), controls, reach.via),
    ):
        found = follow_via(entries, pointers, graph.nodes, owner[chosen], owned[chosen])
        for position, chain in zip(chosen.tolist(), found, strict=True):
            via[position] = chain
    return pa.table({
        "entity_id": pa.array(graph.ids[owned].tolist(), pa.string()),
        "owner_id": pa.array(graph.ids[owner].tolist(), pa.string()),
        "owner_kind": pa.array(graph.kind[owner].tolist(), pa.string()),
        "share": pa.array(share * 100, pa.float64()),
        "basis": pa.array(joined, pa.string()),
        "via": pa.array(chain_text(graph, via), pa.string()),
        "model_version": pa.array([model_version] * len(owner), pa.string()),
    })  # fmt: skip


def _join_by(labels: np.ndarray, group: Ints, groups: int) -> list[str]:
    joined: list[list[str]] = [[] for _ in range(groups)]
    for position, label in zip(group.tolist(), labels.tolist(), strict=True):
        if label not in joined[position]:
            joined[position].append(label)
    return [", ".join(parts) for parts in joined]
