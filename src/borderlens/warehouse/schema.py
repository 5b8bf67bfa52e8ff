"""Warehouse tables, in DuckDB's dialect; the Spark engine transpiles the same statements."""

from __future__ import annotations

from borderlens.warehouse.declaration import DECLARATION_FIELDS
from borderlens.warehouse.fields import column_definitions
from borderlens.warehouse.reference import BORDER_POST_FIELDS, ROLE_FIELDS

PROVENANCE = """load_id VARCHAR,
    source_file VARCHAR,
    source_line BIGINT"""

TABLES: dict[str, str] = {
    "schema_version": """
    version INTEGER,
    description VARCHAR,
    applied_at TIMESTAMP""",
    "load": """
    load_id VARCHAR,
    source_kind VARCHAR,
    source_file VARCHAR,
    file_sha256 VARCHAR,
    file_bytes BIGINT,
    format VARCHAR,
    mapping VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    rows_read BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT""",
    "quarantine": """
    load_id VARCHAR,
    source_kind VARCHAR,
    source_file VARCHAR,
    line BIGINT,
    location VARCHAR,
    field VARCHAR,
    reason VARCHAR,
    record VARCHAR""",
    "declaration": f"""
    {column_definitions(DECLARATION_FIELDS)},
    {PROVENANCE}""",
    "party": """
    role VARCHAR,
    party_id VARCHAR,
    name VARCHAR,
    address VARCHAR,
    country VARCHAR,
    first_seen DATE,
    last_seen DATE,
    declarations BIGINT,
    load_id VARCHAR""",
    "registry_entity": f"""
    record_id VARCHAR,
    statement_id VARCHAR,
    entity_type VARCHAR,
    name VARCHAR,
    alternate_names VARCHAR,
    jurisdiction VARCHAR,
    country VARCHAR,
    identifiers VARCHAR,
    address VARCHAR,
    founding_date DATE,
    dissolution_date DATE,
    statement_date DATE,
    bods_version VARCHAR,
    {PROVENANCE}""",
    "registry_person": f"""
    record_id VARCHAR,
    statement_id VARCHAR,
    person_type VARCHAR,
    name VARCHAR,
    alternate_names VARCHAR,
    nationalities VARCHAR,
    birth_date VARCHAR,
    address VARCHAR,
    country VARCHAR,
    is_pep BOOLEAN,
    statement_date DATE,
    bods_version VARCHAR,
    {PROVENANCE}""",
    "ownership": f"""
    relationship_id VARCHAR,
    statement_id VARCHAR,
    owned_record_id VARCHAR,
    owner_record_id VARCHAR,
    owner_kind VARCHAR,
    interest_type VARCHAR,
    direct_or_indirect VARCHAR,
    beneficial_ownership_or_control BOOLEAN,
    share_exact DOUBLE,
    share_min DOUBLE,
    share_max DOUBLE,
    share_exclusive_min BOOLEAN,
    share_exclusive_max BOOLEAN,
    start_date DATE,
    end_date DATE,
    statement_date DATE,
    bods_version VARCHAR,
    {PROVENANCE}""",
    "role": f"""
    {column_definitions(ROLE_FIELDS)},
    {PROVENANCE}""",
    "border_post": f"""
    {column_definitions(BORDER_POST_FIELDS)},
    {PROVENANCE}""",
    "entity": """
    entity_id VARCHAR,
    entity_kind VARCHAR,
    name VARCHAR,
    country VARCHAR,
    created_at TIMESTAMP,
    model_version VARCHAR""",
    "entity_link": """
    source_kind VARCHAR,
    source_key VARCHAR,
    entity_id VARCHAR,
    match_probability DOUBLE,
    model_version VARCHAR,
    linked_at TIMESTAMP""",
    "audit_event": """
    event_id VARCHAR,
    occurred_at TIMESTAMP,
    actor VARCHAR,
    host VARCHAR,
    action VARCHAR,
    subject VARCHAR,
    detail VARCHAR""",
    "truth_entity": """
    source_kind VARCHAR,
    source_key VARCHAR,
    true_entity_id VARCHAR,
    entity_kind VARCHAR""",
    "truth_related_pair": """
    importer_entity_id VARCHAR,
    seller_entity_id VARCHAR,
    relation VARCHAR,
    evidence VARCHAR""",
    "truth_fraud": """
    declaration_id VARCHAR,
    item_no BIGINT,
    fraud_type VARCHAR,
    critical BOOLEAN,
    true_value DOUBLE,
    revenue_at_stake DOUBLE""",
    "effective_ownership": """
    owner_id VARCHAR,
    owned_id VARCHAR,
    share DOUBLE,
    direct_share DOUBLE,
    via_id VARCHAR,
    through_cycle BOOLEAN,
    model_version VARCHAR""",
    "ultimate_owner": """
    entity_id VARCHAR,
    owner_id VARCHAR,
    owner_kind VARCHAR,
    share DOUBLE,
    basis VARCHAR,
    via VARCHAR,
    model_version VARCHAR""",
    "control": """
    controller_id VARCHAR,
    controlled_id VARCHAR,
    basis VARCHAR,
    direct BOOLEAN,
    chain VARCHAR,
    model_version VARCHAR""",
    "structure_metric": """
    entity_id VARCHAR,
    depth BIGINT,
    group_id VARCHAR,
    companies BIGINT,
    individuals BIGINT,
    countries BIGINT,
    in_cycle BOOLEAN,
    secrecy_links BIGINT,
    secrecy_jurisdictions VARCHAR,
    upstream_owners BIGINT,
    upstream_secrecy_owners BIGINT,
    model_version VARCHAR""",
    "related_party": """
    entity_a VARCHAR,
    entity_b VARCHAR,
    tests VARCHAR,
    summary VARCHAR,
    evidence VARCHAR,
    model_version VARCHAR""",
    "undeclared_relationship": """
    declaration_id VARCHAR,
    item_no BIGINT,
    declaration_date DATE,
    importer_entity_id VARCHAR,
    seller_entity_id VARCHAR,
    declared_related BOOLEAN,
    tests VARCHAR,
    summary VARCHAR,
    evidence VARCHAR,
    model_version VARCHAR""",
    "network_issue": """
    issue VARCHAR,
    relationship_id VARCHAR,
    record_id VARCHAR,
    detail VARCHAR,
    model_version VARCHAR""",
    "match_judgement": """
    judgement_id VARCHAR,
    source_kind_a VARCHAR,
    source_key_a VARCHAR,
    source_kind_b VARCHAR,
    source_key_b VARCHAR,
    verdict VARCHAR,
    analyst VARCHAR,
    reason VARCHAR,
    decided_at TIMESTAMP""",
    "entity_redirect": """
    retired_entity_id VARCHAR,
    entity_id VARCHAR,
    entity_kind VARCHAR,
    retired_at TIMESTAMP,
    model_version VARCHAR""",
    "resolve_model": """
    model_version VARCHAR,
    entity_kind VARCHAR,
    trained BOOLEAN,
    records BIGINT,
    parameters VARCHAR,
    trained_at TIMESTAMP""",
}


