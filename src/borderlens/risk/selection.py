"""Channels for every declaration item within an inspection budget, with an exploration share.

Customs systems such as ASYCUDA route each declaration to a channel:

- **red**: physical examination (the inspection budget);
- **yellow**: documentary check;
- **blue**: release now, post-clearance audit;
- **green**: release.

Items that an analyst's rule sends to a channel (``risk_rule_hit``, see docs/rules.md) go there
first: red rule hits are examined whatever the budget, and count against it. Each day (and
office, when the budget is a count per office per day) the rest of the red budget is filled by
the policy, except an exploration share drawn uniformly at random from the declarations the
policy passed over and marked as such: without it the model only ever learns about what it
already picks. Every row records the probability it had of being sent red (its propensity):
1 for the policy's picks, the draw rate for the rest, so that a later retraining can weigh the
inspected rows by the inverse of that probability. Yellow and blue then take the next rows of
the policy's fraud ranking up to their rates; the rest is green.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.metrics import Vector
from borderlens.risk.model.artifact import Scores
from borderlens.risk.policy import Policy
from borderlens.risk.scoring import SCORE_TABLE

SELECTION_TABLE = "risk_selection"
RULE_HIT_TABLE = "risk_rule_hit"
Channel = Literal["red", "yellow", "blue", "green"]

_STRONGEST_HIT = f"""
    SELECT declaration_id, item_no,
        arg_min(channel, CASE channel WHEN 'red' THEN 1 WHEN 'yellow' THEN 2
                                      WHEN 'blue' THEN 3 ELSE 4 END) AS channel,
        arg_min(rule_id, CASE channel WHEN 'red' THEN 1 WHEN 'yellow' THEN 2
                                      WHEN 'blue' THEN 3 ELSE 4 END) AS rule_id
    FROM {RULE_HIT_TABLE} GROUP BY declaration_id, item_no"""
"""Per item, its strongest rule hit: red before yellow before blue before green."""
_NO_HITS = """
    SELECT CAST(NULL AS VARCHAR) AS declaration_id, CAST(NULL AS BIGINT) AS item_no,
        CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS rule_id WHERE false"""


@dataclass(frozen=True)
class Budget:
    """How many items go red: a share of each day's items, or a count per office per day."""

    share: float | None = 0.05
    per_office_per_day: int | None = None

    def __post_init__(self) -> None:
        if (self.share is None) == (self.per_office_per_day is None):
            raise BorderLensError("give the budget as a share or as a count per office per day")
        if self.share is not None and not 0 < self.share <= 1:
            raise BorderLensError(f"a budget share must be above 0 and at most 1, not {self.share}")
        if self.per_office_per_day is not None and self.per_office_per_day < 0:
            raise BorderLensError("a count per office per day cannot be negative")

    def red(self, rows: int) -> int:
        """Red items in a group of ``rows`` items (a day, or an office's day)."""
        if self.per_office_per_day is not None:
            return min(rows, self.per_office_per_day)
        assert self.share is not None
        return min(rows, round(rows * self.share))


@dataclass(frozen=True)
class ChannelRates:
    """Shares of items for the documentary and audit channels, matched to their capacity."""

    yellow: float = 0.10
    blue: float = 0.10


@dataclass(frozen=True)
class GroupSelection:
    """One group's channels, who picked each red item, and the propensity of each item."""

    channel: list[Channel]
    picked_by: list[str]
    propensity: Vector


def select_group(
    scores: Scores,
    duty: Vector,
    red: int,
    policy: Policy,
    exploration: float,
    rates: ChannelRates,
    rng: np.random.Generator,
    rules: Sequence[tuple[Channel, str] | None] | None = None,
) -> GroupSelection:
    """Channels for one day's (or office-day's) items.

    Args:
        scores: fraud and critical-fraud probabilities of the items.
        duty: duty at stake per item.
        red: how many items go red.
        policy: fills the red budget minus the exploration share.
        exploration: share of the red budget drawn at random among the rest.
        rates: yellow and blue shares of all the items.
        rng: the random draws (seeded by the caller, so a selection can be repeated).
        rules: per item, the channel and rule id of its strongest rule hit, or None.
    """
    rows = len(duty)
    hits = list(rules) if rules is not None else [None] * rows
    ruled_red = np.array([hit is not None and hit[0] == "red" for hit in hits], dtype=np.bool_)
    open_red = max(0, red - int(ruled_red.sum()))
    explore = min(open_red, round(open_red * exploration))
    free = np.flatnonzero(~ruled_red)
    by_policy = np.zeros(rows, dtype=np.bool_)
    picks = policy.select_count(
        Scores(scores.fraud[free], scores.critical[free]), duty[free], open_red - explore
    )
    by_policy[free[picks]] = True
    passed_over = np.flatnonzero(~by_policy & ~ruled_red)
    explored = rng.choice(passed_over, size=min(explore, len(passed_over)), replace=False)
    draw_rate = len(explored) / len(passed_over) if len(passed_over) else 0.0
    channel: list[Channel] = ["green"] * rows
    picked_by = [""] * rows
    propensity = np.full(rows, draw_rate, dtype=np.float64)
    for picked in np.flatnonzero(by_policy).tolist():
        channel[picked], picked_by[picked], propensity[picked] = "red", f"policy:{policy.name}", 1
    for drawn in explored.tolist():
        channel[drawn], picked_by[drawn] = "red", "exploration"
    for row, hit in enumerate(hits):
        if hit is not None and channel[row] == "green":
            channel[row], picked_by[row] = hit[0], f"rule:{hit[1]}"
            propensity[row] = 1.0 if hit[0] == "red" else propensity[row]
    ranked = [
        i
        for i in np.argsort(-scores.fraud, kind="stable").tolist()
        if channel[i] == "green" and hits[i] is None
    ]
    yellow = max(0, round(rows * rates.yellow) - channel.count("yellow"))
    blue = max(0, round(rows * rates.blue) - channel.count("blue"))
    for position, row in enumerate(ranked[: yellow + blue]):
        channel[row] = "yellow" if position < yellow else "blue"
        picked_by[row] = f"rank:{channel[row]}"
    return GroupSelection(channel, picked_by, propensity)


