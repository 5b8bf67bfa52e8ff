"""A small registry, roles and declarations written by code, for the network tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pyarrow as pa

from borderlens.engine.base import Engine

TODAY = dt.date(2026, 11, 1)


class Registry:
    """Collects rows and writes them to the warehouse tables the network stage reads."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def entity(self, record_id: str, country: str = "GE", name: str | None = "") -> Registry:
        """A registered company (``name`` defaults to one made from the id)."""
        self.rows["registry_entity"].append({
            "record_id": record_id, "name": f"{record_id} Ltd" if name == "" else name,
            "jurisdiction": country, "country": country,
        })  # fmt: skip
        return self

    def person(self, record_id: str, country: str = "GE") -> Registry:
        """A natural person."""
        self.rows["registry_person"].append({
            "record_id": record_id, "name": f"Person {record_id}", "country": country,
            "nationalities": f'["{country}"]',
        })  # fmt: skip
        return self

    def owns(
        self,
        owner: str,
        owned: str,
        share: float | None = None,
        *,
        interest: str = "shareholding",
        minimum: float | None = None,
        maximum: float | None = None,
        end_date: dt.date | None = None,
        owner_kind: str = "entity",
    ) -> Registry:
        """An interest of ``owner`` in ``owned``."""
        table = self.rows["ownership"]
        table.append({
            "relationship_id": f"R{len(table) + 1}", "owner_record_id": owner,
            "owned_record_id": owned, "owner_kind": owner_kind, "interest_type": interest,
            "share_exact": share, "share_min": minimum, "share_max": maximum,
            "end_date": end_date,
        })  # fmt: skip
        return self

    def role(
        self, person: str, role: str, counterpart: str, detail: str = "",
        end_date: dt.date | None = None,
    ) -> Registry:  # fmt: skip
        """A role row (director, officer, employee, partner, family)."""
        self.rows["role"].append({
            "person_record_id": person, "role": role, "counterpart_record_id": counterpart,
            "detail": detail, "end_date": end_date,
        })  # fmt: skip
        return self

    def trade(
        self, importer: str, seller: str, declared_related: bool | None = False, items: int = 1
    ) -> Registry:
        """A declaration of ``items`` goods items; parties link to the registry records."""
        table = self.rows["declaration"]
        number = f"D{len({r['declaration_id'] for r in table}) + 1:04d}"
        for item in range(1, items + 1):
            table.append({
                "declaration_id": number, "item_no": item, "importer_id": f"imp-{importer}",
                "seller_id": f"sel-{seller}", "declared_related": declared_related,
                "declaration_date": TODAY,
            })  # fmt: skip
        for kind, key in (("importer", f"imp-{importer}"), ("seller", f"sel-{seller}")):
            self.rows["entity_link"].append({
                "source_kind": kind, "source_key": key, "entity_id": key[4:],
                "match_probability": 1.0, "model_version": "test",
            })  # fmt: skip
        return self

    def write(self, engine: Engine) -> None:
        """Append every collected row to its table."""
        for table, rows in self.rows.items():
            columns = engine.columns(table)
            data = pa.Table.from_pylist(rows)
            typed = engine.query(f"SELECT * FROM {table} LIMIT 0").schema
            fields = [typed.field(name) for name in data.column_names if name in columns]
            engine.write_arrow(table, data.select([f.name for f in fields]).cast(
                pa.schema(fields)), "append")  # fmt: skip