def create_statement(table: str) -> str:
    """The CREATE TABLE statement for one warehouse table."""
    return f"CREATE TABLE IF NOT EXISTS {table} ({TABLES[table]}\n)"


WORKBENCH_TABLES: dict[str, str] = {
    "app_user": """
    username VARCHAR,
    role VARCHAR,
    password_hash VARCHAR,
    active BOOLEAN,
    created_at TIMESTAMP,
    created_by VARCHAR""",
    "web_session": """
    session_hash VARCHAR,
    username VARCHAR,
    csrf_token VARCHAR,
    client VARCHAR,
    created_at TIMESTAMP,
    expires_at TIMESTAMP,
    ended_at TIMESTAMP""",
    "api_token": """
    token_hash VARCHAR,
    username VARCHAR,
    label VARCHAR,
    created_at TIMESTAMP,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP""",
    "case_decision": """
    decision_id VARCHAR,
    declaration_id VARCHAR,
    item_no BIGINT,
    action VARCHAR,
    reason VARCHAR,
    officer VARCHAR,
    decided_at TIMESTAMP,
    corrects VARCHAR,
    advice_channel VARCHAR,
    advice_model_version VARCHAR,
    advice_score DOUBLE,
    advice_rules VARCHAR,
    advice_reasons VARCHAR,
    advice_exploration BOOLEAN,
    overrides_advice BOOLEAN""",
    "case_outcome": """
    outcome_id VARCHAR,
    declaration_id VARCHAR,
    item_no BIGINT,
    result VARCHAR,
    found VARCHAR,
    revenue_recovered DOUBLE,
    seizure BOOLEAN,
    critical BOOLEAN,
    officer VARCHAR,
    recorded_at TIMESTAMP,
    corrects VARCHAR""",
    "rule_profile_version": """
    profile VARCHAR,
    version INTEGER,
    document VARCHAR,
    author VARCHAR,
    saved_at TIMESTAMP,
    note VARCHAR""",
}
"""The workbench's tables (schema version 2): its users and sessions, and what officers decide.

Decisions and outcomes are only ever inserted: a correction is a new row naming the row it
corrects, so the record of who decided what, on which machine advice, stays whole.
"""

BUDGET_TABLES: dict[str, str] = {
    "selection_budget": """
    version INTEGER,
    share DOUBLE,
    per_office_per_day BIGINT,
    exploration DOUBLE,
    yellow DOUBLE,
    blue DOUBLE,
    author VARCHAR,
    saved_at TIMESTAMP,
    note VARCHAR""",
}
"""Inspection budgets set by supervisors (schema version 3), one row per version."""

JOB_TABLES: dict[str, str] = {
    "pipeline_job": """
    job_id INTEGER,
    kind VARCHAR,
    requested_by VARCHAR,
    client VARCHAR,
    submitted_at TIMESTAMP,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    status VARCHAR,
    summary VARCHAR""",
}
"""Pipeline jobs the workbench server ran (schema version 4), one row per job."""

_SERVER_TABLES = {**WORKBENCH_TABLES, **BUDGET_TABLES, **JOB_TABLES}
ALL_TABLES: dict[str, str] = {**TABLES, **_SERVER_TABLES}


def workbench_statement(table: str) -> str:
    """The CREATE TABLE statement for one workbench table (schema versions 2 to 4)."""
    return f"CREATE TABLE IF NOT EXISTS {table} ({_SERVER_TABLES[table]}\n)"
