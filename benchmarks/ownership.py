"""Ownership network: seconds to ultimate owners on a synthetic 1M-company registry.

Builds a registry of N companies (default 1,000,000) and 0.4 N persons: company groups as
trees of subsidiaries (51-100% held by a parent), tops held by one to three persons, a share
of local minority cross-holdings, and circular holdings (a subsidiary holding 10% of its parent
or grandparent). About 1.2 ownership edges per company; a third of the shares are published as
ranges. Then times ``build_network`` on a fresh DuckDB file (no declarations, so no related
pairs) and prints the seconds to the ``ultimate_owner`` table and for the whole stage.

    python benchmarks/ownership.py            # 1M companies
    python benchmarks/ownership.py 200000     # any size
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.network import build_network
from borderlens.warehouse.migrations import ensure_schema

GOAL_SECONDS = 60.0
COUNTRIES = np.array(["GE", "TR", "DE", "CN", "CY", "VG", "NL", "LU", "AE", "RU", "US", "IT"])


def registry(companies: int, seed: int = 7) -> dict[str, pa.Table]:
    """The synthetic registry tables (entities, persons, ownership interests)."""
    rng = np.random.default_rng(seed)
    index = np.arange(companies)
    is_top = (rng.random(companies) < 0.5) | (index == 0)
    parent = np.maximum(index - rng.integers(1, 2000, companies), 0)
    subsidiaries = np.flatnonzero(~is_top)
    tops = np.flatnonzero(is_top)
    owners_per_top = rng.choice([1, 2, 3], size=len(tops), p=[0.75, 0.2, 0.05])
    persons = int(0.4 * companies)
    held_top = np.repeat(tops, owners_per_top)
    top_share = 100.0 / np.repeat(owners_per_top, owners_per_top)
    minority = rng.choice(companies, size=int(0.05 * companies))
    partner = np.clip(minority + rng.integers(-1000, 1000, len(minority)), 0, companies - 1)
    looped = rng.choice(subsidiaries, size=max(2, companies // 500), replace=False)
    back = np.where(rng.random(len(looped)) < 0.5, parent[looped], parent[parent[looped]])
    owner = np.concatenate([
        np.char.add("P", rng.integers(0, persons, len(held_top)).astype(str)),
        np.char.add("C", parent[subsidiaries].astype(str)),
        np.char.add("C", partner.astype(str)),
        np.char.add("C", looped.astype(str)),
    ])  # fmt: skip
    owned = np.char.add("C", np.concatenate([held_top, subsidiaries, minority, back]).astype(str))
    share = np.concatenate([
        top_share, rng.uniform(51, 100, len(subsidiaries)).round(2),
        rng.uniform(1, 20, len(minority)).round(2), np.full(len(looped), 10.0),
    ])  # fmt: skip
    ranged = rng.random(len(share)) < 1 / 3
    low = np.minimum(np.floor(share / 25) * 25, 75)
    kind = np.where(np.char.startswith(owner, "P"), "person", "entity")
    keep = owner != owned
    return {
        "registry_entity": pa.table({
            "record_id": np.char.add("C", index.astype(str)),
            "name": np.char.add("Company ", index.astype(str)),
            "jurisdiction": rng.choice(COUNTRIES, companies),
        }),
        "registry_person": pa.table({
            "record_id": np.char.add("P", np.arange(persons).astype(str)),
            "name": np.char.add("Person ", np.arange(persons).astype(str)),
            "country": rng.choice(COUNTRIES, persons),
        }),
        "ownership": pa.table({
            "relationship_id": np.char.add("R", np.arange(int(keep.sum())).astype(str)),
            "owner_record_id": owner[keep], "owned_record_id": owned[keep],
            "owner_kind": kind[keep], "interest_type": np.full(int(keep.sum()), "shareholding"),
            "share_exact": pa.array(share[keep], mask=ranged[keep]),
            "share_min": pa.array(low[keep], mask=~ranged[keep]),
            "share_max": pa.array(np.minimum(low + 25, 100)[keep], mask=~ranged[keep]),
        }),
    }  # fmt: skip


def main(companies: int) -> None:
    """Write the registry, run the network stage, print the figures."""
    tables = registry(companies)
    with tempfile.TemporaryDirectory() as folder:
        with DuckDBEngine(Path(folder) / "bench.duckdb") as engine:
            ensure_schema(engine)
            for name, table in tables.items():
                engine.write_arrow(name, table, "append")
            started = time.perf_counter()
            summary = build_network(engine)
            total = time.perf_counter() - started
        phases = summary.seconds
        to_owners = phases["read"] + phases["solve"] + phases["ultimate owners"]
        print(
            f"companies {companies:,}, persons {summary.persons:,}, "
            f"ownership edges {summary.edges:,}, circular holdings {summary.cycles:,}"
        )
        print(
            f"effective ownership pairs {summary.effective_pairs:,}, "
            f"ultimate owner rows {summary.ultimate_owners:,}, "
            f"control pairs {summary.control_pairs:,}"
        )
        print(f"phases (s): {phases}")
        print(f"seconds to ultimate owners: {to_owners:.1f} (goal < {GOAL_SECONDS:.0f}); "
              f"whole network stage: {total:.1f}")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
