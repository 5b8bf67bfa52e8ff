"""The review queue's own table: the last selection joined once to what its rows show.

Every queue page used to join a million-row selection to the declarations, the explanations
and the rule hits. ``review_queue`` holds that join, red items first and each channel by fraud
probability, so a page is one scan of one narrow table whose row groups of other channels are
skipped. It is rebuilt when the selection or the rule hits change (checked at most every few
seconds). Explanations written later, when an officer opens an unexplained case, show in the
queue from the next rebuild; the case page always shows them at once.
"""

from __future__ import annotations

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.engine.sql import sql_literal
from borderlens.review.read_models import ReadModel, keep_current, last_check
from borderlens.risk.explain import EXPLANATION_TABLE
from borderlens.risk.selection import RULE_HIT_TABLE, SELECTION_TABLE
from borderlens.warehouse.store import Row, Store

QUEUE_TABLE = "review_queue"
CHANNEL_RANK = {"red": 1, "yellow": 2, "blue": 3, "green": 4}
_COUNTS_MEMO = "review_queue_counts"


def _stamp(store: Store) -> str:
    """What the queue table was built from: the selection's time and size, and the rule hits'."""
    parts = [
        store.value(
            f"SELECT CAST(max(selected_at) AS VARCHAR) || '/' || count(*) FROM {SELECTION_TABLE}"
        )
    ]
    if store.table_exists(RULE_HIT_TABLE):
        hits = f"SELECT CAST(max(evaluated_at) AS VARCHAR) || '/' || count(*) FROM {RULE_HIT_TABLE}"
        parts.append(store.value(hits))
    return "|".join(str(part) for part in parts)


def _build_sql(store: Store, stamp: str) -> str:
    rank = " ".join(f"WHEN '{channel}' THEN {value}" for channel, value in CHANNEL_RANK.items())
    factor, factor_join = "NULL::VARCHAR AS factor_text", ""
    if store.table_exists(EXPLANATION_TABLE):
        factor = "e.text AS factor_text"
        factor_join = (
            f"LEFT JOIN {EXPLANATION_TABLE} e ON e.declaration_id = s.declaration_id "
            "AND e.item_no = s.item_no AND e.rank = 1 AND e.model_version = s.model_version"
        )
    hits, hits_join = "NULL AS rule_hits", ""
    if store.table_exists(RULE_HIT_TABLE):
        hits = "h.rule_hits"
        hits_join = (
            "LEFT JOIN (SELECT declaration_id, item_no, list({'rule_id': rule_id, 'reason': "
            f"reason}} ORDER BY rule_id) AS rule_hits FROM {RULE_HIT_TABLE} GROUP BY ALL) h "
            "ON h.declaration_id = s.declaration_id AND h.item_no = s.item_no"
        )
    return f"""
    CREATE OR REPLACE TABLE {QUEUE_TABLE} AS
    SELECT s.declaration_id, s.item_no, s.declaration_date, s.office_id, s.fraud_probability,
        s.channel, CASE s.channel {rank} ELSE 5 END AS channel_rank, s.picked_by,
        s.model_version, d.importer_id, d.importer_name, d.hs_code, d.origin_country,
        d.item_value, d.currency, {factor}, {hits}, {sql_literal(stamp)} AS stamp
    FROM {SELECTION_TABLE} s
    LEFT JOIN declaration d ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no
    {factor_join} {hits_join}
    ORDER BY channel_rank, s.fraud_probability DESC NULLS LAST"""


def _build(engine: DuckDBEngine, store: Store, stamp: str, stale: bool) -> None:
    engine.execute(_build_sql(store, stamp))


QUEUE = ReadModel(QUEUE_TABLE, "rebuilding the review queue", _stamp, _build)


def ensure_queue_table(store: Store) -> None:
    """Make ``review_queue`` match the current selection, rebuilding it when it does not."""
    keep_current(store, QUEUE)


def queue_counts(store: Store) -> list[Row]:
    """Items per office and channel in the queue table, counted once per build."""
    checked = last_check(store, QUEUE)
    counted = store.memo.get(_COUNTS_MEMO)
    if isinstance(counted, tuple) and counted[0] is checked:
        rows: list[Row] = counted[1]
        return rows
    rows = store.rows(
        f"SELECT coalesce(office_id, '') AS office_id, channel, count(*) AS items "
        f"FROM {QUEUE_TABLE} GROUP BY ALL"
    )
    store.memo[_COUNTS_MEMO] = (checked, rows)
    return rows
