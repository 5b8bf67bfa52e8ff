"""SQL steps that read the registry, roles and links into the network's nodes, edges and ties.

Every registry record becomes the entity ``entity_link`` gives it (source kind ``registry``),
or stays its own node when resolution has not linked it. Interests are normalized here: the
share a BODS share object stands for, the interest's category, whether it is still in force.
"""

from __future__ import annotations

import datetime as dt

from borderlens.engine.base import Step
from borderlens.network.interests import CONTROL_TYPES, OFFICER_TYPES, OWNERSHIP_TYPES

RECORDS = "_net_record"
INTERESTS = "_net_interest"
EDGES = "_net_edge"
TIES = "_net_tie"
NODES = "_net_node"
LATEST = "coalesce(statement_date, DATE '1970-01-01')"


def _keys(types: frozenset[str]) -> str:
    return ", ".join(f"'{name.lower()}'" for name in sorted(types))


def link_sql(kind: str) -> str:
    """The entity each source record of ``kind`` is linked to (the latest link wins)."""
    return (
        "SELECT source_key, arg_max(entity_id, coalesce(linked_at, TIMESTAMP '1970-01-01')) "
        f"AS entity_id FROM entity_link WHERE source_kind = '{kind}' AND entity_id IS NOT NULL "
        "GROUP BY source_key"
    )


def _records_sql() -> str:
    return f"""
    WITH link AS ({link_sql("registry")}),
    records AS (
        SELECT record_id, arg_max(name, {LATEST}) AS name, 'entity' AS kind,
               arg_max(coalesce(nullif(jurisdiction, ''), country), {LATEST}) AS country
        FROM registry_entity WHERE record_id IS NOT NULL GROUP BY record_id
        UNION ALL
        SELECT record_id, arg_max(name, {LATEST}), 'person',
               arg_max(coalesce(nullif(country, ''),
                                json_extract_string(nationalities, '$[0]')), {LATEST})
        FROM registry_person WHERE record_id IS NOT NULL GROUP BY record_id
    )
    SELECT r.record_id, coalesce(l.entity_id, r.record_id) AS node_id, r.kind,
           nullif(trim(r.name), '') AS name, nullif(r.country, '') AS country,
           l.entity_id IS NOT NULL AS linked
    FROM records r LEFT JOIN link l ON l.source_key = r.record_id"""


def _interests_sql(as_of: dt.date) -> str:
    key = "lower(regexp_replace(coalesce(o.interest_type, ''), '[-_ ]', '', 'g'))"
    low = "least(o.share_exact, o.share_min, o.share_max)"
    high = "greatest(o.share_exact, o.share_min, o.share_max)"
    return f"""
    WITH raw AS (
        SELECT o.*, {key} AS interest_key,
               CASE WHEN {low} < 0 THEN 'negative share'
                    WHEN {high} > 100 THEN 'share over 100%'
                    WHEN o.share_exact IS NULL AND o.share_min > o.share_max
                        THEN 'share range minimum above maximum' END AS share_problem
        FROM ownership o
    )
    SELECT o.relationship_id, o.interest_type, o.interest_key, o.owner_record_id, o.owned_record_id,
           coalesce(owner.node_id, o.owner_record_id,
                    'unspecified:' || coalesce(o.relationship_id, '?')) AS owner_node,
           coalesce(owned.node_id, o.owned_record_id) AS owned_node,
           owner.node_id IS NOT NULL AS owner_known, owned.node_id IS NOT NULL AS owned_known,
           coalesce(o.owner_kind, 'unspecified') AS owner_kind,
           CASE WHEN o.interest_key IN ({_keys(OWNERSHIP_TYPES)}) THEN 'ownership'
                WHEN o.interest_key IN ({_keys(CONTROL_TYPES)}) THEN 'control'
                WHEN o.interest_key IN ({_keys(OFFICER_TYPES)}) THEN 'officer'
                ELSE 'other' END AS category,
           o.share_problem,
           CASE WHEN o.share_problem IS NOT NULL THEN NULL
                WHEN o.share_exact IS NOT NULL THEN o.share_exact
                WHEN o.share_min IS NULL AND o.share_max IS NULL THEN NULL
                ELSE (coalesce(o.share_min, 0) + coalesce(o.share_max, 100)) / 2 END AS share,
           CASE WHEN o.share_problem IS NULL
                THEN coalesce(o.share_exact, o.share_min) END AS share_low,
           coalesce(o.end_date < DATE '{as_of.isoformat()}', false) AS ended,
           coalesce(o.start_date > DATE '{as_of.isoformat()}', false) AS not_started
    FROM raw o
    LEFT JOIN {RECORDS} owner ON owner.record_id = o.owner_record_id
    LEFT JOIN {RECORDS} owned ON owned.record_id = o.owned_record_id"""


def _edges_sql() -> str:
    """Owner -> owned edges of interests in force; parallel statements of one holding merge."""
    return f"""
    SELECT owner_node, owned_node,
           max(share) FILTER (WHERE category = 'ownership') AS share,
           max(share_low) FILTER (WHERE category = 'ownership') AS share_low,
           max(share) FILTER (WHERE interest_key_votes) AS votes,
           string_agg(DISTINCT interest_type, ',' ORDER BY interest_type)
               FILTER (WHERE category = 'control') AS control_types,
           string_agg(DISTINCT relationship_id, ',' ORDER BY relationship_id) AS relationships
    FROM (SELECT *, interest_key = 'votingrights' AS interest_key_votes FROM {INTERESTS}
          WHERE NOT ended AND NOT not_started AND category <> 'officer'
            AND owned_node IS NOT NULL AND owner_node <> owned_node)
    GROUP BY owner_node, owned_node"""


