"""Beneficial Ownership Data Standard 0.4 statements for every company, person and link."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import numpy as np
import pycountry

from borderlens.demo.world.countries import COUNTRY_BY_CODE
from borderlens.demo.world.languages import LANGUAGES
from borderlens.demo.world.names import fold_diacritics, make_typo
from borderlens.demo.world.population import Company, Holding, Person, Population, Role
from borderlens.demo.world.scripts import transliterate
from borderlens.demo.world.sizes import END_DATE

Record = dict[str, Any]
FILE_OF_GROUP = {
    "caucasus": "caucasus-cis", "cis": "caucasus-cis", "europe": "europe", "asia": "asia-mena",
    "mena": "asia-mena", "americas": "americas-offshore", "offshore": "americas-offshore",
}  # fmt: skip


def record_id(seed: int, entity_id: str, region: str | None = None) -> str:
    """Stable 12-hex-digit BODS recordId of a true entity (in a region's register, for a
    person listed by the registers of several regions)."""
    key = entity_id if region is None else f"{entity_id}@{region}"
    return hashlib.sha256(f"{seed}:record:{key}".encode()).hexdigest()[:12]


def _statement_id(seed: int, key: str) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(f"{seed}:statement:{key}".encode()).digest()[:16]))


def _country(code: str) -> dict[str, str]:
    found = pycountry.countries.get(alpha_2=code)
    return {"name": found.name if found else code, "code": code}


def _publisher(region: str) -> dict[str, str]:
    return {"name": f"BorderLens demo world registry, {region}"}


def _envelope(
    seed: int, key: str, subject: str, own_id: str, kind: str, date: str, region: str
) -> Record:
    return {
        "statementId": _statement_id(seed, key),
        "declarationSubject": subject,
        "statementDate": date,
        "publicationDetails": {
            "publicationDate": END_DATE.isoformat(), "bodsVersion": "0.4",
            "publisher": _publisher(region),
        },
        "recordId": own_id,
        "recordStatus": "new",
        "recordType": kind,
    }  # fmt: skip


def entity_record(seed: int, company: Company) -> Record:
    """The registry's entity statement, name in native script."""
    own = record_id(seed, company.entity_id)
    record = _envelope(
        seed, company.entity_id, own, own, "entity", company.founded.isoformat(),
        _file_of(company.country),
    )  # fmt: skip
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
    record = _envelope(
        seed, person.entity_id, subject, own, "person", END_DATE.isoformat(),
        _file_of(person.country),
    )  # fmt: skip
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


def foreign_person_record(seed: int, person: Person, region: str, subject: str) -> Record:
    """How the register of another region lists a person who owns or directs a company there.

    A register of persons with control lists each person again for its own companies, written
    the way its clerks write foreign names: Latin letters in another transliteration, diacritics
    dropped now and then, the odd typo, the address often left out. Month and year of birth
    are there: registers of persons with control require them.
    """
    own = record_id(seed, person.entity_id, region)
    rng = np.random.default_rng(int(own, 16))
    record = _envelope(
        seed, f"{person.entity_id}@{region}", subject, own, "person", END_DATE.isoformat(), region
    )
    script = LANGUAGES[COUNTRY_BY_CODE[person.country].language].script
    if script == "latin":
        given, family = person.name.given_latin, person.name.family_latin
        if rng.random() < 0.5:
            given, family = fold_diacritics(given), fold_diacritics(family)
    else:
        system = 1 + int(rng.integers(2))
        given = transliterate(person.name.given, script, system)
        family = transliterate(person.name.family, script, system)
    if rng.random() < 0.15:
        family = make_typo(family, rng)
    full = (
        f"{family} {given}"
        if person.name.family_first and rng.random() < 0.5
        else (f"{given} {family}")
    )
    details: Record = {
        "isComponent": False,
        "personType": "knownPerson",
        "names": [{"type": "legal", "fullName": full, "givenName": given, "familyName": family}],
        "nationalities": [_country(person.country)],
    }
    details["birthDate"] = person.birth.strftime("%Y-%m")  # registers require it
    if rng.random() < 0.6:
        details["addresses"] = [
            {"type": "residence", "address": person.address[1], "country": _country(person.country)}
        ]
    record["recordDetails"] = details
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


