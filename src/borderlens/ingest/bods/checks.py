"""Field checks shared by every BODS version: dates, country codes and percentage shares.

A :class:`Checker` normalises one statement's values and collects what is wrong with them, so
that a bad statement is quarantined with every reason at once instead of the first one only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import pycountry

from borderlens.ingest.countries import country_codes

# A statement written late in the evening in a time zone ahead of ours is not "in the future".
_CLOCK_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a statement: where (JSON path below the statement), which field, why."""

    path: str
    field: str
    reason: str


@dataclass(frozen=True)
class Share:
    """A percentage share as BODS gives it: an exact value and/or a range with open ends."""

    exact: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool | None = None
    exclusive_maximum: bool | None = None


@lru_cache(maxsize=1 << 16)
def parse_bods_date(text: str) -> date | None:
    """A date in YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339 date-time form; partial dates round down.

    >>> parse_bods_date("1964-04")
    datetime.date(1964, 4, 1)
    """
    text = text.strip()
    try:
        if len(text) == 4:
            return date(int(text), 1, 1) if text.isdigit() else None
        if len(text) == 7 and text[4] == "-":
            return date(int(text[:4]), int(text[5:]), 1)
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).date() if len(text) > 10 else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def country_from_name(name: str) -> str | None:
    """The alpha-2 code of a country given by name only ("Mexico" -> "MX"), if known."""
    try:
        found = pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    return str(found.alpha_2)


@dataclass
class Checker:
    """Collects the problems of one statement while its values are normalised."""

    today: date
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(path, field_name, reason))

    def date(self, value: object, path: str, field_name: str) -> date | None:
        """A parsed date; a value that does not parse or lies in the future is a problem."""
        if value is None:
            return None
        parsed = parse_bods_date(value) if isinstance(value, str) else None
        if parsed is None:
            self.add(path, field_name, f"{field_name} {value!r} is not a date (YYYY-MM-DD)")
        elif parsed > self.today + _CLOCK_SLACK:
            self.add(path, field_name, f"{field_name} '{value}' lies in the future")
            return None
        return parsed

    def country(self, value: object, path: str, field_name: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of a code string or a {name, code} object.

        A subdivision code such as GB-ENG counts by its country part; a country given by
        name only is looked up, and is no problem when the lookup fails (BODS allows it).
        """
        if value is None:
            return None
        if isinstance(value, dict):
            code = value.get("code")
            if code is None:
                name = value.get("name")
                return country_from_name(name) if isinstance(name, str) and name else None
            path = f"{path}.code"
        else:
            code = value
        if not isinstance(code, str) or not code.strip():
            self.add(path, field_name, f"{field_name} code {code!r} is not a country code")
            return None
        country = code.strip().upper().split("-")[0]
        if country not in country_codes():
            self.add(path, field_name, f"{field_name} {code!r} is not an ISO 3166-1 country code")
            return None
        return country

    def share(self, value: object, path: str) -> Share:
        """A share whose bounds lie within 0-100 and whose minimum does not exceed its maximum."""
        if value is None:
            return Share()
        if not isinstance(value, dict):
            self.add(path, "share", f"share {value!r} is not an object")
            return Share()
        exact = self._percent(value, "exact", path)
        minimum, exclusive_minimum = self._bound(value, "minimum", "exclusiveMinimum", path)
        maximum, exclusive_maximum = self._bound(value, "maximum", "exclusiveMaximum", path)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add(path, "share", f"share minimum '{minimum:g}' exceeds maximum '{maximum:g}'")
        return Share(exact, minimum, maximum, exclusive_minimum, exclusive_maximum)

    def _bound(
        self, share: dict[str, object], inclusive: str, exclusive: str, path: str
    ) -> tuple[float | None, bool | None]:
        """One end of a range: 0.4 gives ``exclusiveMinimum`` as a number, 0.2 as a flag."""
        flag = share.get(exclusive)
        if isinstance(flag, bool):
            return self._percent(share, inclusive, path), flag
        if flag is not None:
            return self._percent(share, exclusive, path), True
        bound = self._percent(share, inclusive, path)
        return bound, (False if bound is not None else None)

    def _percent(self, share: dict[str, object], key: str, path: str) -> float | None:
        value = share.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"{path}.{key}", "share", f"share {key} {value!r} is not a number")
            return None
        if not 0 <= value <= 100:
            self.add(f"{path}.{key}", "share", f"share {key} '{value:g}' is outside 0-100")
            return None
        return float(value)
