"""An entity as an analyst reviews it: the records resolved to it, who ultimately owns it, how
its group is built, who it is related to, what it imported or sold, and the analysts' verdicts
on whether its records are one company or person (which the next `borderlens resolve` obeys).
"""

from __future__ import annotations

import json
import re
from itertools import combinations
from typing import Any

from borderlens.resolve.matching.judgements import Verdict, record_judgement
from borderlens.review.events import record_event
from borderlens.warehouse.store import Row, Store

DECLARATIONS_PER_PAGE = 25
PAIR_LIMIT = 45
"""Pairs offered for judgement (10 records); more are judged through the API."""
ENTITY_ID = re.compile(r"\bE[0-9A-F]{16}\b")
RELATED_TESTS = {
    "a": "officer or director of both",
    "b": "partners in business",
    "c": "employer and employee",
    "d": "one person holds 5% or more of both",
    "e": "one controls the other",
    "f": "both controlled by a third",
    "g": "together control a third",
    "h": "members of one family",
}
"""WTO Customs Valuation Agreement, Art. 15.4: what each letter of ``related_party.tests``
says."""
SOURCE_LABELS = {
    "registry": "registry record",
    "importer": "importer on declarations",
    "seller": "seller on declarations",
    "declarant": "declarant on declarations",
}


class JudgementError(ValueError):
    """A match judgement that cannot be recorded; the message says why."""


def current_entity_id(store: Store, entity_id: str) -> str | None:
    """The id as it stands now: itself, or the id that replaced a retired one."""
    for _ in range(10):
        if store.value("SELECT 1 FROM entity WHERE entity_id = ?", [entity_id]):
            return entity_id
        replaced = store.value(
            "SELECT entity_id FROM entity_redirect WHERE retired_entity_id = ? "
            "ORDER BY retired_at DESC LIMIT 1",
            [entity_id],
        )
        if not isinstance(replaced, str):
            return None
        entity_id = replaced
    return None


def search_entities(store: Store, text: str, limit: int = 50) -> list[Row]:
    """Entities whose id or a linked record's key is ``text``, or whose name contains it."""
    wanted = text.strip()
    if not wanted:
        return []
    return store.rows(
        "SELECT e.entity_id, e.entity_kind, e.name, e.country, "
        "(SELECT count(*) FROM entity_link l WHERE l.entity_id = e.entity_id) AS records, "
        "(SELECT string_agg(DISTINCT l.source_kind, ', ' ORDER BY l.source_kind) "
        "FROM entity_link l WHERE l.entity_id = e.entity_id) AS sources "
        "FROM entity e WHERE e.entity_id = upper(?) OR contains(lower(e.name), lower(?)) "
        "OR e.entity_id IN (SELECT entity_id FROM entity_link WHERE source_key = ?) "
        "ORDER BY e.entity_id <> upper(?), e.name LIMIT ?",
        [wanted, wanted, wanted, wanted, limit],
    )


def _registry_records(store: Store, entity_id: str, kind: str) -> list[Row]:
    table = "registry_person" if kind == "person" else "registry_entity"
    place = "nationalities" if kind == "person" else "jurisdiction"
    extra = "birth_date, is_pep" if kind == "person" else "identifiers, founding_date"
    return store.rows(
        f"SELECT l.source_kind, l.source_key, l.match_probability, l.model_version, l.linked_at, "
        f"r.name, r.alternate_names, r.address, r.country, r.{place} AS place, {extra}, "
        f"r.source_file FROM entity_link l LEFT JOIN {table} r ON r.record_id = l.source_key "
        "WHERE l.entity_id = ? AND l.source_kind = 'registry' ORDER BY l.source_key",
        [entity_id],
    )


def _party_records(store: Store, entity_id: str) -> list[Row]:
    """Each party record with its spellings, most used first, and its span on declarations."""
    return store.rows(
        "SELECT l.source_kind, l.source_key, any_value(l.match_probability) AS match_probability, "
        "any_value(l.model_version) AS model_version, any_value(l.linked_at) AS linked_at, "
        "list(p.name ORDER BY p.declarations DESC) AS names, "
        "list(p.address ORDER BY p.declarations DESC) AS addresses, "
        "mode(p.country) AS country, min(p.first_seen) AS first_seen, "
        "max(p.last_seen) AS last_seen, sum(p.declarations) AS declarations "
        "FROM entity_link l JOIN party p ON p.role = l.source_kind AND p.party_id = l.source_key "
        "WHERE l.entity_id = ? AND l.source_kind <> 'registry' GROUP BY ALL ORDER BY ALL",
        [entity_id],
    )


def _distinct(values: list[Any]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values if value))


