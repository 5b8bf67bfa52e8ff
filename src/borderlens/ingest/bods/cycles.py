"""Circular holdings: ownership cycles are real and load, but they are counted for the analyst."""

from __future__ import annotations

from collections.abc import Iterable


def strongly_connected(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of two or more nodes (Tarjan's algorithm, iterative)."""
    graph: dict[str, list[str]] = {}
    for owner, owned in edges:
        graph.setdefault(owner, []).append(owned)
        graph.setdefault(owned, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(graph[node]):
                work.append((node, child + 1))
                nxt = graph[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def ownership_cycles(edges: Iterable[tuple[str, str]], touched: set[str]) -> list[list[str]]:
    """The cycles (strongly connected groups) that include a record this load touched."""
    return [group for group in strongly_connected(edges) if touched.intersection(group)]
