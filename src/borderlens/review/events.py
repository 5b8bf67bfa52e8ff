"""Workbench actions in the warehouse's audit trail, with the officer and the client address."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import duckdb


def record_event(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    client: str,
    action: str,
    subject: str,
    detail: dict[str, object],
) -> None:
    """Append one event inside the caller's transaction; events are never updated."""
    cursor.execute(
        "INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            uuid.uuid4().hex,
            datetime.now(UTC).replace(tzinfo=None),
            actor,
            client,
            f"workbench: {action}",
            subject,
            json.dumps(detail, sort_keys=True, default=str),
        ],
    )
