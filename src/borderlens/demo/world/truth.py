"""Ground-truth Arrow tables: which written party is which true entity, relations, fraud."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from borderlens.demo.world.bods import foreign_person_records, record_id
from borderlens.demo.world.declarations import Items
from borderlens.demo.world.population import Population
from borderlens.demo.world.relations import RelatedPair
from borderlens.demo.world.trade import TradeNetwork


def truth_entity(seed: int, population: Population, network: TradeNetwork) -> pa.Table:
    """(source_kind, source_key, true_entity_id, entity_kind) for every way a party is written."""
    rows: list[tuple[str, str, str, str]] = []
    rows += [("importer", c.registration, c.entity_id, "company") for c in network.importers]
    rows += [("declarant", c.registration, c.entity_id, "company") for c in network.brokers]
    for seller, codes in zip(network.sellers, network.seller_codes, strict=True):
        rows += [("seller", code, seller.entity_id, "company") for code in codes]
    rows += [("registry", record_id(seed, c), c, "company") for c in population.companies]
    rows += [("registry", record_id(seed, p), p, "person") for p in population.persons]
    rows += [
        ("registry", key, person, "person")
        for key, person in foreign_person_records(seed, population)
    ]
    names = ("source_kind", "source_key", "true_entity_id", "entity_kind")
    return pa.table(
        {name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(names)}
    )


def truth_related_pair(pairs: list[RelatedPair]) -> pa.Table:
    """Every truly related importer/seller pair that trades."""
    return pa.table({
        "importer_entity_id": pa.array([p.importer_id for p in pairs], pa.string()),
        "seller_entity_id": pa.array([p.seller_id for p in pairs], pa.string()),
        "relation": pa.array([p.relation for p in pairs], pa.string()),
        "evidence": pa.array([p.evidence for p in pairs], pa.string()),
    })  # fmt: skip


def truth_fraud(
    items: Items, declaration_ids: npt.NDArray[np.object_], malformed: npt.NDArray[np.int64]
) -> pa.Table:
    """One row per fraudulent item (malformed rows excluded)."""
    keep = np.asarray(items.extra["fraud_type"] != "", np.bool_)
    at_stake = np.asarray(items.extra["revenue_at_stake"], np.float64)
    keep[malformed] = False
    return pa.table({
        "declaration_id": pa.array(declaration_ids[keep].tolist(), pa.string()),
        "item_no": pa.array(items.item_no[keep], pa.int64()),
        "fraud_type": pa.array(items.extra["fraud_type"][keep].tolist(), pa.string()),
        "critical": pa.array(np.asarray(items.extra["critical"], np.bool_)[keep], pa.bool_()),
        "true_value": pa.array(items.true_value[keep], pa.float64()),
        "revenue_at_stake": pa.array(at_stake[keep], pa.float64()),
    })  # fmt: skip
