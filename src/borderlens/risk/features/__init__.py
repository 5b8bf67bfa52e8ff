"""Features for the risk models: what they are (`catalog`) and how the warehouse computes them."""

from borderlens.risk.features.build import FEATURE_TABLE, build_features, feature_steps
from borderlens.risk.features.catalog import (
    BASE_FEATURES,
    FEATURES,
    NETWORK_FEATURES,
    Feature,
)

__all__ = [
    "BASE_FEATURES",
    "FEATURES",
    "FEATURE_TABLE",
    "NETWORK_FEATURES",
    "Feature",
    "build_features",
    "feature_steps",
]
