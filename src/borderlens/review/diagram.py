"""The ownership diagram of a case: the importer and the seller, their owners up the chain and
their ultimate owners, with the related-party evidence between them marked.

Ownership is kept per registry record; ``entity_link`` (source kind ``registry``) turns both
ends into entities. The walk goes upwards from the two parties, evidence first, and stops at
``MAX_NODES`` so that a large group still draws legibly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from borderlens.network.interests import CONTROL_TYPES, OWNERSHIP_TYPES
from borderlens.review.evidence import Evidence, read_evidence
from borderlens.warehouse.store import Store

MAX_NODES = 60
MAX_DEPTH = 6
_LINK = (
    "SELECT source_key, arg_max(entity_id, coalesce(linked_at, TIMESTAMP '1970-01-01')) "
    "AS entity_id FROM entity_link WHERE source_kind = ? AND entity_id IS NOT NULL "
    "GROUP BY source_key"
)


def _key(interest: str | None) -> str:
    return "".join(ch for ch in (interest or "").lower() if ch not in "-_ ")


_CATEGORY = {_key(name): "ownership" for name in OWNERSHIP_TYPES} | {
    _key(name): "control" for name in CONTROL_TYPES
}


def entity_path(entity_id: str) -> str:
    return f"/entities/{quote(entity_id, safe='')}"


@dataclass(frozen=True)
class EntityRef:
    """The entity a party on the declaration was resolved to."""

    entity_id: str
    name: str | None
    kind: str | None
    country: str | None
    match_probability: float | None
    url: str


def linked_entity(store: Store, source_kind: str, party_id: str | None) -> EntityRef | None:
    """The entity ``entity_link`` gives a party (the latest link), or None."""
    if not party_id or not store.table_exists("entity_link"):
        return None
    row = store.row(
        "SELECT l.entity_id, e.name, e.entity_kind, e.country, l.match_probability "
        "FROM entity_link l LEFT JOIN entity e ON e.entity_id = l.entity_id "
        "WHERE l.source_kind = ? AND l.source_key = ? AND l.entity_id IS NOT NULL "
        "ORDER BY l.linked_at DESC NULLS LAST LIMIT 1",
        [source_kind, party_id],
    )
    if row is None:
        return None
    return EntityRef(
        row["entity_id"],
        row["name"],
        row["entity_kind"],
        row["country"],
        row["match_probability"],
        entity_path(row["entity_id"]),
    )


@dataclass
class DiagramNode:
    id: str
    label: str
    kind: str
    country: str | None
    roles: list[str] = field(default_factory=list)
    highlighted: bool = False
    url: str = ""


@dataclass
class DiagramEdge:
    id: str
    source: str
    target: str
    label: str
    kind: str
    highlighted: bool = False


@dataclass
class Diagram:
    """Nodes and edges for cytoscape.js, the evidence beside them, and what was left out."""

    nodes: list[DiagramNode] = field(default_factory=list)
    edges: list[DiagramEdge] = field(default_factory=list)
    evidence: Evidence | None = None
    importer: str | None = None
    seller: str | None = None
    truncated: bool = False
    note: str = ""


def _share(row: dict[str, Any]) -> str:
    if row["share_exact"] is not None:
        return f"{row['share_exact']:g}%"
    low, high = row["share_min"], row["share_max"]
    if low is None and high is None:
        return ""
    return f"{low or 0:g}–{high if high is not None else 100:g}%"


def _words(interest: str) -> str:
    """``votingRights`` -> voting rights."""
    return "".join(f" {ch.lower()}" if ch.isupper() else ch for ch in interest).strip()


def interest_label(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """The label and kind of one owner's interests in one business."""
    shares = {
        _share(row) for row in rows if _CATEGORY.get(_key(row["interest_type"])) == "ownership"
    }
    shares.discard("")
    controls = [
        _words(row["interest_type"])
        for row in rows
        if _CATEGORY.get(_key(row["interest_type"])) == "control"
    ]
    if len(shares) > 1:
        shares = {
            f"{_share(row)} {_words(row['interest_type'])}"
            for row in rows
            if _CATEGORY.get(_key(row["interest_type"])) == "ownership"
        }
    owns = any(_CATEGORY.get(_key(row["interest_type"])) == "ownership" for row in rows)
    return " · ".join(sorted(shares) + sorted(set(controls))), "ownership" if owns else "control"


def _owner_edges(store: Store, owned: list[str]) -> list[dict[str, Any]]:
    """Ownership and control interests in force held in ``owned`` entities."""
    marks = ", ".join("?" for _ in owned)
    return store.rows(
        f"""WITH link AS ({_LINK})
        SELECT owner.entity_id AS owner_id, held.entity_id AS owned_id, o.interest_type,
               o.share_exact, o.share_min, o.share_max
        FROM ownership o
        JOIN link held ON held.source_key = o.owned_record_id
        JOIN link owner ON owner.source_key = o.owner_record_id
        WHERE held.entity_id IN ({marks}) AND owner.entity_id <> held.entity_id
          AND (o.end_date IS NULL OR o.end_date >= current_date)
        ORDER BY owner.entity_id, o.interest_type""",
        ["registry", *owned],
    )


