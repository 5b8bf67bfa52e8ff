"""Related persons in the sense of the WTO Customs Valuation Agreement, Art. 15.4.

Two parties are related if (a) they are officers or directors of one another's businesses,
(b) they are legally recognized partners in business, (c) one employs the other, (d) any
person owns, controls or holds 5% or more of the voting stock or shares of both, (e) one
directly or indirectly controls the other, (f) both are directly or indirectly controlled by
a third person, (g) together they directly or indirectly control a third person, or (h) they
are members of the same family. Each finding carries the records and shares behind it.

How the letters are read between two businesses: (a) a person who is an officer or director
of both (or one party directing the other); (b) one party is a partner of the other, or both
are partners in one business; (c) one party is an employee of the other; (h) a person behind
one (the party itself, a 5% owner, an officer or a controller) is family of a person behind
the other.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from borderlens.network.control import ControlReach
from borderlens.network.effective import EffectiveOwnership
from borderlens.network.graph import OwnershipGraph
from borderlens.network.sparse import lookup, pair_key

RELATED_SHARE = 0.05
"""Art. 15.4(d): 5% or more of the voting stock or shares."""
CONTROL_SHARE = 0.5
"""More than half: control."""

Finding = dict[str, Any]


@dataclass
class Ties:
    """Person-to-business and family ties in force, by node."""

    officers: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    partners: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    partner_in: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    employees: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    family: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def from_table(cls, graph: OwnershipGraph, table: pa.Table) -> Ties:
        """Index the staged ``_net_tie`` rows (person_node, tie, counterpart_node, ...)."""
        ties = cls()
        index = graph.index
        for row in table.to_pylist():
            person, other = index.get(row["person_node"]), index.get(row["counterpart_node"])
            if person is None or other is None or person == other:
                continue
            note = f"{row['detail']} [{row['record']}]"
            if row["tie"] == "officer":
                ties.officers[other][person] = note
            elif row["tie"] == "partner":
                ties.partners[other][person] = note
                ties.partner_in[person][other] = note
            elif row["tie"] == "employee":
                ties.employees[other][person] = note
            elif row["tie"] == "family":
                ties.family[person][other] = note
                ties.family[other].setdefault(person, note)
        return ties


class RelatedPartyTests:
    """The Art. 15.4 tests between two nodes, with evidence."""

    def __init__(
        self,
        graph: OwnershipGraph,
        effective: EffectiveOwnership,
        reach: ControlReach,
        ties: Ties,
    ) -> None:
        self.graph, self.effective, self.reach, self.ties = graph, effective, reach, ties
        rows = effective.entries
        self._by_owned = np.lexsort((rows.row, rows.col))
        self._owned_sorted = rows.col[self._by_owned]
        self._owner_sorted = rows.row
        ctl = reach.entries
        self._ctl_by_controlled = np.lexsort((ctl.row, ctl.col))
        self._controlled_sorted = ctl.col[self._ctl_by_controlled]
        keys = pair_key(graph.owner, graph.owned, graph.nodes)
        self._edge_order = np.argsort(keys)
        self._edge_keys = keys[self._edge_order]

    def owners(self, node: int) -> dict[int, float]:
        """Effective owners of ``node`` (itself excluded) with their shares."""
        lo, hi = np.searchsorted(self._owned_sorted, [node, node + 1])
        at = self._by_owned[lo:hi]
        rows = self.effective.entries
        return {
            int(o): float(v)
            for o, v in zip(rows.row[at], rows.value[at], strict=False)
            if o != node
        }

    def holdings(self, node: int) -> dict[int, float]:
        """What ``node`` holds, directly or not, with effective shares."""
        lo, hi = np.searchsorted(self._owner_sorted, [node, node + 1])
        rows = self.effective.entries
        return {
            int(c): float(v)
            for c, v in zip(rows.col[lo:hi], rows.value[lo:hi], strict=False)
            if c != node
        }

    def controllers(self, node: int) -> dict[int, int]:
        """Who controls ``node`` directly or not, with the length of the chain."""
        lo, hi = np.searchsorted(self._controlled_sorted, [node, node + 1])
        at = self._ctl_by_controlled[lo:hi]
        ctl = self.reach.entries
        return {
            int(c): int(v) for c, v in zip(ctl.row[at], ctl.value[at], strict=False) if c != node
        }

    def name(self, node: int) -> str:
        """The node's id (the name is in the profile)."""
        return str(self.graph.ids[node])

    def records(self, chain: list[int]) -> list[str]:
        """BODS relationship ids of the edges along a chain."""
        found: list[str] = []
        for upper, lower in itertools.pairwise(chain):
            position = lookup(
                self._edge_keys, pair_key(np.array([upper]), np.array([lower]), self.graph.nodes)
            )[0]
            if position >= 0:
                text = self.graph.relationships[self._edge_order[position]]
                found.extend(str(text).split(",") if text else [])
        return found

    def ownership_chain(self, owner: int, owned: int) -> dict[str, Any]:
        """The strongest ownership path and its records."""
        chain = self.effective.chain(owner, owned)
        return {"path": [self.name(n) for n in chain], "records": self.records(chain)}

    def control_chain(self, controller: int, controlled: int) -> dict[str, Any]:
        """The shortest control chain, with why each link gives control."""
        chain = self.reach.chain(controller, controlled)
        bases = [
            self.reach.direct_basis.get((upper, lower), "")
            for upper, lower in itertools.pairwise(chain)
        ]
        return {
            "path": [self.name(n) for n in chain], "basis": bases, "records": self.records(chain)
        }  # fmt: skip

    def relate(self, first: int, second: int) -> list[Finding]:
        """Every Art. 15.4 test that relates ``first`` and ``second``, in letter order."""
        findings = [
            self._officers(first, second),
            self._partners(first, second),
            self._employment(first, second),
            self._common_owner(first, second),
        ]
        ctl_first, ctl_second = self.controllers(first), self.controllers(second)
        findings += [
            self._one_controls(first, second, ctl_first, ctl_second),
            self._third_controls(first, second, ctl_first, ctl_second),
            self._control_together(first, second),
            self._family(first, second, ctl_first, ctl_second),
        ]
        return [finding for finding in findings if finding]

    def _officers(self, first: int, second: int) -> Finding:
        officers = self.ties.officers
        shared = sorted(set(officers.get(first, {})) & set(officers.get(second, {})))
        if shared:
            person = shared[0]
            return {
                "test": "a", "text": f"{self.name(person)} is an officer or director of both",
                "person": self.name(person),
                "roles": [officers[first][person], officers[second][person]],
                "others": [self.name(p) for p in shared[1:]],
            }  # fmt: skip
        for officer, business in ((first, second), (second, first)):
            if officer in officers.get(business, {}):
                return {
                    "test": "a", "text": f"{self.name(officer)} directs {self.name(business)}",
                    "roles": [officers[business][officer]],
                }  # fmt: skip
        return {}

    def _partners(self, first: int, second: int) -> Finding:
        partners, partner_in = self.ties.partners, self.ties.partner_in
        for partner, business in ((first, second), (second, first)):
            if partner in partners.get(business, {}):
                return {
                    "test": "b", "text": f"{self.name(partner)} is a partner in "
                    f"{self.name(business)}", "roles": [partners[business][partner]],
                }  # fmt: skip
        common = sorted(set(partner_in.get(first, {})) & set(partner_in.get(second, {})))
        if common:
            business = common[0]
            return {
                "test": "b", "text": f"both are partners in {self.name(business)}",
                "roles": [partner_in[first][business], partner_in[second][business]],
            }  # fmt: skip
        return {}

    def _employment(self, first: int, second: int) -> Finding:
        employees = self.ties.employees
        for employee, employer in ((first, second), (second, first)):
            if employee in employees.get(employer, {}):
                return {
                    "test": "c", "text": f"{self.name(employer)} employs {self.name(employee)}",
                    "roles": [employees[employer][employee]],
                }  # fmt: skip
        return {}

    def _common_owner(self, first: int, second: int) -> Finding:
        of_first, of_second = self.owners(first), self.owners(second)
        common = [
            owner
            for owner in of_first.keys() & of_second.keys()
            if owner not in (first, second)
            and min(of_first[owner], of_second[owner]) >= RELATED_SHARE - 1e-12
        ]
        if not common:
            return {}
        owner = max(common, key=lambda o: (min(of_first[o], of_second[o]), -o))
        share_a, share_b = of_first[owner] * 100, of_second[owner] * 100
        return {
            "test": "d",
            "text": f"{self.name(owner)} holds {share_a:.1f}% and {share_b:.1f}%",
            "owner": self.name(owner), "shares": [round(share_a, 4), round(share_b, 4)],
            "chains": [self.ownership_chain(owner, first), self.ownership_chain(owner, second)],
            "others": len(common) - 1,
        }  # fmt: skip

    def _one_controls(
        self, first: int, second: int, ctl_first: dict[int, int], ctl_second: dict[int, int]
    ) -> Finding:
        for controller, controlled, found in (
            (second, first, ctl_first),
            (first, second, ctl_second),
        ):
            if controller in found:
                return {
                    "test": "e",
                    "text": f"{self.name(controller)} controls {self.name(controlled)}",
                    "chain": self.control_chain(controller, controlled),
                }  # fmt: skip
        return {}

    def _third_controls(
        self, first: int, second: int, ctl_first: dict[int, int], ctl_second: dict[int, int]
    ) -> Finding:
        common = (ctl_first.keys() & ctl_second.keys()) - {first, second}
        if not common:
            return {}
        third = min(common, key=lambda c: (ctl_first[c] + ctl_second[c], c))
        return {
            "test": "f", "text": f"both controlled by {self.name(third)}",
            "controller": self.name(third),
            "chains": [self.control_chain(third, first), self.control_chain(third, second)],
        }  # fmt: skip

    def _control_together(self, first: int, second: int) -> Finding:
        held_first, held_second = self.holdings(first), self.holdings(second)
        for target in sorted(held_first.keys() & held_second.keys()):
            a, b = held_first[target], held_second[target]
            if target in (first, second) or max(a, b) > CONTROL_SHARE or a + b <= CONTROL_SHARE:
                continue
            return {
                "test": "g",
                "text": f"together they hold {100 * (a + b):.1f}% of {self.name(target)}",
                "controlled": self.name(target), "shares": [round(100 * a, 4), round(100 * b, 4)],
                "chains": [self.ownership_chain(first, target),
                           self.ownership_chain(second, target)],
            }  # fmt: skip
        return {}

    def people_behind(self, node: int, controllers: dict[int, int]) -> dict[int, str]:
        """Natural persons behind a party: itself, 5% owners, officers, controllers."""
        person = self.graph.is_person
        found: dict[int, str] = {}
        if person[node]:
            found[node] = "the party itself"
        for officer in self.ties.officers.get(node, {}):
            found.setdefault(officer, "officer or director")
        for owner, share in self.owners(node).items():
            if person[owner] and share >= RELATED_SHARE - 1e-12:
                found.setdefault(owner, f"owns {100 * share:.1f}%")
        for controller in controllers:
            if person[controller]:
                found.setdefault(controller, "controls it")
        return found

    def _family(
        self, first: int, second: int, ctl_first: dict[int, int], ctl_second: dict[int, int]
    ) -> Finding:
        side_a = self.people_behind(first, ctl_first)
        side_b = self.people_behind(second, ctl_second)
        for person in sorted(side_a):
            relatives = sorted(set(self.ties.family.get(person, {})) & set(side_b) - {person})
            if relatives:
                relative = relatives[0]
                return {
                    "test": "h",
                    "text": f"{self.name(person)} and {self.name(relative)} are family",
                    "persons": [self.name(person), self.name(relative)],
                    "tie": self.ties.family[person][relative],
                    "how": [side_a[person], side_b[relative]],
                }  # fmt: skip
        return {}


def related_party_table(tests: RelatedPartyTests, pairs: pa.Table, model_version: str) -> pa.Table:
    """``related_party``: the trading pairs (importer side first) that some test relates."""
    index = tests.graph.index
    rows: dict[str, list[Any]] = defaultdict(list)
    for first_id, second_id in zip(
        pairs.column(0).to_pylist(), pairs.column(1).to_pylist(), strict=True
    ):
        first, second = index.get(first_id), index.get(second_id)
        if first is None or second is None or first == second:
            continue
        findings = tests.relate(first, second)
        if not findings:
            continue
        rows["entity_a"].append(first_id)
        rows["entity_b"].append(second_id)
        rows["tests"].append(",".join(f["test"] for f in findings))
        rows["summary"].append("; ".join(f"({f['test']}) {f['text']}" for f in findings))
        rows["evidence"].append(json.dumps(findings, ensure_ascii=False))
    names = ("entity_a", "entity_b", "tests", "summary", "evidence")
    table = pa.table({name: pa.array(rows[name], pa.string()) for name in names})
    return table.append_column(
        "model_version", pa.array([model_version] * table.num_rows, pa.string())
    )
