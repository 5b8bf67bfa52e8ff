"""The append-only audit trail: who did what, from which machine, and when."""

from __future__ import annotations

import getpass
import json
import socket
import uuid
from datetime import UTC, datetime

import pyarrow as pa

from borderlens.engine.base import Engine


def append_event(engine: Engine, action: str, subject: str, detail: dict[str, object]) -> None:
    """Record one event; events are inserted, never updated."""
    row = {
        "event_id": uuid.uuid4().hex,
        "occurred_at": datetime.now(UTC).replace(tzinfo=None),
        "actor": getpass.getuser(),
        "host": socket.gethostname(),
        "action": action,
        "subject": subject,
        "detail": json.dumps(detail, sort_keys=True, default=str),
    }
    engine.write_arrow("audit_event", pa.Table.from_pylist([row]))