def _ties_sql(as_of: dt.date) -> str:
    """Person-to-business ties (officer, partner, employee) and family ties, in force."""
    return f"""
    WITH link AS ({link_sql("registry")})
    SELECT DISTINCT coalesce(lp.entity_id, r.person_record_id) AS person_node,
           CASE WHEN r.role IN ('director', 'officer') THEN 'officer' ELSE r.role END AS tie,
           coalesce(lc.entity_id, r.counterpart_record_id) AS counterpart_node,
           r.role || coalesce(' (' || nullif(r.detail, '') || ')', '') AS detail,
           'role:' || r.person_record_id || '>' || r.counterpart_record_id AS record
    FROM role r
    LEFT JOIN link lp ON lp.source_key = r.person_record_id
    LEFT JOIN link lc ON lc.source_key = r.counterpart_record_id
    WHERE r.person_record_id IS NOT NULL AND r.counterpart_record_id IS NOT NULL
      AND coalesce(r.end_date >= DATE '{as_of.isoformat()}', true)
      AND coalesce(r.start_date <= DATE '{as_of.isoformat()}', true)
    UNION ALL
    SELECT DISTINCT owner_node, 'officer', owned_node, interest_type,
           'ownership:' || coalesce(relationship_id, '?')
    FROM {INTERESTS}
    WHERE category = 'officer' AND NOT ended AND NOT not_started AND owned_node IS NOT NULL"""


def _nodes_sql() -> str:
    """One row per node: registry entities and persons, plus ids only seen on relations."""
    return f"""
    WITH registry AS (
        SELECT node_id, mode(kind) AS kind, min(name) AS name, mode(country) AS country,
               count(*) AS records, bool_or(linked) AS linked
        FROM {RECORDS} GROUP BY node_id
    ),
    seen AS (
        SELECT owner_node AS node_id,
               CASE WHEN owner_kind = 'person' THEN 'person' ELSE 'unknown' END AS kind
        FROM {INTERESTS}
        UNION ALL SELECT owned_node, 'unknown' FROM {INTERESTS} WHERE owned_node IS NOT NULL
        UNION ALL SELECT person_node, 'person' FROM {TIES}
        UNION ALL SELECT counterpart_node, 'unknown' FROM {TIES}
    )
    SELECT node_id, kind, name, country, records, linked FROM registry
    UNION ALL
    SELECT node_id, min(kind), NULL, NULL, 0, false FROM seen
    WHERE node_id NOT IN (SELECT node_id FROM registry) GROUP BY node_id"""


def source_steps(as_of: dt.date) -> list[Step]:
    """The steps that stage records, interests, edges, ties and nodes as scratch tables."""
    return [
        Step(_records_sql(), RECORDS, "temp", "registry records and the entity each belongs to"),
        Step(_interests_sql(as_of), INTERESTS, "temp", "interests with share and category"),
        Step(_edges_sql(), EDGES, "temp", "owner -> owned edges of interests in force"),
        Step(_ties_sql(as_of), TIES, "temp", "officer, partner, employee and family ties"),
        Step(_nodes_sql(), NODES, "temp", "entities, persons and ids seen only on relations"),
    ]


def issue_sql(model_version: str) -> str:
    """Every input problem the network found, one row each, for the ``network_issue`` table."""
    return f"""
    SELECT *, '{model_version}' AS model_version FROM (
    SELECT 'unknown owner' AS issue, relationship_id, owner_record_id AS record_id,
           'the owner is in no registry file' AS detail
    FROM {INTERESTS} WHERE NOT owner_known AND owner_record_id IS NOT NULL
    UNION ALL
    SELECT 'missing owner', relationship_id, NULL, 'the interest names no interested party'
    FROM {INTERESTS} WHERE owner_record_id IS NULL
    UNION ALL
    SELECT 'unknown owned', relationship_id, owned_record_id, 'the subject is in no registry file'
    FROM {INTERESTS} WHERE NOT owned_known
    UNION ALL
    SELECT share_problem, relationship_id, owned_record_id,
           'share ignored (treated as unknown) on interest ' || coalesce(interest_type, '?')
    FROM {INTERESTS} WHERE share_problem IS NOT NULL
    UNION ALL
    SELECT 'self-ownership', relationship_id, owned_record_id,
           'owner and owned are the same entity; the link is left out of the graph'
    FROM {INTERESTS} WHERE owner_node = owned_node
    UNION ALL
    SELECT 'entity without name', NULL, node_id, kind || ' has no name in any registry record'
    FROM {NODES} WHERE name IS NULL AND records > 0
    UNION ALL
    SELECT 'over-allocated', NULL, owned_node,
           'direct shares in force add up to at least ' || round(sum(share_low), 2) || '%'
    FROM {EDGES} GROUP BY owned_node HAVING sum(share_low) > 100.0001)"""
