"""Inspection budgets as supervisors set them: the red budget (a share of each day's items or
a count per office per day), the exploration share, and the yellow and blue rates, kept as
versions in ``selection_budget``. ``borderlens select`` uses the newest version unless its
options say otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from borderlens.engine.base import Engine
from borderlens.errors import BorderLensError
from borderlens.risk.selection import Budget, ChannelRates

BUDGET_TABLE = "selection_budget"
DEFAULT_SHARE = 0.05
DEFAULT_EXPLORATION = 0.05


@dataclass(frozen=True)
class BudgetSetting:
    """One version of the inspection budget; checked when made."""

    budget: Budget
    exploration: float = DEFAULT_EXPLORATION
    rates: ChannelRates = field(default_factory=ChannelRates)
    version: int = 0
    author: str = ""
    saved_at: dt.datetime | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.exploration <= 1:
            raise BorderLensError(
                f"exploration is a share of the red budget, from 0 to 1, not {self.exploration}"
            )
        for channel, rate in (("yellow", self.rates.yellow), ("blue", self.rates.blue)):
            if not 0 <= rate <= 1:
                raise BorderLensError(f"the {channel} rate is a share from 0 to 1, not {rate}")
        if self.rates.yellow + self.rates.blue + (self.budget.share or 0) > 1:
            raise BorderLensError("red, yellow and blue together cannot take more than every item")

    def describe(self) -> str:
        """The red budget in words."""
        if self.budget.per_office_per_day is not None:
            red = f"{self.budget.per_office_per_day} items per office per day"
        else:
            red = f"{(self.budget.share or 0):.1%} of each day's items"
        return (
            f"red {red}, {self.exploration:.0%} of it exploration; yellow "
            f"{self.rates.yellow:.0%}, blue {self.rates.blue:.0%}"
        )


DEFAULT_SETTING = BudgetSetting(Budget(share=DEFAULT_SHARE), note="built-in default")


def setting_from_row(row: dict[str, object]) -> BudgetSetting:
    """A stored version as a setting."""
    per_office = row["per_office_per_day"]
    share = row["share"]
    return BudgetSetting(
        Budget(
            share=float(str(share)) if share is not None else None,
            per_office_per_day=int(str(per_office)) if per_office is not None else None,
        ),
        float(str(row["exploration"])),
        ChannelRates(yellow=float(str(row["yellow"])), blue=float(str(row["blue"]))),
        int(str(row["version"])),
        str(row["author"]),
        row["saved_at"] if isinstance(row["saved_at"], dt.datetime) else None,
        str(row["note"] or ""),
    )


def newest_budget(engine: Engine) -> BudgetSetting | None:
    """The newest version set in the workbench, or None when none was."""
    if not engine.table_exists(BUDGET_TABLE):
        return None
    rows = engine.query(f"SELECT * FROM {BUDGET_TABLE} ORDER BY version DESC LIMIT 1").to_pylist()
    return setting_from_row(rows[0]) if rows else None


def budget_for_run(
    stored: BudgetSetting | None,
    *,
    share: float | None = None,
    per_office_per_day: int | None = None,
    exploration: float | None = None,
    yellow: float | None = None,
    blue: float | None = None,
) -> BudgetSetting:
    """What a selection run uses: each value given for this run, else the newest stored
    version's, else the built-in default."""
    base = stored or DEFAULT_SETTING
    if per_office_per_day is not None:
        budget = Budget(share=None, per_office_per_day=per_office_per_day)
    elif share is not None:
        budget = Budget(share=share)
    else:
        budget = base.budget
    given = (share, per_office_per_day, exploration, yellow, blue)
    overridden = any(value is not None for value in given)
    return BudgetSetting(
        budget,
        base.exploration if exploration is None else exploration,
        ChannelRates(
            yellow=base.rates.yellow if yellow is None else yellow,
            blue=base.rates.blue if blue is None else blue,
        ),
        0 if overridden else base.version,
        base.author,
        base.saved_at,
        "options of this run" if overridden else base.note,
    )
