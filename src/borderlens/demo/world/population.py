"""The true companies, people, holdings and roles of the demo world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from borderlens.demo.world.countries import COUNTRY_BY_CODE
from borderlens.demo.world.names import (
    CompanyName,
    PersonName,
    address_variants,
    make_address,
    make_company_name,
    make_person_name,
)
from borderlens.demo.world.sizes import END_DATE


@dataclass(frozen=True)
class Company:
    """A true company; `kind` is importer, seller, broker or holding."""

    entity_id: str
    country: str
    kind: str
    name: CompanyName
    address: tuple[str, str]
    address_variants: tuple[str, ...]
    founded: dt.date
    registration: str


@dataclass(frozen=True)
class Person:
    """A true natural person (only ever seen in the ownership registry)."""

    entity_id: str
    country: str
    name: PersonName
    birth: dt.date
    address: tuple[str, str]


@dataclass(frozen=True)
class Holding:
    """`owner_id` holds `share` percent of the shares and votes of `subject_id`."""

    owner_id: str
    subject_id: str
    share: float
    start: dt.date


@dataclass(frozen=True)
class Role:
    """A person's role towards a company (director, officer, employee, partner) or a family tie."""

    person_id: str
    role: str
    counterpart_id: str
    detail: str
    start: dt.date
    end: dt.date | None = None


@dataclass
class Population:
    """Everything true about the parties; builders append to it through its methods."""

    rng: np.random.Generator
    companies: dict[str, Company] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    holdings: list[Holding] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    owned_share: dict[str, float] = field(default_factory=dict)

    def add_company(self, country: str, kind: str) -> Company:
        """Create a company in `country` with a fresh name, address and registration."""
        serial = len(self.companies)
        profile = COUNTRY_BY_CODE[country]
        address = make_address(profile, self.rng)
        company = Company(
            entity_id=f"C{serial + 1:06d}",
            country=country,
            kind=kind,
            name=make_company_name(profile, self.rng),
            address=address,
            address_variants=address_variants(address[1], self.rng),
            founded=END_DATE - dt.timedelta(days=int(self.rng.integers(500, 12_000))),
            registration=str(200_000_000 + serial * 97 + int(self.rng.integers(97))),
        )
        self.companies[company.entity_id] = company
        return company

    def add_person(self, country: str, female: bool | None = None) -> Person:
        """Create a person of nationality `country`."""
        profile = COUNTRY_BY_CODE[country]
        is_female = bool(self.rng.random() < 0.35) if female is None else female
        born = dt.date(1950, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 17_500)))
        person = Person(
            entity_id=f"P{len(self.persons) + 1:06d}",
            country=country,
            name=make_person_name(profile, self.rng, is_female),
            birth=born,
            address=make_address(profile, self.rng),
        )
        self.persons[person.entity_id] = person
        return person

    def free_share(self, subject_id: str) -> float:
        """Percent of `subject_id` not yet held by anyone."""
        return 100.0 - self.owned_share.get(subject_id, 0.0)

    def add_holding(self, owner_id: str, subject_id: str, share: float) -> None:
        """Record that `owner_id` holds `share` percent of `subject_id`, capped at what is free."""
        share = round(min(share, self.free_share(subject_id)), 2)
        if share <= 0 or owner_id == subject_id:
            return
        subject = self.companies[subject_id]
        start = subject.founded + dt.timedelta(days=int(self.rng.integers(0, 900)))
        self.holdings.append(Holding(owner_id, subject_id, share, min(start, END_DATE)))
        self.owned_share[subject_id] = self.owned_share.get(subject_id, 0.0) + share

    def add_role(self, person_id: str, role: str, counterpart_id: str, detail: str = "") -> None:
        """Record a role of `person_id` towards a company or, for family, another person."""
        start = END_DATE - dt.timedelta(days=int(self.rng.integers(200, 6_000)))
        end = None
        if role in {"employee", "officer"} and self.rng.random() < 0.2:
            end = start + dt.timedelta(days=int(self.rng.integers(100, 180)))
        self.roles.append(Role(person_id, role, counterpart_id, detail, start, end))

    def add_family(self, first_id: str, second_id: str, tie: str) -> None:
        """Record a family tie in both directions (parent/child are mirrored)."""
        mirrored = {"parent": "child", "child": "parent"}.get(tie, tie)
        self.add_role(first_id, "family", second_id, tie)
        self.add_role(second_id, "family", first_id, mirrored)

    def directors_of(self, company_id: str) -> list[str]:
        """Person ids holding a director role at `company_id`."""
        return [
            r.person_id
            for r in self.roles
            if r.role == "director" and r.counterpart_id == company_id
        ]
