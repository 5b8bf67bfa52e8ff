"""SQL steps that turn the ``declaration`` table into ``risk_feature``, one row per goods item.

Only what was known before a declaration's date goes into its features:

- **histories** count the inspection outcomes of declarations lodged before that day (and,
  in a backtest, before the cutoff that separates training from testing), smoothed towards
  the overall rate known at the time; a repeated consignment is one of the same HS code at
  the same declared value and net mass (both positive), whoever declares it;
- **unit-value references** take the declarations of the same HS subheading and origin in
  the twelve calendar months before the declaration's month (the HS heading when the
  subheading has fewer than ``MIN_REFERENCE`` of them), with exact percentiles and a robust
  z-score (median and median absolute deviation);
- **network features** come from the network stage's tables when it has run.
"""

from __future__ import annotations

import datetime as dt

from borderlens.engine.base import Engine, Step
from borderlens.engine.sql import sql_literal
from borderlens.risk.features.catalog import HISTORY_KEYS, PRIOR_WEIGHT, HistoryKey

FEATURE_TABLE = "risk_feature"
MIN_REFERENCE = 20
"""Earlier declarations a unit-value reference needs before it is used."""
REFERENCE_MONTHS = 12
MAD_TO_SIGMA = 1.4826
"""Scales a median absolute deviation to a standard deviation for normal data."""

_BASE = "_risk_base"
_HISTORY = "_risk_history"
_UNIT_VALUES = "_risk_unit_value"
_NETWORK = "_risk_network"
_EARLIER = "RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING"


_WORKBENCH_OUTCOMES = """
    SELECT declaration_id, item_no, result, critical FROM (
        SELECT o.declaration_id, o.item_no, o.result, o.critical,
            row_number() OVER (PARTITION BY o.declaration_id, o.item_no
                               ORDER BY o.recorded_at DESC, o.outcome_id DESC) AS newest
        FROM case_outcome o LEFT JOIN case_outcome c ON c.corrects = o.outcome_id
        WHERE c.outcome_id IS NULL
    ) recorded WHERE newest = 1"""
"""Per item, the current outcome officers recorded in the workbench: the newest
``case_outcome`` row that no other row corrects (corrections are new rows naming the row
they replace)."""


def _base_sql(cutoff: dt.date | None, outcomes: str | None) -> str:
    """Declarations typed, with the outcomes known at the time.

    Outcomes come from the declarations' own inspection results, overridden by the current
    outcome an officer recorded in the workbench when there is one, or from ``outcomes`` (a
    table of declaration_id, item_no, fraud, critical) when a simulation keeps its own.
    """
    before = f"d.declaration_date < DATE {sql_literal(cutoff.isoformat())}" if cutoff else "true"
    if outcomes is None:
        source = (
            f"declaration d LEFT JOIN ({_WORKBENCH_OUTCOMES}) w "
            "ON w.declaration_id = d.declaration_id AND w.item_no = d.item_no"
        )
        recorded = "w.declaration_id IS NOT NULL"
        inspected = "(d.inspected AND d.fraud_label IS NOT NULL)"
        known = f"(({recorded} OR {inspected}) AND {before})"
        fraud = f"(CASE WHEN {recorded} THEN w.result = 'hit' ELSE d.fraud_label = 1 END)"
        critical = (
            f"(CASE WHEN {recorded} THEN coalesce(w.critical, false) "
            "ELSE d.critical_fraud_label = 2 END)"
        )
    else:
        source = (
            f"declaration d LEFT JOIN {outcomes} o "
            "ON o.declaration_id = d.declaration_id AND o.item_no = d.item_no"
        )
        known = f"(o.declaration_id IS NOT NULL AND {before})"
        fraud, critical = "o.fraud", "o.critical"
    # A repeated consignment needs a value and a mass to repeat.
    priced = "d.item_value > 0 AND d.net_mass_kg > 0"
    return f"""
    SELECT d.declaration_id, d.item_no, d.declaration_date AS day,
        CAST(date_trunc('month', d.declaration_date) AS DATE) AS month,
        d.office_id, d.process_type, d.import_type, d.import_use, d.payment_type,
        d.transport_mode, d.declarant_id, d.importer_id, d.seller_id, d.courier_id,
        d.hs_code, substr(d.hs_code, 1, 6) AS hs6, substr(d.hs_code, 1, 4) AS hs4,
        substr(d.hs_code, 1, 2) AS hs2,
        CASE WHEN {priced} THEN CAST(d.item_value AS DOUBLE) END AS consignment_value,
        CASE WHEN {priced} THEN CAST(d.net_mass_kg AS DOUBLE) END AS consignment_mass,
        d.origin_country, d.departure_country, d.tax_type, d.origin_indicator,
        CAST(d.tax_rate AS DOUBLE) AS tax_rate, CAST(d.item_value AS DOUBLE) AS item_value,
        CAST(d.net_mass_kg AS DOUBLE) AS net_mass_kg,
        CASE WHEN d.net_mass_kg > 0 THEN d.item_value / d.net_mass_kg END AS unit_value_kg,
        CASE WHEN d.quantity > 0 THEN d.item_value / d.quantity END AS unit_value_unit,
        d.declared_related,
        CASE WHEN {known} THEN 1 ELSE 0 END AS known,
        CASE WHEN {known} AND {fraud} THEN 1 ELSE 0 END AS known_fraud,
        CASE WHEN {known} AND {critical} THEN 1 ELSE 0 END AS known_critical
    FROM {source}"""


