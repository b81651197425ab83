"""Login throttling: a sliding window of failed sign-ins per account and per address.

At most :data:`PER_ACCOUNT` failures for one user name and :data:`PER_ADDRESS` failures
from one address within :data:`WINDOW`; beyond that, sign-in is refused (429) without
checking the password until the oldest failure in the window is older than
:data:`WINDOW`. The failures are kept where :class:`SignInFailures` keeps them: in the
database (``bootstrap``), so that every worker process of a server, and every server of
a team on one PostgreSQL, counts the same failures, and a restart forgets nothing.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Protocol

from accord.errors import TooManyAttemptsError

__all__ = ["PER_ACCOUNT", "PER_ADDRESS", "WINDOW", "SignInFailures", "SignInThrottle"]

PER_ACCOUNT = 5
PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)


class SignInFailures(Protocol):
    """Failed sign-ins by kind (``account`` or ``address``) and key, each with its time."""

    def recent(self, kind: str, key: str, since: datetime) -> tuple[int, datetime | None]:
        """How many failures of ``key`` happened after ``since``, and the oldest of them."""
        ...

    def add(self, keys: list[tuple[str, str]], at: datetime, forget_before: datetime) -> None:
        """Record one failure against each ``(kind, key)``; forget failures older than
        ``forget_before`` (of every key)."""
        ...

    def clear(self, kind: str, key: str) -> None:
        """Forget every failure of ``key``."""
        ...


class SignInThrottle:
    """Counts failures; :meth:`check` refuses while a key is over its limit."""

    def __init__(
        self, failures: SignInFailures, *, per_account: int = PER_ACCOUNT,
        per_address: int = PER_ADDRESS, window: timedelta = WINDOW,
    ) -> None:  # fmt: skip
        self._failures = failures
        self._limits = {"account": per_account, "address": per_address}
        self._window = window

    def check(self, account: str, address: str, now: datetime) -> None:
        """Refuse when either key has used up its failures in the window."""
        for kind, value in (("account", account), ("address", address)):
            count, oldest = self._failures.recent(kind, value, now - self._window)
            if count >= self._limits[kind] and oldest is not None:
                wait = self._window - (now - oldest)
                minutes = max(1, math.ceil(wait.total_seconds() / 60))
                raise TooManyAttemptsError(
                    f"too many failed sign-ins for this {kind}; try again in "
                    f"{minutes} minute{'s' if minutes != 1 else ''}"
                )

    def failed(self, account: str, address: str, now: datetime) -> None:
        """Record one failure against both keys."""
        self._failures.add([("account", account), ("address", address)], now,
                           now - self._window)  # fmt: skip

    def succeeded(self, account: str) -> None:
        """A right password clears the account's failures (not the address's)."""
        self._failures.clear("account", account)
