"""The route of a declaration item for the case map: country of origin, country of departure
and the border post or office where it was declared.

Countries go to the map as ISO 3166 numeric codes, the ids of the world-atlas base map; in the
demo world an office is a border post (``office_id`` = ``post_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pycountry

from borderlens.warehouse.store import Store


@dataclass(frozen=True)
class RouteCountry:
    code: str
    numeric: str | None
    name: str


@dataclass(frozen=True)
class BorderPost:
    post_id: str
    name: str
    country: str | None
    kind: str | None
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Route:
    """Where the goods came from and where they were declared; ``notes`` says what is missing."""

    origin: RouteCountry | None
    departure: RouteCountry | None
    post: BorderPost | None
    notes: list[str]


def route_country(code: str | None) -> RouteCountry | None:
    """A country by its alpha-2 code, with its numeric code and name (None when empty)."""
    if not code or not code.strip():
        return None
    code = code.strip().upper()
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return RouteCountry(code, None, code)
    name = getattr(found, "common_name", None) or found.name
    return RouteCountry(code, str(found.numeric), str(name))


def border_post(store: Store, office_id: str | None) -> BorderPost | None:
    """The border post of an office, when the warehouse knows where it is."""
    if not office_id or not store.table_exists("border_post"):
        return None
    row = store.row(
        "SELECT post_id, name, country, kind, latitude, longitude FROM border_post "
        "WHERE post_id = ? AND latitude IS NOT NULL AND longitude IS NOT NULL LIMIT 1",
        [office_id],
    )
    if row is None:
        return None
    return BorderPost(
        row["post_id"],
        row["name"],
        row["country"],
        row["kind"],
        float(row["latitude"]),
        float(row["longitude"]),
    )


def read_route(store: Store, declaration: dict[str, Any]) -> Route:
    """The route of one declaration item."""
    origin = route_country(declaration.get("origin_country"))
    departure = route_country(declaration.get("departure_country"))
    post = border_post(store, declaration.get("office_id"))
    notes = []
    if departure is None:
        notes.append("the declaration gives no country of departure")
    if post is None:
        notes.append(f"office {declaration.get('office_id') or '(none)'} has no known location")
    for label, country in (("origin", origin), ("departure", departure)):
        if country is not None and country.numeric is None:
            notes.append(f"{label} country {country.code} is not an ISO 3166 country")
    return Route(origin, departure, post, notes)
