"""Explanations an officer can read: the factors behind a declaration's fraud probability.

SHAP values from LightGBM (exact, additive), grouped so related features make one sentence,
worded with the values behind them. See docs/explanations.md.
"""

from borderlens.risk.explain.contributions import (
    Explanation,
    Factor,
    explain_rows,
    feature_contributions,
)
from borderlens.risk.explain.groups import Group, group_of, groups_for
from borderlens.risk.explain.store import EXPLANATION_SCHEMA, EXPLANATION_TABLE, explain_selection

__all__ = [
    "EXPLANATION_SCHEMA",
    "EXPLANATION_TABLE",
    "Explanation",
    "Factor",
    "Group",
    "explain_rows",
    "explain_selection",
    "feature_contributions",
    "group_of",
    "groups_for",
]