def _key_window(key: HistoryKey) -> str:
    return f"w_{key.name} AS (PARTITION BY {', '.join(key.columns)} ORDER BY day {_EARLIER})"


def _history_columns(key: HistoryKey) -> str:
    present = " AND ".join(f"{column} IS NOT NULL" for column in key.columns)
    window = f"w_{key.name}"
    return (
        f"CASE WHEN {present} THEN coalesce(sum(known) OVER {window}, 0) END "
        f"AS {key.name}_inspections, "
        f"CASE WHEN {present} THEN coalesce(sum(known_fraud) OVER {window}, 0) END "
        f"AS {key.name}_frauds, "
        f"CASE WHEN {present} THEN coalesce(sum(known_critical) OVER {window}, 0) END "
        f"AS {key.name}_criticals"
    )


def _history_sql() -> str:
    columns = ",\n        ".join(_history_columns(key) for key in HISTORY_KEYS)
    windows = ",\n        ".join(_key_window(key) for key in HISTORY_KEYS)
    return f"""
    SELECT declaration_id, item_no,
        sum(known) OVER w_all AS all_inspections,
        sum(known_fraud) OVER w_all AS all_frauds,
        sum(known_critical) OVER w_all AS all_criticals,
        count(*) OVER (PARTITION BY importer_id ORDER BY day {_EARLIER}) AS importer_declarations,
        CASE WHEN seller_id IS NOT NULL THEN
            (count(*) OVER (PARTITION BY importer_id, seller_id ORDER BY day {_EARLIER})) = 0
        END AS new_seller_for_importer,
        {columns}
    FROM {_BASE}
    WINDOW w_all AS (ORDER BY day {_EARLIER}),
        {windows}"""


def _reference_sql(level: str) -> str:
    """Per (goods, origin, month): value-per-kg statistics of the twelve months before."""
    return f"""
    WITH values_kg AS (
        SELECT {level} AS goods, origin_country, month, ln(unit_value_kg) AS log_value
        FROM {_BASE} WHERE unit_value_kg > 0 AND {level} IS NOT NULL
    ),
    targets AS (SELECT DISTINCT goods, origin_country, month FROM values_kg),
    earlier AS (
        SELECT t.goods, t.origin_country, t.month, v.log_value
        FROM targets t JOIN values_kg v
          ON v.goods = t.goods AND v.origin_country = t.origin_country
         AND v.month < t.month AND v.month >= t.month - INTERVAL {REFERENCE_MONTHS} MONTH
    ),
    centre AS (
        SELECT goods, origin_country, month, count(*) AS n,
            quantile_cont(log_value, 0.05) AS p05, quantile_cont(log_value, 0.5) AS p50,
            quantile_cont(log_value, 0.95) AS p95
        FROM earlier GROUP BY goods, origin_country, month
    )
    SELECT c.goods, c.origin_country, c.month, c.n, c.p05, c.p50, c.p95,
        quantile_cont(abs(e.log_value - c.p50), 0.5) AS mad
    FROM centre c JOIN earlier e
      ON e.goods = c.goods AND e.origin_country = c.origin_country AND e.month = c.month
    GROUP BY c.goods, c.origin_country, c.month, c.n, c.p05, c.p50, c.p95"""


