"""Feature rows as the numeric matrix LightGBM reads, categories coded by a stored vocabulary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from borderlens.risk.features.catalog import FEATURES

Matrix = npt.NDArray[np.float64]


def vocabularies(table: pa.Table, features: Sequence[str]) -> dict[str, list[str]]:
    """The values each categorical feature takes in ``table``, most frequent first.

    A value's code is its position; values the vocabulary does not know (seen only after
    training) become missing, which LightGBM sends down the side it learned for rare values.
    """
    found: dict[str, list[str]] = {}
    for name in features:
        if FEATURES[name].kind != "categorical":
            continue
        counts = pc.value_counts(table.column(name).drop_null().cast(pa.string()))
        values, frequencies = counts.field("values"), counts.field("counts")
        pairs = sorted(
            zip(values.to_pylist(), frequencies.to_pylist(), strict=True),
            key=lambda item: (-item[1], item[0]),
        )
        found[name] = [value for value, _ in pairs]
    return found


def feature_matrix(
    table: pa.Table, features: Sequence[str], vocabulary: Mapping[str, Sequence[str]]
) -> Matrix:
    """Rows x features as float64: numbers as they are, categories as vocabulary codes."""
    columns: list[npt.NDArray[np.float64]] = []
    for name in features:
        column = table.column(name)
        if name in vocabulary:
            known = pa.array(vocabulary[name], pa.string())
            codes = pc.index_in(column.cast(pa.string()), value_set=known)
            values = codes.cast(pa.float64()).fill_null(np.nan)
        else:
            values = pc.cast(column, pa.float64()).fill_null(np.nan)
        columns.append(np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64))
    if not columns:
        return np.empty((table.num_rows, 0), dtype=np.float64)
    return np.column_stack(columns)
