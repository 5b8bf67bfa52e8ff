"""Reading what officers type into filters."""

from __future__ import annotations

from datetime import date


def day_filter(text: str, name: str, problems: list[str]) -> date | None:
    """The date typed in a filter; a malformed one is noted in ``problems`` and ignored."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{name}: give a date as YYYY-MM-DD, not {text!r}")
        return None