@dataclass(frozen=True)
class SelectionSummary:
    """Items per channel, and how many red ones exploration drew."""

    channels: dict[str, int]
    explored: int
    groups: int


def select_declarations(
    engine: Engine,
    policy: Policy,
    budget: Budget,
    *,
    exploration: float = 0.05,
    rates: ChannelRates | None = None,
    since: dt.date | None = None,
    seed: int = 0,
) -> SelectionSummary:
    """Route the scored items (``risk_score``) to channels into ``risk_selection``."""
    if not 0 <= exploration <= 1:
        raise BorderLensError(f"the exploration share must be between 0 and 1, not {exploration}")
    if not engine.table_exists(SCORE_TABLE):
        raise BorderLensError("nothing is scored yet; run `borderlens score` first")
    where = f"WHERE s.declaration_date >= DATE '{since.isoformat()}'" if since else ""
    hits = _STRONGEST_HIT if engine.table_exists(RULE_HIT_TABLE) else _NO_HITS
    table = engine.query(f"""
        WITH hit AS ({hits})
        SELECT s.declaration_id, s.item_no, s.declaration_date, d.office_id,
            s.fraud_probability, s.critical_probability, s.duty_at_stake, s.model_version,
            h.channel AS rule_channel, h.rule_id
        FROM {SCORE_TABLE} s
        JOIN declaration d ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no
        LEFT JOIN hit h ON h.declaration_id = s.declaration_id AND h.item_no = s.item_no
        {where}
        ORDER BY s.declaration_date, d.office_id, s.declaration_id, s.item_no""")
    if not table.num_rows:
        raise BorderLensError("no scored declarations to select from")
    rng = np.random.default_rng(seed)
    keys = _group_keys(table, budget)
    channels: list[str] = []
    picked_by: list[str] = []
    propensity: list[float] = []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    fraud = np.asarray(table.column("fraud_probability").to_numpy(zero_copy_only=False))
    critical = np.asarray(table.column("critical_probability").to_numpy(zero_copy_only=False))
    duty = np.nan_to_num(np.asarray(table.column("duty_at_stake").to_numpy(zero_copy_only=False)))
    rule_hits: list[tuple[Channel, str] | None] = [
        (channel, rule) if channel else None
        for channel, rule in zip(
            table.column("rule_channel").to_pylist(), table.column("rule_id").to_pylist(),
            strict=True,
        )
    ]  # fmt: skip
    for start, end in zip(starts, ends, strict=True):
        group = select_group(
            Scores(fraud[start:end], critical[start:end]),
            duty[start:end],
            budget.red(int(end - start)),
            policy,
            exploration,
            rates or ChannelRates(),
            rng,
            rule_hits[start:end],
        )
        channels += group.channel
        picked_by += group.picked_by
        propensity += group.propensity.tolist()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = table.select(
        ["declaration_id", "item_no", "declaration_date", "office_id", "fraud_probability",
         "model_version"]
    ).append_column("channel", pa.array(channels, pa.string()))  # fmt: skip
    result = result.append_column("picked_by", pa.array(picked_by, pa.string()))
    result = result.append_column("propensity", pa.array(propensity, pa.float64()))
    rows = table.num_rows
    result = result.append_column("policy", pa.array([policy.name] * rows, pa.string()))
    result = result.append_column("selected_at", pa.array([now] * rows, pa.timestamp("us")))
    engine.write_arrow(SELECTION_TABLE, result, "replace")
    counts = {name: channels.count(name) for name in ("red", "yellow", "blue", "green")}
    return SelectionSummary(counts, picked_by.count("exploration"), len(starts))


def _group_keys(table: pa.Table, budget: Budget) -> np.ndarray:
    days = [day.isoformat() for day in table.column("declaration_date").to_pylist()]
    if budget.per_office_per_day is None:
        return np.array(days, dtype=object)
    offices = table.column("office_id").to_pylist()
    return np.array([f"{day}|{office}" for day, office in zip(days, offices, strict=True)])
