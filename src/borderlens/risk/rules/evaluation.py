"""Apply rule profiles to the warehouse: every item each rule hits lands in ``risk_rule_hit``.

Profiles are read and checked before anything runs, then checked again against the columns
``risk_feature`` really has (a table built before the network stage, or by an older version,
may lack one), so a bad rule stops the run with its name instead of failing inside the SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from borderlens.engine.base import Engine
from borderlens.errors import RuleProfileError
from borderlens.risk.features.build import FEATURE_TABLE, build_features
from borderlens.risk.rules.columns import RULE_COLUMNS, ColumnKind, table_columns
from borderlens.risk.rules.parsing import load_profile
from borderlens.risk.rules.profile import Profile
from borderlens.risk.rules.sql import HIT_SCHEMA, HIT_TABLE, hit_step

_KEY_COLUMNS: dict[str, ColumnKind] = {
    "declaration_id": "text",
    "item_no": "number",
    "declaration_date": "date",
}
_PLURAL = {"text": "text", "number": "numbers", "date": "dates"}


@dataclass(frozen=True)
class RuleSummary:
    """What an evaluation wrote: hits per rule id (0 for rules that hit nothing) and channel."""

    profiles: tuple[str, ...]
    hits_by_rule: dict[str, int]
    hits_by_channel: dict[str, int]
    items_hit: int
    evaluated_at: dt.datetime

    @property
    def hits(self) -> int:
        """Rows written: one per item and rule that hit it."""
        return sum(self.hits_by_rule.values())


def _check_unique_ids(profiles: list[Profile]) -> None:
    """Rule ids identify hits across profiles, so two profiles applied together may not share
    one."""
    owner: dict[str, Profile] = {}
    for profile in profiles:
        for rule in profile.rules:
            if rule.id in owner:
                raise RuleProfileError(
                    f"{profile.path}: {rule.label}: id: '{rule.id}' is also a rule of "
                    f"{owner[rule.id].path}; rule ids must differ across the profiles applied"
                )
            owner[rule.id] = profile


def check_columns(profile: Profile, columns: Mapping[str, ColumnKind | None]) -> None:
    """Refuse a rule that reads a column the feature table lacks or holds another kind in."""
    for rule in profile.rules:
        for column in rule.columns:
            if column not in columns:
                raise RuleProfileError(
                    f"{profile.path}: {rule.label}: column '{column}' is not in {FEATURE_TABLE}; "
                    "rebuild the features (borderlens score) or drop the condition"
                )
            actual = columns[column]
            expected = RULE_COLUMNS.get(column, actual)
            if actual is None or actual != expected:
                wanted = _PLURAL[expected] if expected else "text, numbers or dates"
                raise RuleProfileError(
                    f"{profile.path}: {rule.label}: column '{column}' of {FEATURE_TABLE} does "
                    f"not hold {wanted}; rebuild the features (borderlens score)"
                )


def _feature_columns(engine: Engine) -> dict[str, ColumnKind | None]:
    columns = table_columns(engine.query(f"SELECT * FROM {FEATURE_TABLE} LIMIT 0").schema)
    for name, kind in _KEY_COLUMNS.items():
        if columns.get(name) != kind:
            raise RuleProfileError(
                f"{FEATURE_TABLE} lacks the {kind} column {name}; rebuild the features "
                "(borderlens score)"
            )
    return columns


def _hits_by(engine: Engine, column: str) -> dict[str, int]:
    rows = engine.query(f"SELECT {column} AS key, count(*) AS hits FROM {HIT_TABLE} GROUP BY 1")
    return {str(row["key"]): int(row["hits"]) for row in rows.to_pylist()}


def _summary(engine: Engine, profiles: list[Profile], evaluated_at: dt.datetime) -> RuleSummary:
    found = _hits_by(engine, "rule_id")
    return RuleSummary(
        profiles=tuple(p.name for p in profiles),
        hits_by_rule={rule.id: found.get(rule.id, 0) for p in profiles for rule in p.rules},
        hits_by_channel=_hits_by(engine, "channel"),
        items_hit=engine.count(
            f"SELECT count(*) FROM (SELECT DISTINCT declaration_id, item_no FROM {HIT_TABLE})"
        ),
        evaluated_at=evaluated_at,
    )


def apply_profiles(
    engine: Engine, profiles: list[Profile], *, refresh_features: bool = False
) -> RuleSummary:
    """Write the hits of ``profiles`` to ``risk_rule_hit``, replacing the previous hits.

    The feature table is built when it is missing, or when ``refresh_features`` asks for it
    (rules then see the declarations loaded since the last build).
    """
    _check_unique_ids(profiles)
    if refresh_features or not engine.table_exists(FEATURE_TABLE):
        build_features(engine)
    columns = _feature_columns(engine)
    for profile in profiles:
        check_columns(profile, columns)
    evaluated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if not any(profile.rules for profile in profiles):
        engine.write_arrow(HIT_TABLE, HIT_SCHEMA.empty_table(), "replace")
    else:
        numeric = frozenset(name for name, kind in columns.items() if kind == "number")
        engine.run([hit_step(profiles, evaluated_at, numeric)])
    return _summary(engine, profiles, evaluated_at)


def evaluate_rules(
    engine: Engine, paths: Iterable[Path | str], *, refresh_features: bool = False
) -> RuleSummary:
    """Load the profiles at ``paths`` and apply them to the warehouse (see `apply_profiles`).

    Example:
        >>> summary = evaluate_rules(engine, ["profiles/baseline.yaml"])  # doctest: +SKIP
        >>> summary.hits_by_rule["weapons-explosives"]  # doctest: +SKIP
        12
    """
    return apply_profiles(
        engine, [load_profile(path) for path in paths], refresh_features=refresh_features
    )
