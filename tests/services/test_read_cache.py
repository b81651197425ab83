"""The read cache keeps an answer only for its version and its span of time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from accord.services.read_cache import ReadCache

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_an_answer_is_reused_only_under_its_version_and_within_its_span() -> None:
    cache = ReadCache()
    cache.put("board", "answer", version=1, now=NOW, valid_until=NOW + timedelta(hours=1))
    assert cache.get("board", version=1, now=NOW) == "answer"
    assert cache.get("board", version=1, now=NOW + timedelta(minutes=59)) == "answer"
    assert cache.get("board", version=1, now=NOW + timedelta(hours=1)) is None
    assert cache.get("board", version=1, now=NOW - timedelta(seconds=1)) is None
    assert cache.get("board", version=2, now=NOW) is None
    assert cache.get("board", version=None, now=NOW) is None
    assert (cache.hits, cache.misses) == (2, 4)


def test_nothing_is_kept_without_a_version() -> None:
    cache = ReadCache()
    cache.put("board", "answer", version=None, now=NOW, valid_until=None)
    assert cache.get("board", version=None, now=NOW) is None


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = ReadCache(size=2)
    for key in ("a", "b"):
        cache.put(key, key, version=1, now=NOW, valid_until=None)
    assert cache.get("a", version=1, now=NOW) == "a"
    cache.put("c", "c", version=1, now=NOW, valid_until=None)
    assert [cache.get(k, version=1, now=NOW) for k in "abc"] == ["a", None, "c"]
    cache.clear()
    assert cache.get("a", version=1, now=NOW) is None