def linked_records(store: Store, entity_id: str, entity_kind: str) -> list[Row]:
    """Every source record resolved to the entity, with the probability that placed it."""
    records = []
    for row in _registry_records(store, entity_id, entity_kind):
        names = [row.pop("name"), *_json_list(row.pop("alternate_names"))]
        row |= {"names": _distinct(names), "addresses": _distinct([row.pop("address")])}
        row["place"] = ", ".join(_distinct(_json_list(row["place"])))
        if "identifiers" in row:
            row["identifiers"] = [_identifier(found) for found in _json_list(row["identifiers"])]
        records.append(row)
    for row in _party_records(store, entity_id):
        row |= {"names": _distinct(row["names"]), "addresses": _distinct(row["addresses"])}
        records.append(row)
    for row in records:
        row["label"] = SOURCE_LABELS.get(row["source_kind"], row["source_kind"])
        row["record"] = f"{row['source_kind']}:{row['source_key']}"
    return records


def _json_list(value: str | None) -> list[Any]:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]


def _identifier(found: object) -> str:
    """A BODS identifier (``{"scheme": "VG-REG", "id": "2000"}``) as ``VG-REG 2000``."""
    if isinstance(found, dict):
        return " ".join(str(found[key]) for key in ("scheme", "id") if found.get(key))
    return str(found)


def _names(store: Store, ids: set[str]) -> dict[str, str]:
    rows = store.rows(
        "SELECT entity_id, name FROM entity WHERE list_contains(?, entity_id)", [sorted(ids)]
    )
    return {row["entity_id"]: row["name"] or row["entity_id"] for row in rows}


def _path(via: str | None, names: dict[str, str]) -> list[dict[str, str]]:
    return [{"entity_id": i, "name": names.get(i, i)} for i in (via or "").split(" > ") if i]


def ownership(store: Store, entity_id: str) -> tuple[list[Row], list[Row]]:
    """Its ultimate owners, and what it ultimately owns, each with the chain (``via``) from
    owner to owned as linked entities."""
    sql = (
        "SELECT u.entity_id, u.owner_id, u.owner_kind, u.share, u.basis, u.via, u.model_version "
        "FROM ultimate_owner u WHERE u.{} = ? ORDER BY u.share DESC NULLS LAST LIMIT 200"
    )
    owners = store.rows(sql.format("entity_id"), [entity_id])
    holdings = store.rows(sql.format("owner_id"), [entity_id])
    ids = {i for row in owners + holdings for i in (row["via"] or "").split(" > ") if i}
    names = _names(store, ids | {row["owner_id"] for row in owners})
    names |= _names(store, {row["entity_id"] for row in holdings})
    for row in owners + holdings:
        row["owner_name"] = names.get(row["owner_id"], row["owner_id"])
        row["owned_name"] = names.get(row["entity_id"], row["entity_id"])
        row["path"] = _path(row.pop("via"), names)
    return owners, holdings


def structure(store: Store, entity_id: str) -> Row | None:
    """Its place in its ownership group (depth, size, countries, cycles, secrecy)."""
    found = store.row("SELECT * FROM structure_metric WHERE entity_id = ?", [entity_id])
    if found:
        found["secrecy_jurisdictions"] = _distinct(
            (found["secrecy_jurisdictions"] or "").split(",")
        )
    return found


def _linked_text(text: str, names: dict[str, str]) -> list[dict[str, str]]:
    """Text split into plain parts and entity ids, so that a page can link the ids."""
    parts: list[dict[str, str]] = []
    at = 0
    for found in ENTITY_ID.finditer(text):
        parts.append({"text": text[at : found.start()]})
        parts.append({"entity_id": found.group(), "name": names.get(found.group(), "")})
        at = found.end()
    parts.append({"text": text[at:]})
    return [part for part in parts if part.get("text") != ""]


def related_parties(store: Store, entity_id: str) -> list[Row]:
    """Entities related to it in the sense of Art. 15.4, with the findings behind each."""
    rows = store.rows(
        "SELECT CASE WHEN entity_a = ? THEN entity_b ELSE entity_a END AS other_id, tests, "
        "summary, evidence, model_version FROM related_party WHERE ? IN (entity_a, entity_b) "
        "ORDER BY other_id LIMIT 200",
        [entity_id, entity_id],
    )
    findings = {row["other_id"]: _json_list(row.pop("evidence")) for row in rows}
    texts = [str(f.get("text", "")) for found in findings.values() for f in found]
    ids = {i for text in texts for i in ENTITY_ID.findall(text)} | set(findings)
    names = _names(store, ids)
    for row in rows:
        row["other_name"] = names.get(row["other_id"], row["other_id"])
        row["tests"] = [
            {"test": t, "meaning": RELATED_TESTS.get(t, "")}
            for t in (row["tests"] or "").split(",")
        ]
        row["evidence"] = [
            {"test": f.get("test", ""), "parts": _linked_text(str(f.get("text", "")), names)}
            for f in findings[row["other_id"]]
        ]
    return rows


