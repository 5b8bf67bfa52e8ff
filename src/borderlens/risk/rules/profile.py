"""What a rule profile is once read: analysts' risk criteria as typed, immutable values.

A profile is a named list of rules; a rule sends every goods item that meets all of its
conditions to a channel, with a reason an officer reads. Parsing (``parsing.py``) builds these
values and refuses anything malformed, so code downstream never meets a half-valid rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Channel = Literal["red", "yellow", "blue", "green"]
CHANNELS: dict[Channel, str] = {
    "red": "physical examination",
    "yellow": "documentary check",
    "blue": "release, then post-clearance audit",
    "green": "release",
}
"""The selectivity channels, from the most to the least intrusive."""

Operator = Literal["equals", "in", "starts_with", "<", "<=", ">", ">=", "is_null", "not_null"]
OPERATORS: tuple[Operator, ...] = (
    "equals",
    "in",
    "starts_with",
    "<",
    "<=",
    ">",
    ">=",
    "is_null",
    "not_null",
)
COMPARISONS: tuple[Operator, ...] = ("<", "<=", ">", ">=")

Value = str | int | float | dt.date
"""A literal a condition compares a column with."""


@dataclass(frozen=True)
class Condition:
    """One test on one column of ``risk_feature``.

    ``values`` holds the literals (one for ``equals`` and comparisons, one or more for ``in``
    and ``starts_with``, none for the null tests); a comparison against another column names
    it in ``against`` instead.
    """

    column: str
    operator: Operator
    values: tuple[Value, ...] = ()
    against: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the condition reads."""
        return (self.column, self.against) if self.against else (self.column,)


@dataclass(frozen=True)
class Placeholder:
    """A ``{column}`` or ``{column:.Nf}`` in a reason, filled from the item's value."""

    column: str
    decimals: int | None = None


ReasonPart = str | Placeholder


@dataclass(frozen=True)
class Rule:
    """A risk criterion: every item meeting all of ``when`` goes to ``channel``.

    ``valid_from`` and ``valid_to`` bound the declaration dates it applies to (both days
    included); ``index`` (from 1) and ``line`` say where it stands in its file.
    """

    id: str
    version: int
    author: str
    reason: tuple[ReasonPart, ...]
    reason_text: str
    channel: Channel
    when: tuple[Condition, ...]
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    index: int = 0
    line: int = 0

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the rule reads, in its conditions and its reason, without repeats."""
        read = [c for condition in self.when for c in condition.columns]
        read += [part.column for part in self.reason if isinstance(part, Placeholder)]
        return tuple(dict.fromkeys(read))

    @property
    def label(self) -> str:
        """How error messages name the rule."""
        return f"rule '{self.id}' (#{self.index}, line {self.line})"


@dataclass(frozen=True)
class Profile:
    """A named set of rules read from one YAML file, or from YAML text the workbench keeps in
    the warehouse: ``path`` is the file, or the text's name in errors (``profile baseline``)."""

    name: str
    path: Path | str
    rules: tuple[Rule, ...]
    description: str = ""