def _unit_value_sql() -> str:
    """Each item's reference: its subheading's when large enough, else its heading's."""
    use6 = f"r6.n >= {MIN_REFERENCE}"
    use4 = f"r4.n >= {MIN_REFERENCE}"

    def pick(column: str) -> str:
        return f"CASE WHEN {use6} THEN r6.{column} WHEN {use4} THEN r4.{column} END"

    return f"""
    SELECT b.declaration_id, b.item_no,
        CASE WHEN {use6} THEN 'hs6' WHEN {use4} THEN 'hs4' END AS reference_level,
        {pick("n")} AS reference_count, {pick("p05")} AS log_p05, {pick("p50")} AS log_p50,
        {pick("p95")} AS log_p95, {pick("mad")} AS log_mad
    FROM {_BASE} b
    LEFT JOIN _risk_reference_hs6 r6
      ON r6.goods = b.hs6 AND r6.origin_country = b.origin_country AND r6.month = b.month
    LEFT JOIN _risk_reference_hs4 r4
      ON r4.goods = b.hs4 AND r4.origin_country = b.origin_country AND r4.month = b.month"""


def _network_sql(has_network: bool) -> str:
    if not has_network:
        return f"""
        SELECT declaration_id, item_no, CAST(NULL AS DOUBLE) AS undeclared_related_seller,
            CAST(NULL AS DOUBLE) AS owner_in_secrecy_jurisdiction,
            CAST(NULL AS DOUBLE) AS structure_companies,
            CAST(NULL AS DOUBLE) AS structure_countries
        FROM {_BASE}"""
    return f"""
    WITH importer_entity AS (
        SELECT source_key, arg_max(entity_id, linked_at) AS entity_id
        FROM entity_link WHERE source_kind = 'importer' GROUP BY source_key
    ),
    undeclared AS (SELECT DISTINCT declaration_id, item_no FROM undeclared_relationship)
    SELECT b.declaration_id, b.item_no,
        CAST(CASE WHEN u.declaration_id IS NOT NULL THEN 1 ELSE 0 END AS DOUBLE)
            AS undeclared_related_seller,
        CAST(CASE WHEN s.entity_id IS NULL THEN NULL
             WHEN s.upstream_secrecy_owners > 0 OR s.secrecy_links > 0 THEN 1 ELSE 0 END
            AS DOUBLE) AS owner_in_secrecy_jurisdiction,
        CAST(s.companies AS DOUBLE) AS structure_companies,
        CAST(s.countries AS DOUBLE) AS structure_countries
    FROM {_BASE} b
    LEFT JOIN undeclared u ON u.declaration_id = b.declaration_id AND u.item_no = b.item_no
    LEFT JOIN importer_entity e ON e.source_key = b.importer_id
    LEFT JOIN structure_metric s ON s.entity_id = e.entity_id"""


def _rate(count: str, inspections: str, prior: str) -> str:
    return f"({count} + {PRIOR_WEIGHT} * {prior}) / ({inspections} + {PRIOR_WEIGHT})"


