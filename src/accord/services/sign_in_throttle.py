"""Login throttling: a sliding window of failed sign-ins per account and per address.

Held in the server process (a restart forgets it): at most :data:`PER_ACCOUNT` failures
for one user name and :data:`PER_ADDRESS` failures from one address within
:data:`WINDOW`; beyond that, sign-in is refused (429) without checking the password
until the oldest failure in the window is older than :data:`WINDOW`.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta

from accord.errors import TooManyAttemptsError

__all__ = ["PER_ACCOUNT", "PER_ADDRESS", "WINDOW", "SignInThrottle"]

PER_ACCOUNT = 5
PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)
_MAX_KEYS = 10_000  # bounds memory under a spray of names or addresses


class SignInThrottle:
    """Counts failures; :meth:`check` refuses while a key is over its limit."""

    def __init__(
        self, *, per_account: int = PER_ACCOUNT, per_address: int = PER_ADDRESS,
        window: timedelta = WINDOW,
    ) -> None:  # fmt: skip
        self._limits = {"account": per_account, "address": per_address}
        self._window = window
        self._failures: dict[tuple[str, str], deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        return times

    def check(self, account: str, address: str, now: datetime) -> None:
        """Refuse when either key has used up its failures in the window."""
        with self._lock:
            for kind, value in (("account", account), ("address", address)):
                times = self._recent((kind, value), now)
                if len(times) >= self._limits[kind]:
                    wait = self._window - (now - times[0])
                    minutes = max(1, math.ceil(wait.total_seconds() / 60))
                    raise TooManyAttemptsError(
                        f"too many failed sign-ins for this {kind}; try again in "
                        f"{minutes} minute{'s' if minutes != 1 else ''}"
                    )

    def failed(self, account: str, address: str, now: datetime) -> None:
        """Record one failure against both keys."""
        with self._lock:
            if len(self._failures) > _MAX_KEYS:
                self._failures = {
                    key: times for key, times in self._failures.items()
                    if self._recent(key, now)
                }  # fmt: skip
            for key in (("account", account), ("address", address)):
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times

    def succeeded(self, account: str) -> None:
        """A right password clears the account's failures (not the address's)."""
        with self._lock:
            self._failures.pop(("account", account), None)
