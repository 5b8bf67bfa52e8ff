"""Risk criteria written by analysts: YAML rule profiles applied to ``risk_feature``.

A rule sends every goods item that meets all its conditions to a channel (red, yellow, blue,
green) with a reason an officer reads; `evaluate_rules` writes the hits to ``risk_rule_hit``.
The format is documented in docs/rules.md; ``BASELINE_PROFILE`` is a working example.
"""

from pathlib import Path

from borderlens.risk.rules.evaluation import RuleSummary, apply_profiles, evaluate_rules
from borderlens.risk.rules.parsing import load_profile
from borderlens.risk.rules.profile import CHANNELS, Channel, Condition, Profile, Rule
from borderlens.risk.rules.sql import HIT_SCHEMA, HIT_TABLE

BASELINE_PROFILE = Path(__file__).parent / "profiles" / "baseline.yaml"
"""The profile shipped with BorderLens: a handful of criteria any administration starts from."""

__all__ = [
    "BASELINE_PROFILE",
    "CHANNELS",
    "HIT_SCHEMA",
    "HIT_TABLE",
    "Channel",
    "Condition",
    "Profile",
    "Rule",
    "RuleSummary",
    "apply_profiles",
    "evaluate_rules",
    "load_profile",
]
