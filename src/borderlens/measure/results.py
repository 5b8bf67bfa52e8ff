"""One row per goods item with what is known of it for the KPIs: its channel, the officer's
current decision, and the result of its examination with where that result comes from.

An item's examination result is the current outcome recorded in the workbench when there is
one (source ``workbench``), else the declaration's own inspection result (``history``: the
inspections made before the workbench, as the demo world and most customs systems record
them). The same precedence decides the labels the risk model retrains on.

Every query here is DuckDB SQL with ``?`` placeholders for the period: the first and last
lodgement day.
"""

from __future__ import annotations

from borderlens.review.decisions import CURRENT_DECISIONS, CURRENT_OUTCOMES
from borderlens.warehouse.store import Row, Store

WORKBENCH = "workbench"
HISTORY = "history"
SOURCES = (WORKBENCH, HISTORY)

_NO_SELECTION = """
    SELECT CAST(NULL AS VARCHAR) AS declaration_id, CAST(NULL AS BIGINT) AS item_no,
        CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS picked_by,
        CAST(NULL AS VARCHAR) AS model_version, CAST(NULL AS TIMESTAMP) AS selected_at
    WHERE false"""
_SELECTION = """
    SELECT declaration_id, item_no, channel, picked_by, model_version, selected_at
    FROM risk_selection"""
_NO_RULE_HITS = """
    SELECT CAST(NULL AS VARCHAR) AS declaration_id, CAST(NULL AS BIGINT) AS item_no,
        CAST(NULL AS VARCHAR) AS rule_id WHERE false"""
_RULE_HITS = "SELECT DISTINCT declaration_id, item_no, rule_id FROM risk_rule_hit"

_HOURS = "date_diff('minute', CAST(d.declaration_date AS TIMESTAMP), {at}) / 60.0"
_PICKER = """CASE
        WHEN o.outcome_id IS NULL THEN 'historical inspection (before the workbench)'
        WHEN cd.advice_exploration THEN 'exploration (random draw)'
        WHEN cd.overrides_advice THEN 'officer, against the advice'
        WHEN s.picked_by LIKE 'rule:%' THEN 'rule'
        WHEN s.picked_by LIKE 'policy:%' OR s.picked_by LIKE 'rank:%' THEN 'model'
        ELSE 'officer, no advice' END"""


def items_sql(store: Store) -> str:
    """The ``WITH`` clause defining ``items`` (one row per goods item lodged in the period)."""
    selection = _SELECTION if store.table_exists("risk_selection") else _NO_SELECTION
    recorded = "o.outcome_id IS NOT NULL"
    released_by = (
        "CASE WHEN cd.action = 'release' THEN 'officer' "
        "WHEN cd.action IS NULL AND s.channel = 'green' THEN 'selection' END"
    )
    return f"""
    WITH selection AS ({selection}),
    decided AS ({CURRENT_DECISIONS}),
    examined AS ({CURRENT_OUTCOMES}),
    items AS (
        SELECT d.declaration_id, d.item_no, d.declaration_date,
            CAST(date_trunc('week', d.declaration_date) AS DATE) AS week,
            s.channel AS selection_channel,
            CASE WHEN {recorded} THEN '{WORKBENCH}'
                 WHEN d.inspected AND d.fraud_label IS NOT NULL THEN '{HISTORY}' END AS source,
            CASE WHEN {recorded} THEN o.result = 'hit' ELSE d.fraud_label = 1 END AS hit,
            CASE WHEN {recorded} THEN coalesce(o.critical, false)
                 ELSE coalesce(d.critical_fraud_label = 2, false) END AS critical,
            CASE WHEN {recorded} THEN coalesce(o.revenue_recovered, 0)
                 ELSE coalesce(CAST(d.revenue_recovered AS DOUBLE), 0) END AS revenue,
            {recorded} AND coalesce(o.seizure, false) AS seizure,
            CASE WHEN {recorded} THEN coalesce(cd.advice_channel, s.channel)
                 ELSE s.channel END AS channel,
            CASE WHEN {recorded} THEN cd.advice_model_version END AS model_version,
            CASE WHEN {recorded} THEN cd.advice_rules END AS advice_rules,
            {_PICKER} AS picker,
            {released_by} AS released_by,
            CASE WHEN cd.action = 'release' THEN {_HOURS.format(at="cd.decided_at")}
                 WHEN cd.action IS NULL AND s.channel = 'green'
                 THEN {_HOURS.format(at="s.selected_at")} END AS hours_to_release
        FROM declaration d
        LEFT JOIN selection s ON s.declaration_id = d.declaration_id AND s.item_no = d.item_no
        LEFT JOIN decided cd ON cd.declaration_id = d.declaration_id AND cd.item_no = d.item_no
        LEFT JOIN examined o ON o.declaration_id = d.declaration_id AND o.item_no = d.item_no
        WHERE d.declaration_date >= ? AND d.declaration_date <= ?
    )"""


def rule_hits_sql(store: Store) -> str:
    """Distinct (item, rule id) of the rules applied to the warehouse now."""
    return _RULE_HITS if store.table_exists("risk_rule_hit") else _NO_RULE_HITS


def selection_run(store: Store) -> Row | None:
    """When the current selection ran and the lodgement days it covers, if it ran."""
    if not store.table_exists("risk_selection"):
        return None
    return store.row(
        "SELECT max(selected_at) AS selected_at, min(declaration_date) AS first_day, "
        "max(declaration_date) AS last_day, count(*) AS items FROM risk_selection "
        "HAVING count(*) > 0"
    )
