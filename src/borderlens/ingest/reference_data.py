"""Smaller tabular sources: border posts with coordinates, and the roles people hold."""

from __future__ import annotations

from pathlib import Path

from borderlens.engine.base import Engine
from borderlens.ingest.progress import Progress, no_progress
from borderlens.ingest.tabular import TabularSource, ingest_tabular_file
from borderlens.ingest.validation import Reference
from borderlens.warehouse.loads import LoadReport
from borderlens.warehouse.reference import BORDER_POST_FIELDS, ROLE_FIELDS

BORDER_POSTS = TabularSource("border_posts", "border_post", BORDER_POST_FIELDS, ("post_id",))

_PEOPLE = "SELECT record_id FROM registry_person"
_RECORDS = f"SELECT record_id FROM registry_entity UNION ALL {_PEOPLE}"

ROLES = TabularSource(
    "roles",
    "role",
    ROLE_FIELDS,
    ("person_record_id", "role", "counterpart_record_id"),
    references=(
        Reference("person_record_id", _PEOPLE, "person record"),
        Reference("counterpart_record_id", _RECORDS, "registry record"),
    ),
)


def ingest_border_posts(
    engine: Engine, path: Path, *, progress: Progress = no_progress
) -> LoadReport:
    """Load border posts (CSV with post_id, name, country, kind, latitude, longitude)."""
    return ingest_tabular_file(engine, BORDER_POSTS, path, file_format="csv", progress=progress)


def ingest_roles(engine: Engine, path: Path, *, progress: Progress = no_progress) -> LoadReport:
    """Load roles (CSV with person_record_id, role, counterpart_record_id, detail, dates)."""
    return ingest_tabular_file(engine, ROLES, path, file_format="csv", progress=progress)
