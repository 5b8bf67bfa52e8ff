"""Turn scored pairs into clusters of source records, honouring analysts' judgements.

Pairs arrive between name variants; the best variant pair speaks for its two source records.
Clustering merges the strongest pairs first and never merges two clusters that an analyst
said are different (a reject splits), while a confirmed pair always joins (a confirm joins).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

SourceRecord = tuple[str, str]
"""``(source_kind, source_key)``: what an entity_link row points at."""

_NO_REGISTERS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Judgements:
    """The analysts' latest verdicts on pairs of source records."""

    confirmed: frozenset[frozenset[SourceRecord]] = frozenset()
    rejected: frozenset[frozenset[SourceRecord]] = frozenset()


@dataclass
class Cluster:
    """Source records resolved to one entity, with the probability that placed each one."""

    members: dict[SourceRecord, float]


class SourcePairs:
    """The best probability between two source records, held as arrays.

    A million records give millions of pairs: as a dictionary of frozensets they take seconds
    to build and more to rank, so they stay positions into the sorted records until
    clustering walks them, strongest first.

    Attributes:
        records: the source records, sorted.
        left: per pair, the position in ``records`` of the smaller record.
        right: per pair, the position of the larger record.
        probability: per pair, the best probability over the two records' variant pairs.
    """

    def __init__(
        self,
        records: list[SourceRecord],
        left: npt.NDArray[np.int64],
        right: npt.NDArray[np.int64],
        probability: npt.NDArray[np.float64],
    ) -> None:
        self.records = records
        self.left = left
        self.right = right
        self.probability = probability

    @classmethod
    def from_mapping(cls, pairs: Mapping[frozenset[SourceRecord], float]) -> SourcePairs:
        """The same pairs given as ``{frozenset((a, b)): probability}``."""
        records = sorted({record for pair in pairs for record in pair})
        position = {record: index for index, record in enumerate(records)}
        ends = [sorted(position[record] for record in pair) for pair in pairs]
        return cls(
            records,
            np.array([end[0] for end in ends], np.int64),
            np.array([end[1] for end in ends], np.int64),
            np.array(list(pairs.values()), np.float64),
        )

    def __len__(self) -> int:
        return len(self.probability)

    def ranked(self, threshold: float) -> npt.NDArray[np.int64]:
        """Indexes of the pairs at or above ``threshold``: strongest first, ties in record
        order, so that the clusters do not depend on the order the model returned pairs."""
        kept = np.flatnonzero(self.probability >= threshold)
        order = np.lexsort((self.right[kept], self.left[kept], -self.probability[kept]))
        ranked: npt.NDArray[np.int64] = kept[order]
        return ranked


def source_pairs(pairs: pa.Table, records: pa.Table) -> SourcePairs:
    """The best probability between two source records over all their variant pairs."""
    sources = records.select(["source_kind", "source_key"]).combine_chunks()
    order = pc.sort_indices(
        sources, sort_keys=[("source_kind", "ascending"), ("source_key", "ascending")]
    )
    kinds = sources.column("source_kind").take(order).combine_chunks()
    keys = sources.column("source_key").take(order).combine_chunks()
    # A variant starts a new source record where its kind or key differs from the one before.
    starts = np.ones(len(kinds), dtype=bool)
    if len(kinds) > 1:
        changed = pc.or_(pc.not_equal(kinds[1:], kinds[:-1]), pc.not_equal(keys[1:], keys[:-1]))
        starts[1:] = changed.to_numpy(zero_copy_only=False)
    position = np.empty(len(kinds), np.int64)
    position[order.to_numpy()] = np.cumsum(starts) - 1
    mask = pa.array(starts)
    sorted_records = list(
        zip(kinds.filter(mask).to_pylist(), keys.filter(mask).to_pylist(), strict=True)
    )
    ids = records.column("unique_id")
    left = position[_rows(pairs.column("unique_id_l"), ids)]
    right = position[_rows(pairs.column("unique_id_r"), ids)]
    probability = pairs.column("match_probability").to_numpy().astype(np.float64)
    apart = left != right
    low, high = np.minimum(left, right)[apart], np.maximum(left, right)[apart]
    probability = probability[apart]
    # Per pair of source records, its best probability: sort it first, then keep the first.
    best_first = np.lexsort((-probability, high, low))
    low, high, probability = low[best_first], high[best_first], probability[best_first]
    first = np.ones(len(low), dtype=bool)
    first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    return SourcePairs(sorted_records, low[first], high[first], probability[first])


def _rows(unique_ids: pa.ChunkedArray, ids: pa.ChunkedArray) -> npt.NDArray[np.int64]:
    """The record row of each variant id in a pair column."""
    rows = pc.index_in(unique_ids, value_set=ids)
    if rows.null_count:
        raise KeyError("a scored pair names a variant that is not among the records")
    return np.asarray(rows.to_numpy(zero_copy_only=False), np.int64)


class _Forest:
    """Union-find over numbered source records that also tracks which clusters must stay apart.

    Records are numbered (their place in sorted order) so that a million of them cost list
    slots rather than dictionary entries of string tuples.
    """

    def __init__(self, size: int, registers: Mapping[int, str]) -> None:
        self.parent = list(range(size))
        self.apart: dict[int, set[int]] = {}
        # Per cluster root, the duplicate-free registers that already have a record in it.
        self.registers: dict[int, set[str]] = {
            node: {register} for node, register in registers.items()
        }

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def keep_apart(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        self.apart.setdefault(root_a, set()).add(root_b)
        self.apart.setdefault(root_b, set()).add(root_a)

    def union(self, a: int, b: int, *, force: bool = False) -> bool:
        """Merge the clusters of a and b unless they must stay apart (force ignores that)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if not force and (
            root_b in self.apart.get(root_a, ())
            or not self.registers.get(root_a, _NO_REGISTERS).isdisjoint(
                self.registers.get(root_b, _NO_REGISTERS)
            )
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
    pairs: SourcePairs | Mapping[frozenset[SourceRecord], float],
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
    records = sorted(set(nodes))
    number = {record: index for index, record in enumerate(records)}
    scored = pairs if isinstance(pairs, SourcePairs) else SourcePairs.from_mapping(pairs)
    left, right = scored.left, scored.right
    if scored.records != records:
        renumber = np.array([number[record] for record in scored.records], np.int64)
        left, right = renumber[left], renumber[right]
    forest = _Forest(
        len(records),
        {number[record]: name for record, name in (registers or {}).items() if record in number},
    )
    best = [-1.0] * len(records)
    for pair in judgements.confirmed:
        a, b = sorted(pair)
        if a in number and b in number:
            forest.union(number[a], number[b], force=True)
            best[number[a]] = best[number[b]] = 1.0
    rejected: set[tuple[int, int]] = set()
    for pair in judgements.rejected:
        a, b = sorted(pair)
        if a in number and b in number:
            rejected.add((number[a], number[b]))
            if forest.find(number[a]) != forest.find(number[b]):
                forest.keep_apart(number[a], number[b])
    ranked = scored.ranked(threshold)
    for a, b, probability in zip(
        left[ranked].tolist(),
        right[ranked].tolist(),
        scored.probability[ranked].tolist(),
        strict=True,
    ):
        if rejected and (a, b) in rejected:
            continue
        if forest.union(a, b):
            best[a] = max(best[a], probability)
            best[b] = max(best[b], probability)
    groups: dict[int, dict[SourceRecord, float]] = {}
    for index, record in enumerate(records):
        groups.setdefault(forest.find(index), {})[record] = best[index] if best[index] >= 0 else 1.0
    return [Cluster(members) for members in groups.values()]
