"""Turn scored pairs into clusters of source records, honouring analysts' judgements.

Pairs arrive between name variants; the best variant pair speaks for its two source records.
Clustering merges the strongest pairs first and never merges two clusters that an analyst
said are different (a reject splits), while a confirmed pair always joins (a confirm joins).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyarrow as pa

SourceRecord = tuple[str, str]
"""``(source_kind, source_key)``: what an entity_link row points at."""


@dataclass(frozen=True)
class Judgements:
    """The analysts' latest verdicts on pairs of source records."""

    confirmed: frozenset[frozenset[SourceRecord]] = frozenset()
    rejected: frozenset[frozenset[SourceRecord]] = frozenset()


@dataclass
class Cluster:
    """Source records resolved to one entity, with the probability that placed each one."""

    members: dict[SourceRecord, float]


def source_pairs(pairs: pa.Table, records: pa.Table) -> dict[frozenset[SourceRecord], float]:
    """The best probability between two source records over all their variant pairs."""
    ids = records.column("unique_id").to_pylist()
    kinds = records.column("source_kind").to_pylist()
    keys = records.column("source_key").to_pylist()
    source_of = {uid: (kind, key) for uid, kind, key in zip(ids, kinds, keys, strict=True)}
    best: dict[frozenset[SourceRecord], float] = {}
    left = pairs.column("unique_id_l").to_pylist()
    right = pairs.column("unique_id_r").to_pylist()
    probability = pairs.column("match_probability").to_pylist()
    for uid_l, uid_r, value in zip(left, right, probability, strict=True):
        a, b = source_of[uid_l], source_of[uid_r]
        if a == b:
            continue
        pair = frozenset((a, b))
        if value > best.get(pair, -1.0):
            best[pair] = value
    return best


class _Forest:
    """Union-find over source records that also tracks which clusters must stay apart."""

    def __init__(
        self, nodes: Iterable[SourceRecord], registers: Mapping[SourceRecord, str]
    ) -> None:
        self.parent: dict[SourceRecord, SourceRecord] = {node: node for node in nodes}
        self.apart: dict[SourceRecord, set[SourceRecord]] = {}
        # Per cluster root, the duplicate-free registers that already have a record in it.
        self.registers: dict[SourceRecord, set[str]] = {
            node: {registers[node]} for node in self.parent if node in registers
        }

    def find(self, node: SourceRecord) -> SourceRecord:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def keep_apart(self, a: SourceRecord, b: SourceRecord) -> None:
        root_a, root_b = self.find(a), self.find(b)
        self.apart.setdefault(root_a, set()).add(root_b)
        self.apart.setdefault(root_b, set()).add(root_a)

    def union(self, a: SourceRecord, b: SourceRecord, *, force: bool = False) -> bool:
        """Merge the clusters of a and b unless they must stay apart (force ignores that)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if not force and (
            root_b in self.apart.get(root_a, ())
            or not self.registers.get(root_a, set()).isdisjoint(self.registers.get(root_b, ()))
        ):
            return False
        if len(self.apart.get(root_a, ())) < len(self.apart.get(root_b, ())):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        if root_b in self.registers:
            self.registers.setdefault(root_a, set()).update(self.registers.pop(root_b))
        moved = self.apart.pop(root_b, set())
        for other in moved:
            partners = self.apart.setdefault(other, set())
            partners.discard(root_b)
            if other != root_a:
                partners.add(root_a)
                self.apart.setdefault(root_a, set()).add(other)
        self.apart.get(root_a, set()).discard(root_a)
        return True


def cluster_records(
    nodes: Iterable[SourceRecord],
    pairs: Mapping[frozenset[SourceRecord], float],
    judgements: Judgements,
    threshold: float,
    registers: Mapping[SourceRecord, str] | None = None,
) -> list[Cluster]:
    """Clusters of source records: confirmed pairs first, then the strongest pairs down to
    ``threshold``, never joining clusters that hold a rejected pair.

    ``registers`` gives, for records of duplicate-free sources, the register that lists them
    (a register lists each company once; a person may be listed again by another region's
    register): two clusters that each hold a record of one register are not joined by the
    model, so a party whose name fits two entries of a register joins the one it matches best
    instead of chaining them. An analyst's confirm still joins them.
    """
    forest = _Forest(nodes, registers or {})
    known = forest.parent.keys()
    best: dict[SourceRecord, float] = {}
    for pair in judgements.confirmed:
        a, b = sorted(pair)
        if a in known and b in known:
            forest.union(a, b, force=True)
            best[a] = best[b] = 1.0
    for pair in judgements.rejected:
        a, b = sorted(pair)
        if a in known and b in known and forest.find(a) != forest.find(b):
            forest.keep_apart(a, b)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], sorted(item[0])))
    for pair, probability in ranked:
        a, b = sorted(pair)
        if probability < threshold or pair in judgements.rejected:
            continue
        if forest.union(a, b):
            best[a] = max(best.get(a, 0.0), probability)
            best[b] = max(best.get(b, 0.0), probability)
    groups: dict[SourceRecord, dict[SourceRecord, float]] = {}
    for node in sorted(known):
        groups.setdefault(forest.find(node), {})[node] = best.get(node, 1.0)
    return [Cluster(members) for members in groups.values()]
