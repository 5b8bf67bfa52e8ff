"""Canonical fields of the smaller tabular sources: border posts and person roles."""

from __future__ import annotations

from borderlens.warehouse.fields import FieldSpec

POST_KINDS = ("road", "rail", "sea", "air", "inland")
ROLE_KINDS = ("director", "officer", "employee", "partner", "family")

BORDER_POST_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("post_id", "text", "Identifier of the border post or customs office.", True),
    FieldSpec("name", "text", "Name of the post.", True),
    FieldSpec("country", "text", "Country of the post (ISO 3166-1 alpha-2).", True, ("country",)),
    FieldSpec("kind", "text", "road, rail, sea, air or inland office.", allowed=POST_KINDS),
    FieldSpec("latitude", "decimal", "Latitude in degrees (WGS 84).", True, ("latitude",)),
    FieldSpec("longitude", "decimal", "Longitude in degrees (WGS 84).", True, ("longitude",)),
)

ROLE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "person_record_id", "text", "Registry record of the person who holds the role.", True
    ),
    FieldSpec(
        "role", "text", "director, officer, employee, partner or family.", True, allowed=ROLE_KINDS
    ),
    FieldSpec("counterpart_record_id", "text", "Company (or, for family, person) record.", True),
    FieldSpec("detail", "text", "Title or family tie, such as 'chair' or 'sibling'."),
    FieldSpec("start_date", "date", "When the role began.", False, ("not_future",)),
    FieldSpec("end_date", "date", "When the role ended, if it has."),
)
