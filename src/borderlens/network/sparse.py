"""Sparse matrices as (row, col, value) arrays, and the two operations the network needs.

Effective ownership and control reach are sums and unions of walks; both are computed by
extending a set of entries one edge at a time (``extend``) and merging entries that land on
the same (row, col) pair (``merge``). Everything here is vectorized numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Entries:
    """A sparse matrix: ``value[k]`` sits at (``row[k]``, ``col[k]``)."""

    row: Ints
    col: Ints
    value: Floats

    def __len__(self) -> int:
        return len(self.row)

    @classmethod
    def empty(cls) -> Entries:
        """No entries."""
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))

    def select(self, mask: npt.NDArray[np.bool_]) -> Entries:
        """The entries where ``mask`` is true."""
        return Entries(self.row[mask], self.col[mask], self.value[mask])

    @staticmethod
    def concat(parts: list[Entries]) -> Entries:
        """All entries of ``parts`` (duplicates kept; see :func:`merge`)."""
        if not parts:
            return Entries.empty()
        return Entries(
            np.concatenate([p.row for p in parts]),
            np.concatenate([p.col for p in parts]),
            np.concatenate([p.value for p in parts]),
        )


@dataclass(frozen=True)
class Adjacency:
    """Out-edges by source node (compressed rows): edges of ``u`` are ``start[u]:start[u+1]``."""

    start: Ints
    target: Ints
    weight: Floats
    source: Ints

    @classmethod
    def build(cls, nodes: int, source: Ints, target: Ints, weight: Floats) -> Adjacency:
        """Index the edges ``source -> target`` by source."""
        order = np.argsort(source, kind="stable")
        counts = np.bincount(source, minlength=nodes)
        start = np.zeros(nodes + 1, np.int64)
        np.cumsum(counts, out=start[1:])
        return cls(start, target[order], weight[order], source[order])


def extend(entries: Entries, edges: Adjacency) -> tuple[Entries, Ints]:
    """Every entry (r, c, v) followed by every edge c -> d of weight w, as (r, d, v * w).

    Also returns, for each new entry, the position of the edge used (its ``c`` is
    ``edges.source[position]``).
    """
    degree = edges.start[entries.col + 1] - edges.start[entries.col]
    total = int(degree.sum())
    if total == 0:
        return Entries.empty(), np.empty(0, np.int64)
    first = np.repeat(edges.start[entries.col], degree)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(degree) - degree, degree)
    position = first + offset
    extended = Entries(
        np.repeat(entries.row, degree),
        edges.target[position],
        np.repeat(entries.value, degree) * edges.weight[position],
    )
    return extended, position


def pair_key(row: Ints, col: Ints, nodes: int) -> Ints:
    """One int64 per (row, col) pair, ordered by row then column."""
    return row * np.int64(nodes) + col


def merge(entries: Entries, nodes: int, how: Literal["sum", "max"] = "sum") -> Entries:
    """Entries sorted by (row, col) with duplicates summed (or the largest kept)."""
    if len(entries) == 0:
        return entries
    key = pair_key(entries.row, entries.col, nodes)
    unique, inverse = np.unique(key, return_inverse=True)
    if how == "sum":
        value = np.bincount(inverse, weights=entries.value, minlength=len(unique))
    else:
        value = np.full(len(unique), -np.inf)
        np.maximum.at(value, inverse, entries.value)
    return Entries(unique // nodes, unique % nodes, value.astype(np.float64))


def lookup(sorted_key: Ints, key: Ints) -> Ints:
    """Positions of ``key`` in ``sorted_key``, -1 where absent."""
    if len(sorted_key) == 0:
        return np.full(len(key), -1, np.int64)
    position = np.searchsorted(sorted_key, key)
    position = np.minimum(position, len(sorted_key) - 1)
    return np.where(sorted_key[position] == key, position, -1).astype(np.int64)
