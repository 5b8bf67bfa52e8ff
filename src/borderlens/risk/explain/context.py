"""What a sentence about one factor may cite: the row's values and what the model knew."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from borderlens.risk.explain.numbers import amount

Row = Mapping[str, Any]
Wording = tuple[str, str]
"""(value, sentence): the value behind a factor as text, and the sentence that cites it."""


@dataclass(frozen=True)
class Context:
    """One row as seen by the model, with the context its sentences need.

    ``contributions`` are the members' SHAP values in this factor, so a sentence can lead with
    the member that mattered most.
    """

    row: Row
    vocabulary: Mapping[str, frozenset[str]] = field(default_factory=dict)
    contributions: Mapping[str, float] = field(default_factory=dict)
    currency: str | None = None

    def number(self, name: str) -> float | None:
        """The feature as a float, or None when missing (NULL or NaN)."""
        value = self.row.get(name)
        if value is None or isinstance(value, str):
            return None
        number = float(value)
        return number if math.isfinite(number) else None

    def text(self, name: str) -> str | None:
        """A categorical column's value as text, or None when missing."""
        value = self.row.get(name)
        return None if value is None or value == "" else str(value)

    def unseen(self, name: str) -> bool:
        """Whether a category value was never seen in training (the model scores it as missing)."""
        known = self.vocabulary.get(name)
        value = self.text(name)
        return known is not None and value is not None and value not in known

    def per_kg(self, value: float) -> str:
        """A value per kg in the declaration's currency when one is known, never converted."""
        return (
            f"{amount(value)} {self.currency} per kg"
            if self.currency
            else f"{amount(value)} per kg"
        )

    def lead(self, members: tuple[str, ...]) -> str:
        """The member that pushed the score furthest (members are in catalog order on ties)."""
        return max(members, key=lambda name: abs(self.contributions.get(name, 0.0)))


WordFunction = Callable[[Context, tuple[str, ...]], Wording]
"""Words a factor: given the context and the members of the group present in the model."""
