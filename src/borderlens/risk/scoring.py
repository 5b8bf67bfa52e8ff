"""Train on the warehouse's known outcomes and score its declarations with a stored model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.features import FEATURE_TABLE, build_features
from borderlens.risk.features.catalog import available_features
from borderlens.risk.model import RiskModel, TrainingOptions, train_model

SCORE_TABLE = "risk_score"
SCORE_SCHEMA = pa.schema(
    [
        ("declaration_id", pa.string()),
        ("item_no", pa.int64()),
        ("declaration_date", pa.date32()),
        ("fraud_probability", pa.float64()),
        ("critical_probability", pa.float64()),
        ("duty_at_stake", pa.float64()),
        ("expected_revenue", pa.float64()),
        ("model_version", pa.string()),
        ("scored_at", pa.timestamp("us")),
    ]
)


def feature_rows(
    engine: Engine, cutoff: dt.date | None = None, outcomes: str | None = None
) -> tuple[pa.Table, tuple[str, ...]]:
    """Build ``risk_feature`` (see `build_features`) and return its rows, ordered by
    declaration and item, with the features they carry."""
    build_features(engine, cutoff, outcomes)
    table = engine.query(f"SELECT * FROM {FEATURE_TABLE} ORDER BY declaration_id, item_no")
    filled = {name: table.num_rows - table.column(name).null_count for name in table.column_names}
    return table, available_features(filled)


def train_on_warehouse(
    engine: Engine, until: dt.date | None = None, options: TrainingOptions | None = None
) -> RiskModel:
    """A model trained on every known inspection outcome (before ``until`` when given)."""
    table, features = feature_rows(engine, until)
    if until is not None:
        before = np.array([day < until for day in table.column("declaration_date").to_pylist()])
        table = table.filter(pa.array(before, pa.bool_()))
    return train_model(table, features, options)


def newest_model(folder: Path) -> Path:
    """The most recently trained artifact in ``folder`` (versions sort by training time)."""
    found = sorted(folder.glob("risk-*.json"))
    if not found:
        raise BorderLensError(f"no model in {folder}; train one with `borderlens train`")
    return found[-1]


def model_artifact(folder: Path, version: str) -> Path:
    """Where the artifact of model ``version`` is kept in ``folder``."""
    return folder / f"{version}.json"


def scoring_artifact(folder: Path, version: object, scored: str = "the declarations") -> Path:
    """The artifact of the model that wrote a score (of what ``scored`` names), refused with
    what to do when it is absent."""
    path = model_artifact(folder, str(version))
    if not isinstance(version, str) or not path.is_file():
        raise BorderLensError(
            f"the model that scored {scored} ({version}) is not in {folder}; restore its "
            "artifact there, or score the declarations again (`borderlens score`)"
        )
    return path


def model_that_scored(engine: Engine, folder: Path) -> RiskModel:
    """The model that wrote ``risk_score`` (its artifact in the model folder)."""
    version = engine.scalar(f"SELECT any_value(model_version) FROM {SCORE_TABLE}")
    return RiskModel.load(scoring_artifact(folder, version))


@dataclass(frozen=True)
class ScoreSummary:
    """What a scoring run wrote."""

    model_version: str
    rows: int
    mean_fraud_probability: float
    expected_revenue: float


def score_warehouse(engine: Engine, model: RiskModel) -> ScoreSummary:
    """Score every declaration item into ``risk_score`` (replacing the previous scores)."""
    return score_rows(engine, model, *feature_rows(engine))


def score_rows(
    engine: Engine, model: RiskModel, table: pa.Table, features: tuple[str, ...]
) -> ScoreSummary:
    """Score rows of ``risk_feature`` that carry ``features`` into ``risk_score``."""
    model.check_features(features)
    scores = model.predict(table)
    duty = np.nan_to_num(
        np.asarray(table.column("duty_at_stake").to_numpy(zero_copy_only=False), np.float64)
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = pa.Table.from_pydict(
        {
            "declaration_id": table.column("declaration_id"),
            "item_no": table.column("item_no"),
            "declaration_date": table.column("declaration_date"),
            "fraud_probability": scores.fraud,
            "critical_probability": scores.critical,
            "duty_at_stake": duty,
            "expected_revenue": scores.fraud * duty,
            "model_version": [model.version] * table.num_rows,
            "scored_at": [now] * table.num_rows,
        },
        schema=SCORE_SCHEMA,
    )
    engine.write_arrow(SCORE_TABLE, result, "replace")
    return ScoreSummary(
        model_version=model.version,
        rows=table.num_rows,
        mean_fraud_probability=float(scores.fraud.mean()) if len(scores.fraud) else 0.0,
        expected_revenue=float((scores.fraud * duty).sum()),
    )
