"""Ownership structures: plain owners, small groups, one large cross-border structure, cycles."""

from __future__ import annotations

import numpy as np

from borderlens.demo.world.countries import HOLDING_COUNTRIES, IMPORTING_COUNTRY, TRADING_COUNTRIES
from borderlens.demo.world.population import Company, Population

BIG_STRUCTURE_HOLDINGS = ("CY", "NL", "LU", "MT", "AE", "HK")
BIG_STRUCTURE_COUNTRIES = (
    "GE", "TR", "CN", "DE", "IT", "RU", "UA", "KZ", "AE", "GR", "FR", "GB", "PL", "IN",
    "VN", "BY", "EG", "JO", "SA", "TW", "AM", "AZ", "BG", "NL", "US", "ES",
)  # fmt: skip
FAMILY_TIES = ("spouse", "sibling", "parent", "child")


def add_plain_owners(population: Population, company: Company) -> None:
    """Give the unowned part of `company` to 1-3 persons of its country; the largest directs it."""
    free = population.free_share(company.entity_id)
    if free < 0.5:
        _add_director_if_missing(population, company)
        return
    rng = population.rng
    count = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
    weights = rng.dirichlet(np.full(count, 2.0)) * free
    owners = [population.add_person(company.country) for _ in range(count)]
    for owner, share in zip(owners, sorted(weights, reverse=True), strict=True):
        population.add_holding(owner.entity_id, company.entity_id, float(share))
    population.add_role(owners[0].entity_id, "director", company.entity_id, "general director")
    if count > 1 and rng.random() < 0.35:
        population.add_family(owners[0].entity_id, owners[1].entity_id, _tie(rng))
    if rng.random() < 0.3:
        employee = population.add_person(company.country)
        population.add_role(employee.entity_id, _staff_role(rng), company.entity_id, "")


def _add_director_if_missing(population: Population, company: Company) -> None:
    director = population.add_person(company.country)
    population.add_role(director.entity_id, "director", company.entity_id, "managing director")


def _tie(rng: np.random.Generator) -> str:
    return FAMILY_TIES[int(rng.integers(len(FAMILY_TIES)))]


def _staff_role(rng: np.random.Generator) -> str:
    return ("officer", "employee", "partner")[int(rng.integers(3))]


def add_small_group(population: Population, importers: int, sellers: int) -> list[Company]:
    """A holding with a few subsidiaries, sometimes with a circular holding; returns members."""
    rng = population.rng
    holding_country = HOLDING_COUNTRIES[int(rng.integers(len(HOLDING_COUNTRIES)))]
    holding = population.add_company(holding_country, "holding")
    members = [population.add_company(IMPORTING_COUNTRY, "importer") for _ in range(importers)]
    members += [population.add_company(_trading_country(rng), "seller") for _ in range(sellers)]
    cyclic = len(members) >= 2 and rng.random() < 0.3
    if cyclic:
        population.add_holding(members[1].entity_id, holding.entity_id, 10.0)
        population.add_holding(members[0].entity_id, members[1].entity_id, 40.0)
    for member in members:
        population.add_holding(holding.entity_id, member.entity_id, float(rng.uniform(51, 100)))
    _add_family_owners(population, holding, holding_country)
    director = population.directors_of(holding.entity_id)[0]
    for member in members[: int(rng.integers(1, 3))]:
        population.add_role(director, "director", member.entity_id, "board member")
    return [holding, *members]


def _trading_country(rng: np.random.Generator) -> str:
    return TRADING_COUNTRIES[int(rng.integers(len(TRADING_COUNTRIES)))]


def _add_family_owners(population: Population, company: Company, country: str) -> None:
    """Owners of a group's top company: a founder and family members."""
    rng = population.rng
    nationality = country if country not in HOLDING_COUNTRIES else _trading_country(rng)
    founder = population.add_person(nationality)
    relatives = [population.add_person(nationality) for _ in range(int(rng.integers(0, 3)))]
    free = population.free_share(company.entity_id)
    shares = rng.dirichlet(np.full(len(relatives) + 1, 1.5)) * free
    population.add_holding(founder.entity_id, company.entity_id, float(max(shares)))
    for relative, share in zip(relatives, sorted(shares)[:-1], strict=True):
        population.add_holding(relative.entity_id, company.entity_id, float(share))
        population.add_family(founder.entity_id, relative.entity_id, _tie(rng))
    population.add_role(founder.entity_id, "director", company.entity_id, "chairman")


def add_big_structure(population: Population) -> list[Company]:
    """One structure over 26 countries: about 165 companies and over 50 individual owners."""
    rng = population.rng
    top = population.add_company("VG", "holding")
    subholdings = [population.add_company(code, "holding") for code in BIG_STRUCTURE_HOLDINGS]
    regional = [population.add_company(code, "holding") for code in BIG_STRUCTURE_COUNTRIES]
    regional += [population.add_company(_country(rng), "holding") for _ in range(22)]
    operating = [population.add_company(IMPORTING_COUNTRY, "importer") for _ in range(8)]
    operating += [population.add_company(_foreign(rng), "seller") for _ in range(102)]
    _add_minority_shareholders(population, regional + operating, count=56)
    cycle_closer = operating[len(regional)]  # its parent chain leads to subholdings[0]
    population.add_holding(cycle_closer.entity_id, subholdings[0].entity_id, 10.0)
    for sub in subholdings:
        population.add_holding(top.entity_id, sub.entity_id, 100.0)
    for index, company in enumerate(regional):
        parent = subholdings[index % len(subholdings)]
        population.add_holding(parent.entity_id, company.entity_id, 100.0)
    for index, company in enumerate(operating):
        parent = regional[index % len(regional)]
        population.add_holding(parent.entity_id, company.entity_id, 100.0)
    _add_family_owners(population, top, "RU")
    _add_structure_directors(population, [top, *subholdings, *regional, *operating])
    return [top, *subholdings, *regional, *operating]


def _country(rng: np.random.Generator) -> str:
    return BIG_STRUCTURE_COUNTRIES[int(rng.integers(len(BIG_STRUCTURE_COUNTRIES)))]


def _foreign(rng: np.random.Generator) -> str:
    return BIG_STRUCTURE_COUNTRIES[int(rng.integers(1, len(BIG_STRUCTURE_COUNTRIES)))]


def _add_minority_shareholders(
    population: Population, companies: list[Company], count: int
) -> None:
    rng = population.rng
    for _ in range(count):
        company = companies[int(rng.integers(len(companies)))]
        investor = population.add_person(company.country)
        population.add_holding(investor.entity_id, company.entity_id, float(rng.uniform(5, 24)))


def _add_structure_directors(population: Population, companies: list[Company]) -> None:
    """A pool of professional directors sits on many boards of the structure."""
    rng = population.rng
    pool = [population.add_person(_country(rng)) for _ in range(14)]
    for company in companies:
        for index in rng.choice(len(pool), size=int(rng.integers(1, 3)), replace=False):
            population.add_role(pool[int(index)].entity_id, "director", company.entity_id, "board")
