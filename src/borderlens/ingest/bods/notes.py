"""What a BODS load found beyond its row counts (ownership cycles), read back from the audit trail.

:class:`~borderlens.warehouse.loads.LoadReport` carries counts only; the CLI can call
:func:`ownership_cycle_count` with ``report.load_id`` to add "n ownership cycles" to its summary.
"""

from __future__ import annotations

import json

from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal


def load_detail(engine: Engine, load_id: str) -> dict[str, object]:
    """The detail of the ingest audit event of a load, empty when there is none."""
    found = engine.scalar(
        "SELECT detail FROM audit_event WHERE action = 'ingest' "
        f"AND subject = {sql_literal(load_id)} ORDER BY occurred_at LIMIT 1"
    )
    detail = json.loads(found) if isinstance(found, str) else {}
    return detail if isinstance(detail, dict) else {}


def ownership_cycle_count(engine: Engine, load_id: str) -> int:
    """How many ownership cycles (circular holdings) the relationships of a load take part in."""
    count = load_detail(engine, load_id).get("ownership_cycles")
    return count if isinstance(count, int) else 0
