"""How ingest reports progress: a callback the CLI turns into a progress bar."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def no_progress(label: str, done: int, total: int) -> None:
    """The callback used when nobody watches."""
