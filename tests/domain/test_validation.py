"""The one rule per kind of value that every door calls (issue 14 §3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from accord.domain.validation import (
    check_datetime_in_range,
    check_finite,
    is_ascii_digits,
    parse_ascii_int,
)
from accord.errors import ValidationError


@pytest.mark.parametrize("text", ["²", "1²", "١٢", "１２", "", "-", "+3", "1 2", "1234567890"])
def test_only_ascii_digits_make_a_whole_number(text: str) -> None:
    with pytest.raises(ValidationError, match="expected a whole number"):
        parse_ascii_int(text, field="version")


def test_ascii_whole_numbers_are_read() -> None:
    assert [parse_ascii_int(t, field="x") for t in ("0", "42", "-7", " 9 ")] == [0, 42, -7, 9]
    assert is_ascii_digits("0123") and not is_ascii_digits("²") and not is_ascii_digits("")


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T12:00:00"]
)
def test_a_date_time_whose_utc_conversion_overflows_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="out of range"):
        check_datetime_in_range(datetime.fromisoformat(text), field="at")


def test_ordinary_date_times_pass_and_a_naive_one_is_utc() -> None:
    zone = timezone(timedelta(hours=-5))
    aware = datetime(2026, 3, 1, 9, 30, tzinfo=zone)
    assert check_datetime_in_range(aware, field="at") == aware
    naive = datetime(2026, 3, 1, 9, 30)
    assert check_datetime_in_range(naive, field="at") == naive.replace(tzinfo=UTC)
    edge = datetime(9999, 12, 30, 9, 0, tzinfo=timezone(timedelta(hours=14)))
    assert check_datetime_in_range(edge, field="at") == edge


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_numbers_must_be_finite(value: float) -> None:
    with pytest.raises(ValidationError, match="finite"):
        check_finite(value, field="price")
    assert check_finite(2.5, field="price") == 2.5