def declarations(store: Store, entity_id: str, page: int = 1) -> tuple[list[Row], int]:
    """One page of the goods items it imported or sold, newest first, and their count."""
    keys = (
        "WITH keys AS (SELECT source_kind, source_key FROM entity_link WHERE entity_id = ? "
        "AND source_kind IN ('importer', 'seller')), items AS (SELECT d.*, "
        "d.importer_id IN (SELECT source_key FROM keys WHERE source_kind = 'importer') AS imp, "
        "d.seller_id IN (SELECT source_key FROM keys WHERE source_kind = 'seller') AS sel "
        "FROM declaration d) "
    )
    total = int(store.value(keys + "SELECT count(*) FROM items WHERE imp OR sel", [entity_id]))
    channel = "NULL"
    if store.table_exists("risk_selection"):
        channel = (
            "(SELECT any_value(s.channel) FROM risk_selection s WHERE "
            "s.declaration_id = i.declaration_id AND s.item_no = i.item_no)"
        )
    rows = store.rows(
        keys + "SELECT declaration_id, item_no, declaration_date, office_id, hs_code, "
        "goods_description, origin_country, item_value, currency, importer_name, seller_name, "
        "CASE WHEN imp AND sel THEN 'importer and seller' WHEN imp THEN 'importer' "
        f"ELSE 'seller' END AS role, {channel} AS channel FROM items i WHERE imp OR sel "
        "ORDER BY declaration_date DESC, declaration_id, item_no LIMIT ? OFFSET ?",
        [entity_id, DECLARATIONS_PER_PAGE, (max(page, 1) - 1) * DECLARATIONS_PER_PAGE],
    )
    return rows, total


def judgements(store: Store, records: list[str]) -> list[Row]:
    """Every verdict on a pair that involves one of ``records`` (``kind:key``), newest first."""
    return store.rows(
        "SELECT * FROM match_judgement WHERE list_contains(?, source_kind_a || ':' || "
        "source_key_a) OR list_contains(?, source_kind_b || ':' || source_key_b) "
        "ORDER BY decided_at DESC, judgement_id",
        [records, records],
    )


def record_pairs(records: list[Row], verdicts: list[Row]) -> list[Row]:
    """The pairs of its records an analyst may judge, each with its latest verdict."""
    latest: dict[frozenset[str], str] = {}
    for row in reversed(verdicts):
        a = f"{row['source_kind_a']}:{row['source_key_a']}"
        latest[frozenset((a, f"{row['source_kind_b']}:{row['source_key_b']}"))] = row["verdict"]
    pairs = []
    for first, second in list(combinations(records, 2))[:PAIR_LIMIT]:
        key = frozenset((first["record"], second["record"]))
        pairs.append({"a": first, "b": second, "verdict": latest.get(key)})
    return pairs


def split_record(text: str) -> tuple[str, str]:
    """``kind:key`` as (kind, key)."""
    kind, _, key = text.partition(":")
    if not kind or not key:
        raise JudgementError(f"'{text}' is not a record; write kind:key, e.g. seller:S000051")
    return kind, key


def judge_match(
    store: Store,
    entity_id: str,
    pair: tuple[str, str],
    verdict: Verdict,
    *,
    analyst: str,
    reason: str,
    client: str,
) -> str:
    """Record that two records (``kind:key``, one of them linked to ``entity_id``) are, or are
    not, one entity, with an audit event; the next `borderlens resolve` obeys it."""
    reason = reason.strip()
    if not reason:
        raise JudgementError("say why: the reason is kept with the verdict")
    ends = (split_record(pair[0]), split_record(pair[1]))
    if ends[0] == ends[1]:
        raise JudgementError("a judgement needs two different records")
    owners = {
        (row["source_kind"], row["source_key"]): row["entity_id"]
        for row in store.rows(
            "SELECT source_kind, source_key, entity_id FROM entity_link WHERE "
            "list_contains(?, source_kind || ':' || source_key)",
            [list(pair)],
        )
    }
    if not all(end in owners for end in ends):
        raise JudgementError("both records must be records the resolution has linked")
    if entity_id not in (owners[ends[0]], owners[ends[1]]):
        raise JudgementError(f"neither record belongs to entity {entity_id}")
    with store.exclusive() as engine, engine.transaction():
        judgement_id = record_judgement(
            engine, ends[0], ends[1], verdict, analyst=analyst, reason=reason
        )
        detail: dict[str, object] = {"pair": list(pair), "verdict": verdict, "reason": reason}
        record_event(engine.connection, analyst, client, f"match {verdict}ed", entity_id, detail)
    return judgement_id