class _Builder:
    """Collects nodes and edges up to the bound."""

    def __init__(self) -> None:
        self.nodes: dict[str, DiagramNode] = {}
        self.edges: dict[tuple[str, str], DiagramEdge] = {}
        self.truncated = False

    def node(self, entity_id: str, *, role: str = "", force: bool = False) -> bool:
        if entity_id not in self.nodes:
            if len(self.nodes) >= MAX_NODES and not force:
                self.truncated = True
                return False
            self.nodes[entity_id] = DiagramNode(
                entity_id, entity_id, "unknown", None, url=entity_path(entity_id)
            )
        if role and role not in self.nodes[entity_id].roles:
            self.nodes[entity_id].roles.append(role)
        return True

    def edge(self, source: str, target: str, label: str, kind: str) -> DiagramEdge | None:
        """Add an edge, or give an existing one the label and kind the registry states."""
        if source not in self.nodes or target not in self.nodes:
            return None
        found = self.edges.get((source, target))
        if found is None:
            found = DiagramEdge(f"e{len(self.edges)}", source, target, label, kind)
            self.edges[(source, target)] = found
        elif kind in ("ownership", "control") and label:
            found.label, found.kind = label, kind
        elif label and not found.label:
            found.label = label
        return found

    def highlight(self, evidence: Evidence) -> None:
        for entity_id in evidence.entities:
            self.node(entity_id, force=True)
            self.nodes[entity_id].highlighted = True
        for link in evidence.links:
            found = self.edge(link.source, link.target, link.label, "evidence")
            if found is not None:
                found.highlighted = True
                found.kind = link.kind if found.kind == "evidence" else found.kind


def _walk_owners(store: Store, builder: _Builder, start: list[str]) -> None:
    """Owners of the parties, then their owners, breadth first, within the bound."""
    frontier, seen = start, set(start)
    for _ in range(MAX_DEPTH):
        if not frontier:
            return
        interests: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in _owner_edges(store, frontier):
            if _CATEGORY.get(_key(row["interest_type"])) is not None:
                interests.setdefault((row["owner_id"], row["owned_id"]), []).append(row)
        following = []
        for (owner, owned), rows in interests.items():
            if not builder.node(owner):
                continue
            builder.edge(owner, owned, *interest_label(rows))
            if owner not in seen:
                seen.add(owner)
                following.append(owner)
        frontier = following


def _ultimate_owners(store: Store, builder: _Builder, parties: dict[str, str]) -> None:
    marks = ", ".join("?" for _ in parties)
    for row in store.rows(
        f"SELECT entity_id, owner_id, share, via FROM ultimate_owner "
        f"WHERE entity_id IN ({marks}) ORDER BY share DESC",
        list(parties),
    ):
        role = f"ultimate owner of the {parties[row['entity_id']]}"
        if row["share"] is not None:
            role += f" ({row['share']:.1f}%)"
        if builder.node(row["owner_id"], role=role):
            path = [step.strip() for step in (row["via"] or "").split(">") if step.strip()]
            for owner, owned in itertools.pairwise(path):
                if builder.node(owner):
                    builder.edge(owner, owned, "", "ownership")


def _name_nodes(store: Store, builder: _Builder) -> None:
    ids = list(builder.nodes)
    marks = ", ".join("?" for _ in ids)
    for row in store.rows(
        f"SELECT entity_id, name, entity_kind, country FROM entity WHERE entity_id IN ({marks})",
        ids,
    ):
        node = builder.nodes[row["entity_id"]]
        node.label = row["name"] or row["entity_id"]
        node.kind = row["entity_kind"] or "unknown"
        node.country = row["country"]


def build_diagram(
    store: Store,
    declaration: dict[str, Any],
    importer: EntityRef | None,
    seller: EntityRef | None,
) -> Diagram:
    """The diagram around a declaration's importer and seller."""
    parties = {
        ref.entity_id: role for ref, role in ((seller, "seller"), (importer, "importer")) if ref
    }
    if not parties:
        return Diagram(note="neither the importer nor the seller is resolved to an entity yet")
    builder = _Builder()
    for entity_id, role in parties.items():
        builder.node(entity_id, role=role, force=True)
    evidence = read_evidence(
        store,
        declaration,
        importer.entity_id if importer else None,
        seller.entity_id if seller else None,
    )
    if evidence is not None:
        builder.highlight(evidence)
    if store.table_exists("ultimate_owner"):
        _ultimate_owners(store, builder, parties)
    if store.table_exists("ownership"):
        _walk_owners(store, builder, list(parties))
    _name_nodes(store, builder)
    if evidence is not None:
        evidence.name_entities({node.id: node.label for node in builder.nodes.values()})
    return Diagram(
        nodes=list(builder.nodes.values()),
        edges=list(builder.edges.values()),
        evidence=evidence,
        importer=importer.entity_id if importer else None,
        seller=seller.entity_id if seller else None,
        truncated=builder.truncated,
        note=f"the diagram shows the first {MAX_NODES} entities" if builder.truncated else "",
    )
