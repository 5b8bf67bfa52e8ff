"""Why the model scored a row as it did: LightGBM's SHAP values, grouped and worded.

``Booster.predict(rows, pred_contrib=True)`` gives, per row, each feature's exact SHAP value
(TreeSHAP, in log-odds) and the model's expected value; together they add up to the row's
raw score. That additivity is what makes a grouped, ranked explanation honest: the factors
shown plus the ones not shown plus the bias are the score. TreeSHAP costs far more than a
prediction (about 2,000 rows/s on 2 cores for the default models), so only the rows asked for
are explained.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from borderlens.errors import ModelMismatchError
from borderlens.risk.explain.context import Context
from borderlens.risk.explain.groups import Group, groups_for
from borderlens.risk.model import RiskModel

Matrix = npt.NDArray[np.float64]
CHUNK_ROWS = 20_000
"""Rows per pred_contrib call: bounds the memory of the contribution matrix LightGBM returns."""
THREADS = 2


@dataclass(frozen=True)
class Factor:
    """One reason behind a score: a feature or group of features, its SHAP value (log-odds),
    the value behind it as text and a sentence an officer can read."""

    feature: str
    contribution: float
    value: str
    text: str
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """A row's fraud probability and the factors that pushed it up (strongest first), with the
    strongest factor that pulled it down."""

    declaration_id: str
    item_no: int
    model_version: str
    fraud_probability: float
    raw_score: float
    bias: float
    factors: tuple[Factor, ...]
    counter: Factor | None


def feature_contributions(model: RiskModel, table: pa.Table, threads: int = THREADS) -> Matrix:
    """Rows x (features + 1): each feature's SHAP value for the fraud model, then the bias.

    Each row sums to the raw score (log-odds) ``model.fraud.predict(..., raw_score=True)``.
    """
    rows = model.matrix(table)
    width = len(model.features) + 1
    parts = [np.empty((0, width), dtype=np.float64)]
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        found = model.fraud.predict(chunk, pred_contrib=True, num_threads=threads)
        parts.append(np.asarray(found, dtype=np.float64).reshape(-1, width))
    return np.vstack(parts)


def _membership(features: Sequence[str], groups: Sequence[Group]) -> Matrix:
    """Features x groups, 1 where a feature belongs to a group: contributions @ it = group sums."""
    position = {name: index for index, name in enumerate(features)}
    matrix = np.zeros((len(features), len(groups)), dtype=np.float64)
    for column, group in enumerate(groups):
        for name in group.features:
            matrix[position[name], column] = 1.0
    return matrix


class _Row(Mapping[str, Any]):
    """Row ``index`` of a column dict, read lazily (only worded factors touch their columns)."""

    def __init__(self, columns: Mapping[str, list[Any]], index: int) -> None:
        self._columns, self._index = columns, index

    def __getitem__(self, name: str) -> Any:
        return self._columns[name][self._index]

    def get(self, name: str, default: Any = None) -> Any:
        """The row's value of ``name``, or ``default`` when the table has no such column."""
        column = self._columns.get(name)
        return default if column is None else column[self._index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


def _context(row: Mapping[str, Any], vocabulary: Mapping[str, frozenset[str]]) -> Context:
    currency = row.get("currency")
    return Context(
        row=row,
        vocabulary=vocabulary,
        currency=str(currency) if currency else None,
    )


def _factor(
    group: Group, contribution: float, shap: Mapping[str, float], context: Context
) -> Factor:
    worded = Context(context.row, context.vocabulary, shap, context.currency)
    value, text = group.word(worded, group.features)
    return Factor(group.name, contribution, value, text, group.features)


def _check_columns(model: RiskModel, table: pa.Table) -> None:
    missing = [name for name in model.features if name not in table.column_names]
    if missing:
        raise ModelMismatchError(
            f"model {model.version} cannot explain these rows: they lack {', '.join(missing)}. "
            "Explain rows of risk_feature built by `borderlens score`."
        )


class _Scored:
    """Contributions of a batch of rows, per feature and per group, ranked for all rows at once
    and held as Python numbers: wording reads them one at a time."""

    def __init__(self, model: RiskModel, contributions: Matrix, top: int) -> None:
        self.model = model
        self.groups = groups_for(model.features)
        grouped = contributions[:, :-1] @ _membership(model.features, self.groups)
        self.vocabulary = {name: frozenset(values) for name, values in model.vocabulary.items()}
        self.positions = {name: index for index, name in enumerate(model.features)}
        self.contributions: list[list[float]] = contributions.tolist()
        self.grouped: list[list[float]] = grouped.tolist()
        self.ranked: list[list[int]] = np.argsort(-grouped, axis=1, kind="stable")[:, :top].tolist()
        self.lowest: list[int] = (
            grouped.argmin(axis=1).tolist() if self.groups else [-1] * len(contributions)
        )
        self.raw: list[float] = contributions.sum(axis=1).tolist()

    def factor(self, row: int, column: int, context: Context) -> Factor:
        group, values, position = self.groups[column], self.contributions[row], self.positions
        shap = {name: values[position[name]] for name in group.features}
        return _factor(group, self.grouped[row][column], shap, context)

    def explain(self, row: int, values: Mapping[str, Any], counter: bool) -> Explanation:
        context = _context(values, self.vocabulary)
        scores = self.grouped[row]
        factors = tuple(self.factor(row, c, context) for c in self.ranked[row] if scores[c] > 0)
        lowest = self.lowest[row]
        against = None
        if counter and lowest >= 0 and scores[lowest] < 0:
            against = self.factor(row, lowest, context)
        raw = self.raw[row]
        return Explanation(
            declaration_id=str(values["declaration_id"]),
            item_no=int(values["item_no"]),
            model_version=self.model.version,
            fraud_probability=1.0 / (1.0 + math.exp(-raw)),
            raw_score=raw,
            bias=self.contributions[row][-1],
            factors=factors,
            counter=against,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch is worded.

    Wording 50,000 rows makes hundreds of thousands of objects and no reference cycles, and
    every collection walks all of them: a quarter of the wording time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def explain_rows(
    model: RiskModel, table: pa.Table, top: int = 5, *, counter: bool = True
) -> list[Explanation]:
    """The ``top`` factors that pushed each row's fraud probability up, strongest first.

    Args:
        model: the risk model whose fraud booster is explained.
        table: rows of ``risk_feature`` with all its columns (optionally ``currency``).
        top: factors per row; rows with fewer features pushing up get fewer.
        counter: also word the strongest factor that pulled the probability down.

    Example:
        >>> explain_rows(model, rows, top=3)[0].factors[0].text  # doctest: +SKIP
        'this importer (QLRUBN9): 7 of 9 earlier inspections found fraud (smoothed rate 0.61)'
    """
    _check_columns(model, table)
    contributions = feature_contributions(model, table)
    with _collector_paused():
        scored = _Scored(model, contributions, top)
        columns = table.to_pydict()
        return [
            scored.explain(index, _Row(columns, index), counter) for index in range(table.num_rows)
        ]