class _Listings:
    """Which register lists which party: companies in their region's, persons in their home
    region's and in that of every company they own or direct."""

    def __init__(self, seed: int, population: Population) -> None:
        self.seed = seed
        self.population = population
        # (person id, foreign region) -> record id of the first company listed with it there.
        self.foreign: dict[tuple[str, str], str] = {}
        links = [(h.owner_id, h.subject_id) for h in population.holdings]
        links += [(r.person_id, r.counterpart_id) for r in population.roles if r.role == "director"]
        for party_id, company_id in links:
            region = self.region_of(company_id)
            person = population.persons.get(party_id)
            if person is not None and _file_of(person.country) != region:
                self.foreign.setdefault((party_id, region), record_id(seed, company_id))

    def region_of(self, company_id: str) -> str:
        return _file_of(self.population.companies[company_id].country)

    def party_id(self, party_id: str, region: str) -> str:
        """The record id under which the register of `region` knows the party."""
        if (party_id, region) in self.foreign:
            return record_id(self.seed, party_id, region)
        return record_id(self.seed, party_id)


def holding_record(seed: int, holding: Holding, index: int, owner: str, region: str) -> Record:
    """A shareholding and voting-rights relationship statement; `owner` is the record id."""
    subject = record_id(seed, holding.subject_id)
    own = record_id(seed, f"H{index}")
    record = _envelope(
        seed, f"H{index}", subject, own, "relationship", holding.start.isoformat(), region
    )
    share = _share(holding.share, exact=index % 3 != 0)
    beneficial = holding.owner_id.startswith("P") and holding.share >= 25
    record["recordDetails"] = {
        "isComponent": False,
        "subject": subject,
        "interestedParty": owner,
        "interests": [
            {"type": kind, "directOrIndirect": "direct", "beneficialOwnershipOrControl": beneficial,
             "share": share, "startDate": holding.start.isoformat()}
            for kind in ("shareholding", "votingRights")
        ],
    }  # fmt: skip
    return record


def director_record(seed: int, role: Role, index: int, person: str, region: str) -> Record:
    """A boardMember relationship statement for a director role; `person` is the record id."""
    subject = record_id(seed, role.counterpart_id)
    own = record_id(seed, f"R{index}")
    record = _envelope(
        seed, f"R{index}", subject, own, "relationship", role.start.isoformat(), region
    )
    record["recordDetails"] = {
        "isComponent": False,
        "subject": subject,
        "interestedParty": person,
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
    parties files come first: relationships may point at parties of any region. A person who
    owns or directs companies abroad is listed again by each foreign region's register, under
    its own record id (`foreign_person_records`).
    """
    regions = sorted(set(FILE_OF_GROUP.values()))
    parties: dict[str, list[Record]] = {f"{region}-parties": [] for region in regions}
    links: dict[str, list[Record]] = {f"{region}-relationships": [] for region in regions}
    listings = _Listings(seed, population)
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
    for (person_id, region), subject in listings.foreign.items():
        person = population.persons[person_id]
        parties[f"{region}-parties"].append(foreign_person_record(seed, person, region, subject))
    for index, holding in enumerate(population.holdings):
        region = listings.region_of(holding.subject_id)
        owner = listings.party_id(holding.owner_id, region)
        links[f"{region}-relationships"].append(holding_record(seed, holding, index, owner, region))
    for index, role in enumerate(population.roles):
        if role.role == "director":
            region = listings.region_of(role.counterpart_id)
            director = listings.party_id(role.person_id, region)
            links[f"{region}-relationships"].append(
                director_record(seed, role, index, director, region)
            )
    return {**parties, **links}


def foreign_person_records(seed: int, population: Population) -> list[tuple[str, str]]:
    """(record id, true person id) of every person's listing in a foreign region's register."""
    listings = _Listings(seed, population)
    return [
        (record_id(seed, person_id, region), person_id) for person_id, region in listings.foreign
    ]


def _file_of(country: str) -> str:
    return FILE_OF_GROUP[COUNTRY_BY_CODE[country].registry_group]
