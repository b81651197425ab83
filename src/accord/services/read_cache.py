"""A small cache of read-model answers, kept while the record and the moment allow.

A busy team loads the pipeline far more often than it changes the record. Each server
process keeps the last answers it computed, each under the record's version (a token
that every commit, from any process, replaces: :meth:`UnitOfWork.record_version`) and
the span of time in which it stays true (``valid_until``: e.g. the next follow-up that
falls due, or midnight, when days to a deadline change). An answer is reused only when
the version read at the start of the request is the one it was computed under and the
request's ``now`` lies in its span; otherwise it is computed again. So a write made by
another worker shows on the very next request, and so does the passing of time.

The version is read before the answer is computed: an answer may be newer than its
version (a commit landed in between), never older, so reusing it is always safe.

>>> from datetime import UTC, datetime
>>> cache, now = ReadCache(size=2), datetime(2026, 12, 7, tzinfo=UTC)
>>> cache.put("board", ["row"], version=7, now=now, valid_until=None)
>>> cache.get("board", version=7, now=now), cache.get("board", version=8, now=now)
(['row'], None)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["ReadCache"]


@dataclass(frozen=True)
class _Entry:
    version: int
    computed_at: datetime
    valid_until: datetime | None
    value: object


class ReadCache:
    """The ``size`` most recently used answers, by key; safe to share between threads.

    A key names the question (e.g. ``("pipeline", stage, offset, limit, demo)``); the
    caller reads the version in the same unit of work that computes the answer.
    """

    def __init__(self, *, size: int = 64) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, *, version: int | None, now: datetime) -> object | None:
        """The answer stored for ``key`` if it holds for ``version`` at ``now``, else None."""
        with self._lock:
            entry = self._entries.get(key)
            fresh = (
                entry is not None
                and version is not None
                and entry.version == version
                and entry.computed_at <= now
                and (entry.valid_until is None or now < entry.valid_until)
            )
            if entry is None or not fresh:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value

    def put(
        self,
        key: Hashable,
        value: object,
        *,
        version: int | None,
        now: datetime,
        valid_until: datetime | None,
    ) -> None:
        """Keep ``value`` for ``key``: computed at ``now`` under ``version``, true until
        ``valid_until`` (None: until the record changes). Nothing is kept without a
        version."""
        if version is None:
            return
        with self._lock:
            self._entries[key] = _Entry(version, now, valid_until, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer (e.g. after a restore replaced the database)."""
        with self._lock:
            self._entries.clear()
