"""Explanations of chosen declarations, kept in ``risk_explanation`` beside their model version.

An officer opening a selected declaration reads the stored explanation; explaining again with
the same model replaces it, explanations by other model versions stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.engine.sql import sql_literal
from borderlens.errors import BorderLensError
from borderlens.risk.explain.contributions import Explanation, explain_rows
from borderlens.risk.features.build import FEATURE_TABLE
from borderlens.risk.model import RiskModel

EXPLANATION_TABLE = "risk_explanation"
EXPLANATION_SCHEMA = pa.schema(
    [
        ("declaration_id", pa.string()),
        ("item_no", pa.int64()),
        ("model_version", pa.string()),
        ("rank", pa.int64()),
        ("feature", pa.string()),
        ("contribution", pa.float64()),
        ("value", pa.string()),
        ("text", pa.string()),
        ("explained_at", pa.timestamp("us")),
    ]
)
_KEYS = "_explain_key"
_KEY_SCHEMA = pa.schema([("declaration_id", pa.string()), ("item_no", pa.int64())])


def _rows_sql(currency: bool) -> str:
    """The chosen rows with, when known, their currency."""
    currency_join = (
        "LEFT JOIN declaration d ON d.declaration_id = p.declaration_id AND d.item_no = p.item_no"
    )
    return f"""
    WITH picked AS (
        SELECT f.* FROM {FEATURE_TABLE} f
        JOIN {_KEYS} k ON k.declaration_id = f.declaration_id AND k.item_no = f.item_no
    )
    SELECT p.* {", d.currency" if currency else ""}
    FROM picked p
    {currency_join if currency else ""}
    ORDER BY p.declaration_id, p.item_no"""


def _has_currency(engine: Engine) -> bool:
    return engine.table_exists("declaration") and "currency" in engine.columns("declaration")


def _records(explanations: Iterable[Explanation], explained_at: dt.datetime) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in EXPLANATION_SCHEMA.names}
    for explanation in explanations:
        for rank, factor in enumerate(explanation.factors, start=1):
            for name, value in (
                ("declaration_id", explanation.declaration_id),
                ("item_no", explanation.item_no),
                ("model_version", explanation.model_version),
                ("rank", rank),
                ("feature", factor.feature),
                ("contribution", factor.contribution),
                ("value", factor.value),
                ("text", factor.text),
                ("explained_at", explained_at),
            ):
                columns[name].append(value)
    return pa.Table.from_pydict(columns, schema=EXPLANATION_SCHEMA)


def _read_rows(engine: Engine, keys: Sequence[tuple[str, int]]) -> pa.Table:
    if not engine.table_exists(FEATURE_TABLE):
        raise BorderLensError(
            f"there is no {FEATURE_TABLE} table to explain from; run `borderlens score` first"
        )
    unique = sorted(set(keys))
    wanted = pa.Table.from_pylist(
        [{"declaration_id": d, "item_no": i} for d, i in unique], schema=_KEY_SCHEMA
    )
    engine.write_arrow(_KEYS, wanted, "temp")
    table = engine.query(_rows_sql(_has_currency(engine)))
    if table.num_rows < len(unique):
        found = set(zip(*(table.column(c).to_pylist() for c in _KEY_SCHEMA.names), strict=True))
        missing = [f"{d} item {i}" for d, i in unique if (d, i) not in found]
        engine.drop(_KEYS)
        raise BorderLensError(
            f"{len(missing)} declaration items are not in {FEATURE_TABLE} "
            f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}); check the "
            "numbers, or run `borderlens score` to build features for new declarations"
        )
    return table


def explain_selection(
    engine: Engine,
    model: RiskModel,
    keys: Sequence[tuple[str, int]],
    top: int = 5,
    *,
    counter: bool = True,
) -> list[Explanation]:
    """Explain declaration items and store their top factors in ``risk_explanation``.

    Earlier explanations of the same items by the same model version are replaced; those by
    other versions are kept.

    Args:
        engine: the warehouse, with ``risk_feature`` built (`borderlens score` builds it).
        model: the model whose fraud score is explained.
        keys: (declaration_id, item_no) of the items to explain.
        top: factors stored per item (the ones that raised its fraud probability most).
        counter: also word each item's strongest factor against (returned, not stored).
    """
    if not keys:
        return []
    explanations = explain_rows(model, _read_rows(engine, keys), top, counter=counter)
    records = _records(explanations, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    with engine.transaction():
        if engine.table_exists(EXPLANATION_TABLE):
            engine.delete_matching(
                EXPLANATION_TABLE,
                _KEYS,
                ("declaration_id", "item_no"),
                f"t.model_version = {sql_literal(model.version)}",
            )
            engine.write_arrow(EXPLANATION_TABLE, records, "append")
        else:
            engine.write_arrow(EXPLANATION_TABLE, records, "replace")
    engine.drop(_KEYS)
    return explanations
