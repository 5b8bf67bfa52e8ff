"""Provenance of every load: which file, when, how many rows read, loaded and quarantined."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal

_CHUNK = 1 << 22


@dataclass
class LoadReport:
    """What one load did; ``previous_load_id`` is set when the file had been loaded already."""

    load_id: str
    source_kind: str
    source_file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    previous_load_id: str | None = None

    @property
    def already_loaded(self) -> bool:
        return self.previous_load_id is not None

    def summary(self) -> str:
        """One line for the terminal."""
        if self.already_loaded:
            return f"{self.source_file}: already loaded as {self.previous_load_id}; nothing added"
        return (
            f"{self.source_file}: {self.rows_read:,} read, {self.rows_loaded:,} loaded, "
            f"{self.rows_quarantined:,} quarantined (load {self.load_id})"
        )


@dataclass(frozen=True)
class FileFingerprint:
    """The content hash and size that recognise a file loaded before."""

    sha256: str
    size: int


def fingerprint(path: Path) -> FileFingerprint:
    """Hash a file in chunks, so that size does not matter."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return FileFingerprint(digest.hexdigest(), path.stat().st_size)


def new_load_id(kind: str) -> str:
    """A sortable, unique load id such as ``declarations-20261129T2130-1a2b3c4d``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"{kind}-{stamp}-{uuid.uuid4().hex[:8]}"


def previous_load(engine: Engine, kind: str, print_: FileFingerprint) -> str | None:
    """The load id that already brought in a file with this content, if any."""
    found = engine.scalar(
        f"SELECT min(load_id) FROM load WHERE source_kind = {sql_literal(kind)} "
        f"AND file_sha256 = {sql_literal(print_.sha256)}"
    )
    return str(found) if found else None


def record_load(
    engine: Engine,
    report: LoadReport,
    print_: FileFingerprint,
    *,
    file_format: str,
    mapping: str,
    started_at: datetime,
) -> None:
    """Append the load's row to the ``load`` table."""
    row = {
        "load_id": report.load_id,
        "source_kind": report.source_kind,
        "source_file": report.source_file,
        "file_sha256": print_.sha256,
        "file_bytes": print_.size,
        "format": file_format,
        "mapping": mapping,
        "started_at": started_at.replace(tzinfo=None),
        "finished_at": datetime.now(UTC).replace(tzinfo=None),
        "rows_read": report.rows_read,
        "rows_loaded": report.rows_loaded,
        "rows_quarantined": report.rows_quarantined,
    }
    engine.write_arrow("load", pa.Table.from_pylist([row]))
