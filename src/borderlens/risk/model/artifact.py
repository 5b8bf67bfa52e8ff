"""A trained risk model as one JSON file: both boosters, their features and where they came from.

The artifact says which features it reads, how categories were coded, what window and data it
was trained on (a SHA-256 of the training matrix) and how it scored on the held-out end of
that window. It refuses to score data whose features differ from its own and refuses to load
when it was written in another artifact format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pyarrow as pa

from borderlens.errors import ModelMismatchError
from borderlens.risk.metrics import Vector
from borderlens.risk.model.matrix import Matrix, feature_matrix

ARTIFACT_FORMAT = 1
"""Bumped whenever the artifact layout or the meaning of a feature changes."""


@dataclass(frozen=True)
class Scores:
    """Per row: probability of fraud and of critical fraud."""

    fraud: Vector
    critical: Vector


@dataclass
class RiskModel:
    """Two LightGBM boosters (fraud, critical fraud) over one feature list."""

    version: str
    features: tuple[str, ...]
    vocabulary: dict[str, list[str]]
    fraud: lgb.Booster
    critical: lgb.Booster
    trained_at: str
    training_window: tuple[str, str]
    training_rows: int
    data_hash: str
    metrics: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    def check_features(self, available: Sequence[str]) -> None:
        """Refuse data that does not carry exactly this model's features."""
        missing = [name for name in self.features if name not in available]
        extra = [name for name in available if name not in self.features]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"the data lacks {', '.join(missing)}")
            if extra:
                parts.append(f"the model was not trained on {', '.join(extra)}")
            raise ModelMismatchError(
                f"model {self.version} cannot score this data: {'; '.join(parts)}. "
                "Run the stages the model was trained with (`borderlens network` for network "
                "features) or train a new model with `borderlens train`."
            )

    def matrix(self, table: pa.Table) -> Matrix:
        """The model's feature matrix for rows of ``risk_feature``."""
        return feature_matrix(table, self.features, self.vocabulary)

    def predict(self, table: pa.Table) -> Scores:
        """Fraud and critical-fraud probabilities for rows of ``risk_feature``."""
        rows = self.matrix(table)
        if not len(rows):
            empty = np.empty(0, dtype=np.float64)
            return Scores(empty, empty)
        return Scores(
            np.asarray(self.fraud.predict(rows), dtype=np.float64),
            np.asarray(self.critical.predict(rows), dtype=np.float64),
        )

    def save(self, path: Path) -> Path:
        """Write the artifact (creating its folder) and return its path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "artifact_format": ARTIFACT_FORMAT,
            "version": self.version,
            "features": list(self.features),
            "vocabulary": self.vocabulary,
            "trained_at": self.trained_at,
            "training_window": list(self.training_window),
            "training_rows": self.training_rows,
            "data_hash": self.data_hash,
            "metrics": self.metrics,
            "parameters": self.parameters,
            "fraud_model": self.fraud.model_to_string(),
            "critical_model": self.critical.model_to_string(),
        }
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        """Read an artifact; refuse one of another format with a message that says what to do."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelMismatchError(f"{path}: not a readable model artifact ({exc})") from exc
        found = document.get("artifact_format") if isinstance(document, dict) else None
        if found != ARTIFACT_FORMAT:
            raise ModelMismatchError(
                f"{path}: model artifact format {found!r}, but this BorderLens reads format "
                f"{ARTIFACT_FORMAT}; train a new model with `borderlens train`"
            )
        return cls(
            version=document["version"],
            features=tuple(document["features"]),
            vocabulary=document["vocabulary"],
            fraud=lgb.Booster(model_str=document["fraud_model"]),
            critical=lgb.Booster(model_str=document["critical_model"]),
            trained_at=document["trained_at"],
            training_window=(document["training_window"][0], document["training_window"][1]),
            training_rows=int(document["training_rows"]),
            data_hash=document["data_hash"],
            metrics=document["metrics"],
            parameters=document["parameters"],
        )
