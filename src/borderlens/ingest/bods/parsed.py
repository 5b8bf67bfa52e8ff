"""One statement brought to a version-free shape, and the helpers both version readers share."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from borderlens.ingest.bods.checks import Checker, Problem

Kind = Literal["entity", "person", "relationship"]
PartyKind = Literal["entity", "person", "unspecified"]

ANONYMOUS_TYPES = frozenset(
    {"anonymousPerson", "unknownPerson", "anonymousEntity", "unknownEntity"}
)
_MAIN_NAME_TYPES = ("legal", "individual")


@dataclass
class Parsed:
    """A statement of any BODS version, as the warehouse tables need it.

    ``row`` holds the registry columns of an entity or person (or the columns every ownership
    row of a relationship shares); ``interests`` holds one dict of columns per interest.
    ``party_kind`` is None when the version does not say (0.4) and the party must be looked up.
    """

    kind: Kind | None
    statement_id: str | None
    record_id: str | None
    version: str
    row: dict[str, object] = field(default_factory=dict)
    interests: list[dict[str, object]] = field(default_factory=list)
    subject: str | None = None
    party: str | None = None
    party_kind: PartyKind | None = None
    problems: list[Problem] = field(default_factory=list)


def as_dict(value: object) -> dict[str, object]:
    """The value when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[object]:
    """The value when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def text(value: object) -> str | None:
    """A non-empty string, stripped, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def required_text(statement: dict[str, object], key: str, checker: Checker) -> str | None:
    """The text under ``key``, with a problem recorded when there is none."""
    value = text(statement.get(key))
    if value is None:
        checker.add(f".{key}", key, f"statement has no {key}")
    return value


def statement_kind(
    statement: dict[str, object], key: str, kinds: dict[str, Kind], checker: Checker
) -> Kind | None:
    """The statement's kind from its type field, with a problem recorded when unknown."""
    raw = statement.get(key)
    kind = kinds.get(raw) if isinstance(raw, str) else None
    if kind is None:
        reason = f"statement has no {key}" if raw is None else f"unknown {key} {raw!r}"
        checker.add(f".{key}", key, reason)
    return kind


def compact_json(value: object) -> str | None:
    """JSON text for the warehouse's JSON columns; None for nothing or an empty list."""
    if value is None or value == []:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def person_names(names: object) -> tuple[str | None, list[str]]:
    """The main name (legal/individual first) and the other distinct names of a person."""
    found: list[tuple[str, str]] = []
    for item in as_list(names):
        entry = as_dict(item)
        full = text(entry.get("fullName")) or " ".join(
            part
            for part in (
                text(entry.get(key)) for key in ("givenName", "patronymicName", "familyName")
            )
            if part
        )
        if full:
            found.append((str(entry.get("type") or ""), full))
    if not found:
        return None, []
    main = next((name for kind, name in found if kind in _MAIN_NAME_TYPES), found[0][1])
    others = list(dict.fromkeys(name for _, name in found if name != main))
    return main, others


def entity_names(name: object, alternates: object) -> tuple[str | None, list[str]]:
    """The declared name of an entity and its other distinct names."""
    main = text(name)
    others = [alt for alt in (text(item) for item in as_list(alternates)) if alt and alt != main]
    return main, list(dict.fromkeys(others))


def address_line(addresses: object, checker: Checker, path: str) -> tuple[str | None, str | None]:
    """The first address as one line, and its country code; every address's country is checked."""
    line: str | None = None
    first_country: str | None = None
    for index, item in enumerate(as_list(addresses)):
        entry = as_dict(item)
        country = checker.country(entry.get("country"), f"{path}[{index}].country", "country")
        if index:
            continue
        parts = [text(entry.get("address")), text(entry.get("postCode"))]
        raw_country = entry.get("country")
        country_text = country or text(as_dict(raw_country).get("name")) or text(raw_country)
        line = (
            ", ".join(
                " ".join(part.replace("\n", ", ").split())
                for part in (*parts, country_text)
                if part
            )
            or None
        )
        first_country = country
    return line, first_country


def countries(items: object, checker: Checker, path: str, field_name: str) -> list[str]:
    """The codes of a list of Country objects (names kept where no code can be found)."""
    found: list[str] = []
    for index, item in enumerate(as_list(items)):
        code = checker.country(item, f"{path}[{index}]", field_name)
        name = code or text(as_dict(item).get("name"))
        if name:
            found.append(name)
    return list(dict.fromkeys(found))


def pep_status(person: dict[str, object]) -> bool | None:
    """Whether a person is a PEP: 0.2 ``hasPepStatus``, 0.3/0.4 ``politicalExposure.status``."""
    for key in ("hasPepStatus", "pepStatus"):
        value = person.get(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return {"isPep": True, "isNotPep": False}.get(value)
    status = as_dict(person.get("politicalExposure")).get("status")
    return {"isPep": True, "isNotPep": False}.get(status) if isinstance(status, str) else None


def check_pep_details(person: dict[str, object], checker: Checker, path: str) -> None:
    """Dates and jurisdictions inside the PEP details of either version."""
    details = person.get("pepStatusDetails")
    detail_path = f"{path}.pepStatusDetails"
    if details is None:
        details = as_dict(person.get("politicalExposure")).get("details")
        detail_path = f"{path}.politicalExposure.details"
    for index, item in enumerate(as_list(details)):
        entry = as_dict(item)
        here = f"{detail_path}[{index}]"
        checker.country(entry.get("jurisdiction"), f"{here}.jurisdiction", "pepJurisdiction")
        for key in ("startDate", "endDate"):
            checker.date(entry.get(key), f"{here}.{key}", key)


def require_name(
    kind: str | None, name: str | None, has_unspecified: bool, checker: Checker
) -> None:
    """A person or entity needs a name unless it is declared anonymous or unknown."""
    if name is None and kind not in ANONYMOUS_TYPES and not has_unspecified:
        checker.add("", "name", "no name given (and not declared anonymous or unknown)")


def interest_columns(
    interest: dict[str, object], level_key: str, checker: Checker, path: str
) -> dict[str, object]:
    """The ownership columns of one interest; ``level_key`` is interestLevel or directOrIndirect."""
    share = checker.share(interest.get("share"), f"{path}.share")
    beneficial = interest.get("beneficialOwnershipOrControl")
    return {
        "interest_type": text(interest.get("type")),
        "direct_or_indirect": text(interest.get(level_key)),
        "beneficial_ownership_or_control": beneficial if isinstance(beneficial, bool) else None,
        "share_exact": share.exact,
        "share_min": share.minimum,
        "share_max": share.maximum,
        "share_exclusive_min": share.exclusive_minimum,
        "share_exclusive_max": share.exclusive_maximum,
        "start_date": checker.date(interest.get("startDate"), f"{path}.startDate", "startDate"),
        "end_date": checker.date(interest.get("endDate"), f"{path}.endDate", "endDate"),
    }


def interests_columns(
    interests: object, level_key: str, checker: Checker, path: str
) -> list[dict[str, object]]:
    """One column dict per interest object; an entry that is not an object is a problem."""
    found: list[dict[str, object]] = []
    for index, item in enumerate(as_list(interests)):
        here = f"{path}[{index}]"
        if not isinstance(item, dict):
            checker.add(here, "interests", f"interest {item!r} is not an object")
            continue
        found.append(interest_columns(item, level_key, checker, here))
    return found
