"""Registry columns of an entity or a person, from the fields that 0.2, 0.3 and 0.4 share.

0.2/0.3 put these fields on the statement itself, 0.4 inside ``recordDetails``; the callers pass
the object that holds them and the JSON path to it.
"""

from __future__ import annotations

from borderlens.ingest.bods.checks import Checker
from borderlens.ingest.bods.parsed import (
    address_line,
    as_dict,
    as_list,
    check_pep_details,
    compact_json,
    countries,
    entity_names,
    pep_status,
    person_names,
    require_name,
    text,
)
from borderlens.ingest.countries import country_codes


def entity_row(details: dict[str, object], path: str, checker: Checker) -> dict[str, object]:
    """registry_entity columns (without ids, dates of the statement and provenance)."""
    raw_type = details.get("entityType")
    entity_type = (
        text(as_dict(raw_type).get("type")) if isinstance(raw_type, dict) else text(raw_type)
    )
    name, others = entity_names(details.get("name"), details.get("alternateNames"))
    require_name(entity_type, name, "unspecifiedEntityDetails" in details, checker)
    # 0.2 calls it incorporatedInJurisdiction, 0.3 and 0.4 jurisdiction.
    key = "jurisdiction" if "jurisdiction" in details else "incorporatedInJurisdiction"
    jurisdiction = details.get(key)
    country = checker.country(jurisdiction, f"{path}.{key}", "jurisdiction")
    jurisdiction_dict = as_dict(jurisdiction)
    code = text(jurisdiction_dict.get("code")) or (text(jurisdiction) if country else None)
    address, address_country = address_line(details.get("addresses"), checker, f"{path}.addresses")
    return {
        "entity_type": entity_type,
        "name": name,
        "alternate_names": compact_json(others),
        "jurisdiction": code.upper() if code else text(jurisdiction_dict.get("name")),
        "country": country or address_country,
        "identifiers": compact_json(as_list(details.get("identifiers"))),
        "address": address,
        "founding_date": checker.date(
            details.get("foundingDate"), f"{path}.foundingDate", "foundingDate"
        ),
        "dissolution_date": checker.date(
            details.get("dissolutionDate"), f"{path}.dissolutionDate", "dissolutionDate"
        ),
    }


def person_row(details: dict[str, object], path: str, checker: Checker) -> dict[str, object]:
    """registry_person columns (without ids, dates of the statement and provenance)."""
    person_type = text(details.get("personType"))
    name, others = person_names(details.get("names"))
    unspecified = "unspecifiedPersonDetails" in details or "missingInfoReason" in details
    require_name(person_type, name, unspecified, checker)
    nationalities = countries(
        details.get("nationalities"), checker, f"{path}.nationalities", "nationality"
    )
    countries(details.get("taxResidencies"), checker, f"{path}.taxResidencies", "taxResidency")
    address, address_country = address_line(details.get("addresses"), checker, f"{path}.addresses")
    birth = details.get("birthDate")
    birth_ok = checker.date(birth, f"{path}.birthDate", "birthDate") is not None
    checker.date(details.get("deathDate"), f"{path}.deathDate", "deathDate")
    check_pep_details(details, checker, path)
    first_nationality = next((code for code in nationalities if code in country_codes()), None)
    return {
        "person_type": person_type,
        "name": name,
        "alternate_names": compact_json(others),
        "nationalities": compact_json(nationalities),
        "birth_date": text(birth) if birth_ok else None,
        "address": address,
        "country": address_country or first_nationality,
        "is_pep": pep_status(details),
    }
