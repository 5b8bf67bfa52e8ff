"""Beneficial Ownership Data Standard 0.4 statements for every company, person and link."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pycountry

from borderlens.demo.world.countries import COUNTRY_BY_CODE
from borderlens.demo.world.languages import LANGUAGES
from borderlens.demo.world.population import Company, Holding, Person, Population, Role
from borderlens.demo.world.sizes import END_DATE

Record = dict[str, Any]
PUBLISHER = {"name": "BorderLens demo world registry"}
FILE_OF_GROUP = {
    "caucasus": "caucasus-cis", "cis": "caucasus-cis", "europe": "europe", "asia": "asia-mena",
    "mena": "asia-mena", "americas": "americas-offshore", "offshore": "americas-offshore",
}  # fmt: skip


def record_id(seed: int, entity_id: str) -> str:
    """Stable 12-hex-digit BODS recordId of a true entity."""
    return hashlib.sha256(f"{seed}:record:{entity_id}".encode()).hexdigest()[:12]


def _statement_id(seed: int, key: str) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(f"{seed}:statement:{key}".encode()).digest()[:16]))


def _country(code: str) -> dict[str, str]:
    found = pycountry.countries.get(alpha_2=code)
    return {"name": found.name if found else code, "code": code}


def _envelope(seed: int, key: str, subject: str, own_id: str, kind: str, date: str) -> Record:
    return {
        "statementId": _statement_id(seed, key),
        "declarationSubject": subject,
        "statementDate": date,
        "publicationDetails": {
            "publicationDate": END_DATE.isoformat(), "bodsVersion": "0.4", "publisher": PUBLISHER,
        },
        "recordId": own_id,
        "recordStatus": "new",
        "recordType": kind,
    }  # fmt: skip


def entity_record(seed: int, company: Company) -> Record:
    """The registry's entity statement, name in native script."""
    own = record_id(seed, company.entity_id)
    record = _envelope(seed, company.entity_id, own, own, "entity", company.founded.isoformat())
    details: Record = {
        "isComponent": False,
        "entityType": {"type": "registeredEntity"},
        "name": company.name.registry,
        "jurisdiction": _country(company.country),
        "identifiers": [{"scheme": f"{company.country}-REG", "id": company.registration}],
        "foundingDate": company.founded.isoformat(),
        "addresses": [
            {
                "type": "registered",
                "address": company.address[0],
                "country": _country(company.country),
            }
        ],
    }
    if company.name.registry != company.name.latin and int(own, 16) % 2 == 0:
        details["alternateNames"] = [company.name.latin]
    record["recordDetails"] = details
    return record


def person_record(seed: int, person: Person, subject: str) -> Record:
    """The registry's person statement with native and transliterated names."""
    own = record_id(seed, person.entity_id)
    record = _envelope(seed, person.entity_id, subject, own, "person", END_DATE.isoformat())
    name = person.name
    names: list[Record] = [
        {"type": "legal", "fullName": name.full, "givenName": name.given, "familyName": name.family}
    ]
    if LANGUAGES[COUNTRY_BY_CODE[person.country].language].script != "latin":
        names.append({"type": "transliteration", "fullName": name.full_latin})
    record["recordDetails"] = {
        "isComponent": False,
        "personType": "knownPerson",
        "names": names,
        "nationalities": [_country(person.country)],
        "birthDate": person.birth.strftime("%Y-%m"),
        "addresses": [
            {"type": "residence", "address": person.address[0], "country": _country(person.country)}
        ],
    }
    return record


def _share(value: float, exact: bool) -> Record:
    if exact:
        return {"exact": value}
    for low, high in ((0, 25), (25, 50), (50, 75)):
        if value < high:
            return {
                "minimum": low,
                "maximum": high,
                "exclusiveMinimum": False,
                "exclusiveMaximum": True,
            }
    return {"minimum": 75, "maximum": 100, "exclusiveMinimum": False, "exclusiveMaximum": False}


def holding_record(seed: int, holding: Holding, index: int) -> Record:
    """A shareholding and voting-rights relationship statement."""
    subject = record_id(seed, holding.subject_id)
    own = record_id(seed, f"H{index}")
    record = _envelope(seed, f"H{index}", subject, own, "relationship", holding.start.isoformat())
    share = _share(holding.share, exact=index % 3 != 0)
    beneficial = holding.owner_id.startswith("P") and holding.share >= 25
    record["recordDetails"] = {
        "isComponent": False,
        "subject": subject,
        "interestedParty": record_id(seed, holding.owner_id),
        "interests": [
            {"type": kind, "directOrIndirect": "direct", "beneficialOwnershipOrControl": beneficial,
             "share": share, "startDate": holding.start.isoformat()}
            for kind in ("shareholding", "votingRights")
        ],
    }  # fmt: skip
    return record


def director_record(seed: int, role: Role, index: int) -> Record:
    """A boardMember relationship statement for a director role."""
    subject = record_id(seed, role.counterpart_id)
    own = record_id(seed, f"R{index}")
    record = _envelope(seed, f"R{index}", subject, own, "relationship", role.start.isoformat())
    record["recordDetails"] = {
        "isComponent": False,
        "subject": subject,
        "interestedParty": record_id(seed, role.person_id),
        "interests": [
            {"type": "boardMember", "directOrIndirect": "direct",
             "beneficialOwnershipOrControl": False, "startDate": role.start.isoformat()}
        ],
    }  # fmt: skip
    return record


def registry_files(seed: int, population: Population) -> dict[str, list[Record]]:
    """BODS statements in files by registry region, as registries publish them.

    Like registries that publish a company extract and a separate register of persons with
    control, each region has a parties file (entities, persons) and a relationships file. The
    parties files come first: relationships may point at parties of any region.
    """
    regions = sorted(set(FILE_OF_GROUP.values()))
    parties: dict[str, list[Record]] = {f"{region}-parties": [] for region in regions}
    links: dict[str, list[Record]] = {f"{region}-relationships": [] for region in regions}
    first_subject: dict[str, str] = {}
    for holding in population.holdings:
        first_subject.setdefault(holding.owner_id, record_id(seed, holding.subject_id))
    for role in population.roles:
        if role.role != "family":
            first_subject.setdefault(role.person_id, record_id(seed, role.counterpart_id))
    for company in population.companies.values():
        parties[f"{_file_of(company.country)}-parties"].append(entity_record(seed, company))
    for person in population.persons.values():
        subject = first_subject.get(person.entity_id, record_id(seed, person.entity_id))
        parties[f"{_file_of(person.country)}-parties"].append(person_record(seed, person, subject))
    for index, holding in enumerate(population.holdings):
        country = population.companies[holding.subject_id].country
        links[f"{_file_of(country)}-relationships"].append(holding_record(seed, holding, index))
    for index, role in enumerate(population.roles):
        if role.role == "director":
            country = population.companies[role.counterpart_id].country
            links[f"{_file_of(country)}-relationships"].append(director_record(seed, role, index))
    return {**parties, **links}


def _file_of(country: str) -> str:
    return FILE_OF_GROUP[COUNTRY_BY_CODE[country].registry_group]
