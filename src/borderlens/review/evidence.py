"""Related-party evidence for a case: which tests of the WTO Valuation Agreement (Art. 15.4)
relate the importer and the seller, in words an officer can read, and the entities and links
behind them that the ownership diagram highlights."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from borderlens.warehouse.store import Store

MEANINGS = {
    "a": "officers or directors of one another's businesses",
    "b": "legally recognized partners in business",
    "c": "employer and employee",
    "d": "a third person holds 5% or more of the shares or votes of both",
    "e": "one controls the other, directly or indirectly",
    "f": "both controlled by a third person",
    "g": "together they control a third business",
    "h": "members of the same family",
}
"""Art. 15.4 (a)-(h), as the officer reads them beside the diagram."""
_RECORD_NOTE = re.compile(r"\s*\[[^\]]*\]")


def plain(text: str) -> str:
    """A role or tie without its record reference (``director [role:ab>cd]`` -> director)."""
    return _RECORD_NOTE.sub("", text).strip()


@dataclass(frozen=True)
class EvidenceLink:
    source: str
    target: str
    label: str
    kind: str


@dataclass
class RelatedFinding:
    test: str
    meaning: str
    text: str


@dataclass
class Evidence:
    """Why importer and seller are related, and whether the declaration said so."""

    basis: str
    declared_related: bool | None
    tests: str
    summary: str
    findings: list[RelatedFinding]
    entities: list[str] = field(default_factory=list)
    links: list[EvidenceLink] = field(default_factory=list)
    model_version: str | None = None

    def name_entities(self, names: dict[str, str]) -> None:
        """Write names where the stored texts cite entity ids."""
        ordered = sorted(names.items(), key=lambda item: -len(item[0]))
        for finding in self.findings:
            finding.text = _named(finding.text, ordered)
        self.summary = _named(self.summary, ordered)


def _named(text: str, names: list[tuple[str, str]]) -> str:
    for entity_id, name in names:
        if name and name != entity_id:
            text = text.replace(entity_id, name)
    return text


def _chains(finding: dict[str, Any]) -> list[tuple[list[str], list[str]]]:
    """(path, basis per step) of each chain a finding cites."""
    chains = finding.get("chains") or ([finding["chain"]] if finding.get("chain") else [])
    found = []
    for chain in chains:
        if isinstance(chain, dict) and isinstance(chain.get("path"), list):
            basis = chain.get("basis")
            steps = basis if isinstance(basis, list) else []
            found.append(([str(step) for step in chain["path"]], [str(b) for b in steps]))
    return found


def _finding_links(finding: dict[str, Any], first: str, second: str) -> list[EvidenceLink]:
    test = str(finding.get("test", ""))
    kind = "control" if test in ("e", "f") else "ownership"
    links = []
    for path, basis in _chains(finding):
        for step, (owner, owned) in enumerate(itertools.pairwise(path)):
            links.append(EvidenceLink(owner, owned, basis[step] if step < len(basis) else "", kind))
    if links:
        return links
    if test == "a" and finding.get("person"):
        person = str(finding["person"])
        roles = [plain(str(role)) for role in finding.get("roles", [])] or ["officer"]
        return [
            EvidenceLink(person, party, roles[min(i, len(roles) - 1)], "officer")
            for i, party in enumerate((first, second))
            if person != party
        ]
    if test == "h" and len(finding.get("persons", [])) == 2:
        person, relative = (str(p) for p in finding["persons"])
        how = [str(h) for h in finding.get("how", [])] + ["", ""]
        links = [
            EvidenceLink(p, party, how[i], "tie")
            for i, (p, party) in enumerate(((person, first), (relative, second)))
            if p != party
        ]
        return [
            *links,
            EvidenceLink(person, relative, plain(str(finding.get("tie", ""))), "family"),
        ]
    return [EvidenceLink(first, second, f"({test}) {MEANINGS.get(test, 'related')}", "tie")]


def _evidence(row: dict[str, Any], first: str, second: str, basis: str) -> Evidence:
    try:
        parsed = json.loads(row["evidence"] or "[]")
    except ValueError:
        parsed = []
    findings = [f for f in parsed if isinstance(f, dict)] if isinstance(parsed, list) else []
    links = [link for f in findings for link in _finding_links(f, first, second)]
    named = [
        str(f[key]) for f in findings for key in ("person", "owner", "controller", "controlled")
        if f.get(key)
    ]  # fmt: skip
    entities = [first, second, *named]
    entities += [str(p) for f in findings for p in f.get("persons", [])]
    entities += [end for link in links for end in (link.source, link.target)]
    return Evidence(
        basis=basis,
        declared_related=row.get("declared_related"),
        tests=row["tests"] or "",
        summary=row["summary"] or "",
        findings=[
            RelatedFinding(
                str(f.get("test", "")),
                MEANINGS.get(str(f.get("test", "")), ""),
                str(f.get("text", "")),
            )
            for f in findings
        ],
        entities=list(dict.fromkeys(entities)),
        links=links,
        model_version=row.get("model_version"),
    )


def read_evidence(
    store: Store, declaration: dict[str, Any], importer: str | None, seller: str | None
) -> Evidence | None:
    """The related-party finding for this declaration item (``undeclared_relationship``),
    or else for its importer and seller (``related_party``); None when nothing relates them."""
    if store.table_exists("undeclared_relationship"):
        row = store.row(
            "SELECT * FROM undeclared_relationship WHERE declaration_id = ? AND item_no = ? "
            "ORDER BY model_version DESC LIMIT 1",
            [declaration["declaration_id"], declaration["item_no"]],
        )
        if row is not None:
            return _evidence(
                row, row["importer_entity_id"], row["seller_entity_id"], "undeclared relationship"
            )
    if importer is None or seller is None or not store.table_exists("related_party"):
        return None
    row = store.row(
        "SELECT * FROM related_party WHERE (entity_a = ? AND entity_b = ?) "
        "OR (entity_a = ? AND entity_b = ?) ORDER BY model_version DESC LIMIT 1",
        [importer, seller, seller, importer],
    )
    if row is None:
        return None
    row["declared_related"] = declaration.get("declared_related")
    return _evidence(row, row["entity_a"], row["entity_b"], "related parties")
