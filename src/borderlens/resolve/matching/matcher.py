"""Train a Splink model on the records themselves (no labels) and score candidate pairs.

The same settings run on Splink's DuckDB backend (a private in-memory database, so the
warehouse never sees Splink's scratch tables) or on its Spark backend.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import weakref
from typing import Any

import pyarrow as pa

from borderlens.resolve.matching.models import MATCH_THRESHOLD, ModelSpec

TRAINING_MIN_RECORDS = 200
"""Below this many records the prior parameters are used as they are: too few pairs to learn."""

U_SAMPLE_PAIRS = 5e6
SEED = 20261129

PAIR_SCHEMA = pa.schema(
    [
        ("unique_id_l", pa.string()),
        ("unique_id_r", pa.string()),
        ("match_probability", pa.float64()),
        ("match_weight", pa.float64()),
        ("deciding_comparison", pa.string()),
    ]
)


SPLINK_MEMORY_LIMIT = "3GB"
"""DuckDB's buffer pool for Splink's private database; past it, DuckDB spills to disk."""


def duckdb_api(memory_limit: str = SPLINK_MEMORY_LIMIT) -> Any:
    """Splink's DuckDB backend on a private in-memory database with a bounded buffer pool."""
    import duckdb
    from splink import DuckDBAPI

    spill = tempfile.mkdtemp(prefix="borderlens-splink-")
    connection = duckdb.connect(
        ":memory:", config={"memory_limit": memory_limit, "temp_directory": spill}
    )
    connection.execute("SET preserve_insertion_order = false")
    api = DuckDBAPI(connection)
    # The spill folder lives as long as the backend: gigabytes on a large run, which a folder
    # left behind per run would pile up in the temporary directory.
    weakref.finalize(api, _close_and_remove, connection, spill)
    return api


def _close_and_remove(connection: Any, spill: str) -> None:
    connection.close()
    shutil.rmtree(spill, ignore_errors=True)


class SplinkMatcher:
    """Fit a model to records (unsupervised), then score their candidate pairs.

    Args:
        spec: the versioned model (comparisons, blocking, training rules).
        db_api: a Splink database API; a private DuckDB one when omitted.
        threshold: pairs scoring below this probability are not returned.
        min_training_records: with fewer records the prior parameters are kept.
    """

    def __init__(
        self,
        spec: ModelSpec,
        *,
        db_api: Any = None,
        threshold: float = MATCH_THRESHOLD,
        min_training_records: int = TRAINING_MIN_RECORDS,
    ) -> None:
        self.spec = spec
        self.db_api = db_api
        self.threshold = threshold
        self.min_training_records = min_training_records

    def fit(self, *tables: pa.Table) -> SplinkMatcher:
        """Learn the model's parameters from the records (one table dedupes, two link)."""
        logging.getLogger("splink").setLevel(logging.WARNING)
        from splink import Linker

        db_api = self.db_api if self.db_api is not None else duckdb_api()
        inputs = [db_api.register(_for_backend(db_api, table)) for table in tables]
        link_type = "dedupe_only" if len(inputs) == 1 else "link_only"
        self.records_ = sum(table.num_rows for table in tables)
        self.trained_ = self.records_ >= self.min_training_records
        settings = (
            self.spec.settings(link_type)
            if self.trained_
            else self.spec.settings(
                link_type, term_frequencies=False, match_share=_untrained_match_share(tables)
            )
        )
        self.linker_ = Linker(inputs if len(inputs) > 1 else inputs[0], settings, log_level=None)
        if self.trained_:
            self._train()
        return self

    def _train(self) -> None:
        training = self.linker_.training
        try:
            training.estimate_probability_two_random_records_match(
                list(self.spec.deterministic_rules), recall=0.7
            )
        except Exception:  # too few deterministic matches to estimate from: keep the prior
            logging.getLogger(__name__).info("kept the prior share of matching pairs")
        training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
        for rule in self.spec.training_rules:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )

    def predict(self) -> pa.Table:
        """Scored pairs at or above the threshold, with the comparison that weighed most."""
        frame = self.linker_.inference.predict(threshold_match_probability=self.threshold)
        # Only the ids, scores and per-comparison weights: the compared values stay behind.
        names = [column.unquote().name for column in frame.columns]
        wanted = [
            name
            for name in names
            if name.startswith("mw_")
            or name in ("unique_id_l", "unique_id_r", "match_probability", "match_weight")
        ]
        table = self.linker_.misc.query_sql(  # type: ignore[no-untyped-call]
            f"SELECT {', '.join(wanted)} FROM {frame.physical_name}", output_type="pandas"
        )
        frame.drop_table_from_database_and_remove_from_cache()
        return _pairs(table)

    def settings_json(self) -> dict[str, Any]:
        """The fitted model as Splink's settings dictionary (parameters included)."""
        result: dict[str, Any] = self.linker_.misc.save_model_to_json()
        return result


def _untrained_match_share(tables: tuple[pa.Table, ...]) -> float:
    """A prior share of matching pairs for a short list: as if half its records had a match."""
    sizes = [table.num_rows for table in tables]
    pairs = sizes[0] * sizes[1] if len(sizes) == 2 else sizes[0] * (sizes[0] - 1) / 2
    if pairs <= 0:
        return 1e-4
    share = 0.5 * max(sizes) / pairs
    return float(min(0.5, max(1e-6, share)))


def _for_backend(db_api: Any, table: pa.Table) -> Any:
    """Arrow for DuckDB; a Spark DataFrame for Spark (Splink registers either)."""
    spark = getattr(db_api, "spark", None)
    if spark is None:
        return table
    return spark.createDataFrame(table.to_pandas())


def _pairs(frame: Any) -> pa.Table:
    """Pairs with the name of the comparison carrying the largest match weight."""
    names = [
        name[3:]
        for name in frame.columns
        if name.startswith("mw_") and not name.startswith("mw_tf_adj_")
    ]
    weights = frame[[f"mw_{name}" for name in names]].fillna(0.0).to_numpy(copy=True)
    for index, name in enumerate(names):
        if f"mw_tf_adj_{name}" in frame.columns:
            weights[:, index] += frame[f"mw_tf_adj_{name}"].fillna(0.0).to_numpy()
    deciding = [names[index] for index in weights.argmax(axis=1)] if names else []
    return pa.table(
        {
            "unique_id_l": frame["unique_id_l"].astype(str).tolist(),
            "unique_id_r": frame["unique_id_r"].astype(str).tolist(),
            "match_probability": frame["match_probability"].astype(float).tolist(),
            "match_weight": frame["match_weight"].astype(float).tolist(),
            "deciding_comparison": deciding if len(frame) else [],
        },
        schema=PAIR_SCHEMA,
    )
