"""Stable entity ids: a cluster keeps the id most of its previously linked records had.

Ids are never renumbered. A cluster whose records were linked before keeps the id the
largest share of them carried (ties go to the older, smaller id); an id can go to one
cluster only, so when a cluster splits the larger part keeps it. A brand-new cluster gets
``E`` plus a hash of its kind and first member, salted until it collides with no id ever
issued (current, retired or taken this run).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from borderlens.resolve.matching.clusters import Cluster, SourceRecord


def assign_ids(
    clusters: Sequence[Cluster],
    previous: Mapping[SourceRecord, str],
    issued: Iterable[str],
    kind: str,
) -> list[str]:
    """The entity id of each cluster, in order (see the module docstring for the rules)."""
    taken = set(issued) | set(previous.values())
    claims: list[tuple[int, str, int]] = []
    for index, cluster in enumerate(clusters):
        votes = Counter(previous[member] for member in cluster.members if member in previous)
        claims.extend((count, entity_id, index) for entity_id, count in votes.items())
    claims.sort(key=lambda claim: (-claim[0], claim[1], claim[2]))
    ids: list[str | None] = [None] * len(clusters)
    granted: set[str] = set()
    for _count, entity_id, index in claims:
        if ids[index] is None and entity_id not in granted:
            ids[index] = entity_id
            granted.add(entity_id)
    for index, cluster in enumerate(clusters):
        if ids[index] is None:
            ids[index] = new_entity_id(kind, min(cluster.members), taken)
            taken.add(ids[index])  # type: ignore[arg-type]
    return [entity_id for entity_id in ids if entity_id is not None]


def new_entity_id(kind: str, seed: SourceRecord, taken: set[str]) -> str:
    """``E`` and 16 hex digits from the kind and a member, salted past any taken id."""
    salt = 0
    while True:
        text = f"{kind}\x1f{seed[0]}\x1f{seed[1]}\x1f{salt}"
        candidate = "E" + hashlib.sha256(text.encode()).hexdigest()[:16].upper()
        if candidate not in taken:
            return candidate
        salt += 1


def retired_ids(
    previous: Mapping[SourceRecord, str], clusters: Sequence[Cluster], ids: Sequence[str]
) -> dict[str, str]:
    """Ids that no cluster kept, each with the id most of its former records now carry."""
    now = {
        member: ids[index] for index, cluster in enumerate(clusters) for member in cluster.members
    }
    kept = set(ids)
    moved: dict[str, Counter[str]] = {}
    for member, old_id in previous.items():
        if old_id not in kept and member in now:
            moved.setdefault(old_id, Counter())[now[member]] += 1
    return {
        old_id: min(votes.items(), key=lambda vote: (-vote[1], vote[0]))[0]
        for old_id, votes in moved.items()
    }
