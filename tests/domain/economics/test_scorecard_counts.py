"""The scorecard's figures from counts, as the stored roll-ups give them: the median from
value counts equals the median of the values, and tied reasons list in code order."""

from __future__ import annotations

from collections import Counter
from statistics import median

from hypothesis import given
from hypothesis import strategies as st

from accord.domain.economics.scorecard import median_of_counts, top_reasons


@given(st.lists(st.integers(min_value=-30, max_value=400), max_size=60))
def test_the_median_of_counts_is_the_median_of_the_values(values: list[int]) -> None:
    expected = float(median(values)) if values else None
    assert median_of_counts(Counter(values)) == expected


def test_values_counted_zero_times_do_not_count() -> None:
    assert median_of_counts({5: 0, 7: 1}) == 7.0
    assert median_of_counts({}) is None


def test_tied_reasons_come_in_code_order_and_only_three() -> None:
    counts = {"CO-97": 2, "CO-50": 2, "PR-1": 5, "CO-16": 1}
    assert top_reasons(counts) == (("PR-1", 5), ("CO-50", 2), ("CO-97", 2))
