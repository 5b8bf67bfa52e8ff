"""Control: who controls whom, directly (majority or a control interest) or down a chain.

A controls B directly when it holds more than half of B's votes (its shares where no votes are
stated) or holds a BODS control interest (board appointment rights and the like). Control is
passed down: whoever controls A controls what A controls. Cycles end the walk, never loop it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from borderlens.network.graph import OwnershipGraph, Strings
from borderlens.network.sparse import Adjacency, Entries, Ints, extend, lookup, pair_key


@dataclass
class ControlReach:
    """Every (controller, controlled) pair with the controlled's direct controller on the chain.

    ``entries`` are sorted by (controller, controlled); ``value`` holds the chain length.
    """

    nodes: int
    entries: Entries
    via: Ints
    direct_basis: dict[tuple[int, int], str]

    def controls(self, controller: Ints, controlled: Ints) -> np.ndarray:
        """Whether each controller controls the matching controlled node."""
        keys = pair_key(self.entries.row, self.entries.col, self.nodes)
        return lookup(keys, pair_key(controller, controlled, self.nodes)) >= 0

    def chain(self, controller: int, controlled: int) -> list[int]:
        """The nodes of the shortest control chain, controller first."""
        keys = pair_key(self.entries.row, self.entries.col, self.nodes)
        path, node = [controlled], controlled
        for _ in range(self.nodes):
            if node == controller:
                break
            found = lookup(keys, pair_key(np.array([controller]), np.array([node]), self.nodes))
            if found[0] < 0:
                break
            node = int(self.via[found[0]])
            path.append(node)
        return path[::-1]


def control_reach(graph: OwnershipGraph) -> ControlReach:
    """Breadth-first reach along direct control edges, keeping the first (shortest) chain."""
    basis: Strings = graph.control_basis
    direct = np.flatnonzero(basis != "")
    edges = Adjacency.build(
        graph.nodes, graph.owner[direct], graph.owned[direct], np.ones(len(direct))
    )
    nodes = graph.nodes
    step = Entries(graph.owner[direct], graph.owned[direct], np.ones(len(direct)))
    # Only a walk that enters a circular holding can come back to a pair it has found, so only
    # pairs ending in a cycle are remembered and checked; elsewhere the walk ends by itself.
    cyclic = graph.cycle_of >= 0
    seen = np.unique(pair_key(step.row, step.col, nodes)[cyclic[step.col]])
    parts, vias = [step], [graph.owner[direct]]
    for length in range(2, nodes + 2):
        extended, position = extend(step, edges)
        keys, first = np.unique(pair_key(extended.row, extended.col, nodes), return_index=True)
        keep = extended.row[first] != extended.col[first]
        prone = np.flatnonzero(cyclic[extended.col[first]] & keep)
        keep[prone[lookup(seen, keys[prone]) >= 0]] = False
        seen = np.union1d(seen, keys[prone[keep[prone]]])
        if not keep.any():
            break
        pick = first[keep]
        step = Entries(extended.row[pick], extended.col[pick], np.full(len(pick), float(length)))
        parts.append(step)
        vias.append(edges.source[position[pick]])
    everything = Entries.concat(parts)
    via = np.concatenate(vias)
    order = np.lexsort((everything.value, pair_key(everything.row, everything.col, nodes)))
    everything = Entries(everything.row[order], everything.col[order], everything.value[order])
    keep = np.ones(len(order), np.bool_)
    keys = pair_key(everything.row, everything.col, nodes)
    keep[1:] = keys[1:] != keys[:-1]
    reasons = {(int(graph.owner[e]), int(graph.owned[e])): str(basis[e]) for e in direct.tolist()}
    return ControlReach(nodes, everything.select(keep), via[order][keep], reasons)
