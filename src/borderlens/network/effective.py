"""Effective ownership: shares multiplied along chains and summed over every path.

With A the matrix of direct shares (owner row, owned column), effective ownership is
E = (I - A)^-1 - I. It is solved without looping around cycles: each circular holding (a
strongly connected component C) is closed exactly as K_C = (I - A_CC)^-1, and then, because
I - A = (I - A_in)(I - K A_out), (I - A)^-1 = sum_j (K A_out)^j K, a sum that ends after the
longest chain of the acyclic graph between components. Each term is one sparse extension.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from borderlens.network.graph import OwnershipGraph
from borderlens.network.sparse import (
    Adjacency,
    Entries,
    Floats,
    Ints,
    extend,
    lookup,
    merge,
    pair_key,
)

DENSE_LIMIT = 2_000
"""Cycles up to this many parties are inverted densely; larger ones are summed as a series."""
SERIES_TOLERANCE = 1e-12
SERIES_ROUNDS = 10_000
SPECTRAL_LIMIT = 1.0 - 1e-9
"""A cycle whose share matrix reaches this spectral radius holds itself with no outside owner."""


@dataclass
class EffectiveOwnership:
    """Effective shares (fractions) of every owner in everything it holds, directly or not.

    ``entries`` are sorted by (owner, owned) and include each node's own 1 (or, in a cycle,
    what it holds of itself plus 1). ``via[k]`` is the direct owner of ``entries.col[k]`` on
    the path carrying most of the share (the owner itself for a direct holding).
    """

    nodes: int
    entries: Entries
    via: Ints
    degenerate_cycles: list[Ints] = field(default_factory=list)

    def share(self, owner: Ints, owned: Ints) -> np.ndarray:
        """Effective shares of ``owner`` in ``owned`` (0 where there is none)."""
        found = lookup(
            pair_key(self.entries.row, self.entries.col, self.nodes),
            pair_key(owner, owned, self.nodes),
        )
        return np.where(found >= 0, self.entries.value[found], 0.0)

    def chain(self, owner: int, owned: int) -> list[int]:
        """The nodes of the path carrying most of ``owner``'s share in ``owned``, top first."""
        keys = pair_key(self.entries.row, self.entries.col, self.nodes)
        path, node, seen = [owned], owned, {owned}
        while node != owner:
            found = lookup(keys, pair_key(np.array([owner]), np.array([node]), self.nodes))[0]
            if found < 0 or int(self.via[found]) in seen:
                break
            node = int(self.via[found])
            path.append(node)
            seen.add(node)
        return path[::-1]


def _cycle_closures(graph: OwnershipGraph) -> tuple[Entries, list[Ints]]:
    """K restricted to the cycles: (I - A_CC)^-1 per circular holding, dense and exact."""
    parts, degenerate = [], []
    share = np.nan_to_num(graph.share, nan=0.0)
    within = graph.cycle_of[graph.owner]
    inside = (within >= 0) & (within == graph.cycle_of[graph.owned])
    order = np.argsort(within[inside], kind="stable")
    edge_at = np.flatnonzero(inside)[order]
    bounds = np.searchsorted(within[edge_at], np.arange(len(graph.cycles) + 1))
    for position, members in enumerate(graph.cycles):
        edges = edge_at[bounds[position] : bounds[position + 1]]
        local = (
            np.searchsorted(members, graph.owner[edges]),
            np.searchsorted(members, graph.owned[edges]),
        )
        if len(members) > DENSE_LIMIT:
            closure, converged = _series_closure(members, local, share[edges])
            parts.append(closure)
            if not converged:
                degenerate.append(members)
            continue
        matrix = np.zeros((len(members), len(members)))
        np.add.at(matrix, local, share[edges])
        dense: Floats
        if np.max(np.abs(np.linalg.eigvals(matrix))) >= SPECTRAL_LIMIT:
            degenerate.append(members)
            dense = np.eye(len(members)) + matrix
        else:
            dense = np.asarray(np.linalg.inv(np.eye(len(members)) - matrix), np.float64)
        rows, cols = np.nonzero(np.abs(dense) > 1e-15)
        parts.append(Entries(members[rows], members[cols], dense[rows, cols]))
    return Entries.concat(parts), degenerate


def _series_closure(members: Ints, local: tuple[Ints, Ints], share: Floats) -> tuple[Entries, bool]:
    """K = I + A + A^2 + ... for a cycle too big to invert densely, to SERIES_TOLERANCE.

    Returns the closure (in node ids) and whether the series converged; when it does not,
    the sum so far is used and the cycle is reported.
    """
    size = len(members)
    edges = Adjacency.build(size, local[0], local[1], share)
    identity = np.arange(size, dtype=np.int64)
    step = Entries(identity, identity, np.ones(size))
    found = [step]
    for _ in range(SERIES_ROUNDS):
        step, _position = extend(step, edges)
        step = merge(step, size)
        step = step.select(step.value > SERIES_TOLERANCE)
        if len(step) == 0:
            break
        found.append(step)
    total = merge(Entries.concat(found), size)
    closure = Entries(members[total.row], members[total.col], total.value)
    return closure, len(step) == 0


def _between_components(graph: OwnershipGraph) -> Adjacency:
    """Known-share edges that do not stay inside one cycle (A_out)."""
    within = graph.cycle_of
    keep = np.isfinite(graph.share) & (graph.share > 0)
    keep &= ~((within[graph.owner] >= 0) & (within[graph.owner] == within[graph.owned]))
    return Adjacency.build(graph.nodes, graph.owner[keep], graph.owned[keep], graph.share[keep])


def effective_ownership(graph: OwnershipGraph) -> EffectiveOwnership:
    """Solve E = (I - A)^-1 - I over the whole graph (see the module docstring)."""
    nodes = graph.nodes
    closures, degenerate = _cycle_closures(graph)
    in_cycle = graph.cycle_of >= 0
    closure_edges = Adjacency.build(nodes, closures.row, closures.col, closures.value)
    plain = np.flatnonzero(~in_cycle).astype(np.int64)
    step = Entries.concat([Entries(plain, plain, np.ones(len(plain))), closures])
    outward = _between_components(graph)
    found = [step]
    for _ in range(nodes + 1):
        extended, _position = extend(step, outward)
        if len(extended) == 0:
            break
        cyclic = in_cycle[extended.col]
        closed, _ = extend(extended.select(cyclic), closure_edges)
        step = merge(Entries.concat([extended.select(~cyclic), closed]), nodes)
        found.append(step)
    total = merge(Entries.concat(found), nodes)
    return EffectiveOwnership(nodes, total, _strongest_via(graph, total), degenerate)


def _strongest_via(graph: OwnershipGraph, total: Entries) -> Ints:
    """For each (owner, owned) entry, the direct owner of ``owned`` carrying most of the share."""
    nodes = graph.nodes
    extended, position = extend(total, graph.known_share)
    via = graph.known_share.source[position]
    keep = extended.row != extended.col
    extended, via = extended.select(keep), via[keep]
    key = pair_key(extended.row, extended.col, nodes)
    order = np.lexsort((-extended.value, key))
    key, via = key[order], via[order]
    first = np.ones(len(key), np.bool_)
    first[1:] = key[1:] != key[:-1]
    best = lookup(key[first], pair_key(total.row, total.col, nodes))
    result = total.row.copy()
    result[best >= 0] = via[first][best[best >= 0]]
    return result
