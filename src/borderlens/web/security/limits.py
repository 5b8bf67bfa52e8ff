"""Sign-in rate limit: after ``attempts`` failures for one account from one address within
the window, that pair must wait; an address trying many accounts is held back as well."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

WINDOW_SECONDS = 15 * 60
ADDRESS_FACTOR = 4
"""An address may fail this many times the per-account allowance across all accounts."""


class LoginLimiter:
    def __init__(self, attempts: int, window: float = WINDOW_SECONDS) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], moment: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= moment - self.window:
            times.popleft()
        return times

    def blocked_for(self, username: str, client: str) -> float:
        """Seconds until this account may be tried again from this address; 0 when it may."""
        moment = time.monotonic()
        with self._lock:
            waits = []
            for key, allowed in (
                ((username, client), self.attempts),
                (("", client), self.attempts * ADDRESS_FACTOR),
            ):
                times = self._recent(key, moment)
                if len(times) >= allowed:
                    waits.append(times[0] + self.window - moment)
            return max(waits, default=0.0)

    def failed(self, username: str, client: str) -> None:
        moment = time.monotonic()
        with self._lock:
            self._failures[(username, client)].append(moment)
            self._failures[("", client)].append(moment)

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop((username, client), None)
