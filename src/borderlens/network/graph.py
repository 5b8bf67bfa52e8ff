"""The ownership graph: entities and persons as nodes, owner -> owned interests as edges.

Node ``i`` of the rustworkx graph is row ``i`` of the node arrays; edge ``k`` is row ``k`` of
the edge arrays. Shares are fractions (0-1) here and NaN where unknown; tables show percent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import rustworkx as rx

from borderlens.network.interests import MAJORITY
from borderlens.network.sparse import Adjacency, Floats, Ints

Strings = npt.NDArray[np.object_]


@dataclass
class OwnershipGraph:
    """Nodes (ids, kinds, names, countries) and owner -> owned edges with shares and control.

    Attributes:
        share: the larger of the shareholding and voting-rights share, as a fraction.
        votes: the voting-rights share (NaN when only shares were stated).
        control_types: the BODS control interests on the edge, comma-separated, or None.
        relationships: the BODS relationship ids the edge was merged from.
    """

    ids: Strings
    kind: Strings
    name: Strings
    country: Strings
    owner: Ints
    owned: Ints
    share: Floats
    votes: Floats
    control_types: Strings
    relationships: Strings
    graph: rx.PyDiGraph = field(repr=False, default_factory=rx.PyDiGraph)

    @property
    def nodes(self) -> int:
        """Number of nodes."""
        return len(self.ids)

    @cached_property
    def index(self) -> dict[str, int]:
        """Node position of each id."""
        return {node_id: position for position, node_id in enumerate(self.ids.tolist())}

    @cached_property
    def is_person(self) -> npt.NDArray[np.bool_]:
        """Whether each node is a natural person."""
        return np.asarray(self.kind == "person", np.bool_)

    @cached_property
    def known_share(self) -> Adjacency:
        """Edges with a known, positive share, by owner."""
        keep = np.isfinite(self.share) & (self.share > 0)
        return Adjacency.build(self.nodes, self.owner[keep], self.owned[keep], self.share[keep])

    @cached_property
    def control_basis(self) -> Strings:
        """Why each edge gives control ('' when it does not): majority or a control interest."""
        basis = np.full(len(self.owner), "", dtype=object)
        stake = np.where(np.isfinite(self.votes), self.votes, self.share)
        majority = np.isfinite(stake) & (stake * 100 > MAJORITY)
        percent = np.round(stake * 100, 2)
        label = np.where(np.isfinite(self.votes), "majority of votes", "majority of shares")
        for position in np.flatnonzero(majority):
            basis[position] = f"{label[position]} ({percent[position]:g}%)"
        for position in np.flatnonzero(pd_notnull(self.control_types)):
            text = f"control interest: {self.control_types[position]}"
            basis[position] = f"{basis[position]}; {text}" if basis[position] else text
        return basis

    @cached_property
    def weak_components(self) -> Ints:
        """Weakly connected component (group) label of each node."""
        labels = np.empty(self.nodes, np.int64)
        for label, members in enumerate(rx.weakly_connected_components(self.graph)):
            labels[np.fromiter(members, np.int64, len(members))] = label
        return labels

    @cached_property
    def cycles(self) -> list[Ints]:
        """Strongly connected components with more than one node (circular holdings)."""
        found = rx.strongly_connected_components(self.graph)
        return [np.asarray(sorted(c), np.int64) for c in found if len(c) > 1]

    @cached_property
    def cycle_of(self) -> Ints:
        """Index into :attr:`cycles` of each node's cycle, -1 when it is in none."""
        label = np.full(self.nodes, -1, np.int64)
        for position, members in enumerate(self.cycles):
            label[members] = position
        return label


def pd_notnull(values: Strings) -> npt.NDArray[np.bool_]:
    """Whether each object is neither None nor an empty string."""
    return np.fromiter((bool(v) for v in values.tolist()), np.bool_, len(values))


def _strings(table: pa.Table, column: str) -> Strings:
    return np.asarray(table.column(column).to_numpy(zero_copy_only=False), dtype=object)


def _fractions(table: pa.Table, column: str) -> Floats:
    values = pc.divide(pc.cast(table.column(column), pa.float64()), 100.0)
    return np.asarray(pc.fill_null(values, np.nan).to_numpy(), np.float64)


def build_graph(nodes: pa.Table, edges: pa.Table) -> OwnershipGraph:
    """The graph of the staged node and edge tables (see :mod:`borderlens.network.sources`)."""
    ids = nodes.column("node_id")
    owner = np.asarray(pc.index_in(edges.column("owner_node"), value_set=ids), np.int64)
    owned = np.asarray(pc.index_in(edges.column("owned_node"), value_set=ids), np.int64)
    graph = rx.PyDiGraph(check_cycle=False, multigraph=False)
    graph.add_nodes_from(range(nodes.num_rows))
    graph.add_edges_from_no_data(list(zip(owner.tolist(), owned.tolist(), strict=True)))
    return OwnershipGraph(
        ids=_strings(nodes, "node_id"),
        kind=_strings(nodes, "kind"),
        name=_strings(nodes, "name"),
        country=_strings(nodes, "country"),
        owner=owner,
        owned=owned,
        share=_fractions(edges, "share"),
        votes=_fractions(edges, "votes"),
        control_types=_strings(edges, "control_types"),
        relationships=_strings(edges, "relationships"),
        graph=graph,
    )
