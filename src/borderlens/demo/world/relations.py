"""Related parties in the sense of WTO Valuation Agreement Art. 15.4, planted and detected.

Letters used: a (officers or directors of one another's businesses, here a shared director),
d (a common owner of 5% or more of both), e (one controls the other), f (both controlled by a
third party) and h (members of the same family own or direct them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from borderlens.demo.world.population import Population

CONTROL_SHARE = 50.0
RELATED_SHARE = 5.0
PLANTED_KINDS = ("common_owner", "control", "family", "shared_director")


@dataclass(frozen=True)
class RelatedPair:
    """A truly related importer/seller pair with its Art. 15.4 letters and why."""

    importer_id: str
    seller_id: str
    relation: str
    evidence: str


def plant_relation(population: Population, importer_id: str, seller_id: str, kind: str) -> None:
    """Tie `importer_id` and `seller_id` through the ownership graph in the way named by `kind`."""
    rng = population.rng
    importer = population.companies[importer_id]
    if kind == "common_owner":
        owner = population.add_person(importer.country)
        population.add_holding(owner.entity_id, importer_id, float(rng.uniform(20, 45)))
        population.add_holding(owner.entity_id, seller_id, float(rng.uniform(8, 40)))
    elif kind == "control":
        population.add_holding(seller_id, importer_id, float(rng.uniform(51, 90)))
    elif kind == "family":
        first = population.add_person(importer.country)
        second = population.add_person(population.companies[seller_id].country)
        population.add_holding(first.entity_id, importer_id, float(rng.uniform(55, 100)))
        population.add_holding(second.entity_id, seller_id, float(rng.uniform(55, 100)))
        population.add_family(
            first.entity_id, second.entity_id, ("spouse", "sibling")[int(rng.integers(2))]
        )
    else:
        director = population.add_person(importer.country)
        population.add_role(director.entity_id, "director", importer_id, "director")
        population.add_role(director.entity_id, "director", seller_id, "board member")


class OwnershipIndex:
    """Owners, controllers, directors and family ties, indexed for related-party tests."""

    def __init__(self, population: Population) -> None:
        self.owners: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for holding in population.holdings:
            self.owners[holding.subject_id].append((holding.owner_id, holding.share))
        self.directors: dict[str, set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)
        for role in population.roles:
            if role.role == "director":
                self.directors[role.counterpart_id].add(role.person_id)
            elif role.role == "family":
                self.family[role.person_id].add(role.counterpart_id)
        self._effective: dict[str, dict[str, float]] = {}

    def effective_owners(self, company_id: str) -> dict[str, float]:
        """Every direct or indirect owner with its share (products of shares along paths)."""
        if company_id not in self._effective:
            found: dict[str, float] = defaultdict(float)
            self._walk_up(company_id, 100.0, {company_id}, found, depth=0)
            self._effective[company_id] = dict(found)
        return self._effective[company_id]

    def _walk_up(
        self, node: str, share: float, path: set[str], found: dict[str, float], depth: int
    ) -> None:
        if depth > 10:
            return
        for owner, direct in self.owners.get(node, ()):
            if owner in path:
                continue
            through = share * direct / 100.0
            found[owner] = min(100.0, found[owner] + through)
            self._walk_up(owner, through, path | {owner}, found, depth + 1)

    def controllers(self, company_id: str) -> set[str]:
        """Parties reachable upwards through links of more than 50%."""
        result: set[str] = set()
        frontier = [company_id]
        while frontier:
            node = frontier.pop()
            for owner, direct in self.owners.get(node, ()):
                if direct > CONTROL_SHARE and owner not in result and owner != company_id:
                    result.add(owner)
                    frontier.append(owner)
        return result

    def relation(self, importer_id: str, seller_id: str) -> tuple[str, str]:
        """Art. 15.4 letters relating the pair ('' when unrelated) and a short evidence text."""
        findings: dict[str, str] = {}
        shared = sorted(self.directors[importer_id] & self.directors[seller_id])
        if shared:
            findings["a"] = f"{shared[0]} directs both"
        owners_i, owners_s = self.effective_owners(importer_id), self.effective_owners(seller_id)
        common = sorted(
            owner
            for owner in owners_i.keys() & owners_s.keys()
            if owners_i[owner] >= RELATED_SHARE and owners_s[owner] >= RELATED_SHARE
        )
        if common:
            owner = common[0]
            findings["d"] = f"{owner} holds {owners_i[owner]:.0f}% and {owners_s[owner]:.0f}%"
        controllers_i, controllers_s = self.controllers(importer_id), self.controllers(seller_id)
        if seller_id in controllers_i or importer_id in controllers_s:
            findings["e"] = "one controls the other"
        if controllers_i & controllers_s:
            findings["f"] = f"both controlled by {sorted(controllers_i & controllers_s)[0]}"
        family_note = self._family_link(importer_id, seller_id)
        if family_note:
            findings["h"] = family_note
        letters = ",".join(sorted(findings))
        return letters, "; ".join(findings[letter] for letter in sorted(findings))

    def _family_link(self, importer_id: str, seller_id: str) -> str:
        def people(company_id: str) -> set[str]:
            owners = self.effective_owners(company_id)
            holders = {
                o for o, share in owners.items() if o.startswith("P") and share >= RELATED_SHARE
            }
            return holders | self.directors[company_id]

        side_s = people(seller_id)
        for person in sorted(people(importer_id)):
            relatives = sorted((self.family[person] & side_s) - {person})
            if relatives:
                return f"{person} and {relatives[0]} are family"
        return ""


def find_related_pairs(
    population: Population, trading_pairs: list[tuple[str, str]]
) -> list[RelatedPair]:
    """Every trading importer/seller pair that is related, with letters and evidence."""
    index = OwnershipIndex(population)
    related = []
    for importer_id, seller_id in trading_pairs:
        letters, evidence = index.relation(importer_id, seller_id)
        if letters:
            related.append(RelatedPair(importer_id, seller_id, letters, evidence))
    return related