def _feature_sql() -> str:
    prior_fraud = "(h.all_frauds / nullif(h.all_inspections, 0))"
    prior_critical = "(h.all_criticals / nullif(h.all_inspections, 0))"
    histories = ",\n        ".join(
        f"{_rate(f'h.{k.name}_frauds', f'h.{k.name}_inspections', prior_fraud)} "
        f"AS {k.name}_fraud_rate,\n        "
        f"{_rate(f'h.{k.name}_criticals', f'h.{k.name}_inspections', prior_critical)} "
        f"AS {k.name}_critical_rate,\n        "
        f"CAST(h.{k.name}_inspections AS DOUBLE) AS {k.name}_inspections,\n        "
        f"CAST(h.{k.name}_frauds AS DOUBLE) AS {k.name}_frauds,\n        "
        f"CAST(h.{k.name}_criticals AS DOUBLE) AS {k.name}_criticals"
        for k in HISTORY_KEYS
    )
    z = (
        f"CASE WHEN b.unit_value_kg > 0 THEN (ln(b.unit_value_kg) - u.log_p50) "
        f"/ nullif({MAD_TO_SIGMA} * u.log_mad, 0) END"
    )
    return f"""
    SELECT b.declaration_id, b.item_no, b.day AS declaration_date,
        b.office_id, b.process_type, b.import_type, b.import_use, b.payment_type,
        b.transport_mode, b.declarant_id, b.importer_id, b.seller_id, b.courier_id,
        b.hs_code, b.hs6, b.hs4, b.hs2, b.origin_country, b.departure_country, b.tax_type,
        b.origin_indicator, b.consignment_value, b.consignment_mass,
        b.tax_rate, ln(1 + b.item_value) AS log_item_value, ln(1 + b.net_mass_kg) AS log_net_mass,
        b.unit_value_kg, b.unit_value_unit,
        exp(u.log_p50) AS reference_median, exp(u.log_p05) AS reference_p05,
        exp(u.log_p95) AS reference_p95, CAST(u.reference_count AS DOUBLE) AS reference_count,
        u.reference_level,
        {z} AS unit_value_z,
        b.unit_value_kg / exp(u.log_p50) AS unit_value_ratio,
        CAST(CASE WHEN b.departure_country IS NULL OR b.origin_country IS NULL THEN NULL
             WHEN b.departure_country <> b.origin_country THEN 1 ELSE 0 END AS DOUBLE)
            AS route_differs,
        CAST(h.importer_declarations AS DOUBLE) AS importer_declarations,
        CAST(CASE WHEN h.new_seller_for_importer THEN 1
             WHEN NOT h.new_seller_for_importer THEN 0 END AS DOUBLE) AS new_seller_for_importer,
        {histories},
        n.undeclared_related_seller, n.owner_in_secrecy_jurisdiction,
        n.structure_companies, n.structure_countries,
        b.item_value * coalesce(b.tax_rate, 0) / 100 AS duty_at_stake,
        b.known, b.known_fraud, b.known_critical
    FROM {_BASE} b
    JOIN {_HISTORY} h ON h.declaration_id = b.declaration_id AND h.item_no = b.item_no
    JOIN {_UNIT_VALUES} u ON u.declaration_id = b.declaration_id AND u.item_no = b.item_no
    JOIN {_NETWORK} n ON n.declaration_id = b.declaration_id AND n.item_no = b.item_no"""


def feature_steps(
    cutoff: dt.date | None = None, *, has_network: bool = False, outcomes: str | None = None
) -> list[Step]:
    """The steps that build ``risk_feature``; outcomes count only before ``cutoff``."""
    return [
        Step(_base_sql(cutoff, outcomes), _BASE, "temp", "declarations and known outcomes"),
        Step(_history_sql(), _HISTORY, "temp", "inspection histories before each day"),
        Step(_reference_sql("hs6"), "_risk_reference_hs6", "temp", "value per kg by HS6"),
        Step(_reference_sql("hs4"), "_risk_reference_hs4", "temp", "value per kg by HS4"),
        Step(_unit_value_sql(), _UNIT_VALUES, "temp", "each item's unit-value reference"),
        Step(_network_sql(has_network), _NETWORK, "temp", "network findings per item"),
        Step(_feature_sql(), FEATURE_TABLE, "replace", "one feature row per goods item"),
    ]


def network_has_run(engine: Engine) -> bool:
    """Whether the network stage has left findings to read."""
    return engine.count("SELECT count(*) FROM structure_metric") > 0


def build_features(
    engine: Engine, cutoff: dt.date | None = None, outcomes: str | None = None
) -> int:
    """Build ``risk_feature`` from the warehouse and return its row count.

    Args:
        engine: the warehouse.
        cutoff: in a backtest, the first day of the test period: outcomes of declarations
            from that day on are treated as unknown.
        outcomes: a table of known outcomes (declaration_id, item_no, fraud, critical) to
            use instead of the declarations' own inspection results.
    """
    steps = feature_steps(cutoff, has_network=network_has_run(engine), outcomes=outcomes)
    engine.run(steps)
    for step in steps[:-1]:
        engine.drop(step.output)
    return engine.count(f"SELECT count(*) FROM {FEATURE_TABLE}")
