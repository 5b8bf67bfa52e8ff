"""The learned risk models: LightGBM for fraud and for critical fraud, in one versioned artifact."""

from borderlens.risk.model.artifact import ARTIFACT_FORMAT, RiskModel
from borderlens.risk.model.training import TrainingOptions, train_model

__all__ = ["ARTIFACT_FORMAT", "RiskModel", "TrainingOptions", "train_model"]
