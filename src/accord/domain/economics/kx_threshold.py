"""Medicare's therapy KX threshold: when a patient's year-to-date therapy crosses it.

Each calendar year CMS sets a dollar amount of allowed outpatient therapy (PT and
speech-language pathology together; occupational therapy on its own) above which claim
lines need the KX modifier attesting medical necessity. The amounts are data, read from
a small packaged table (2025: $2,410; 2026: $2,480), so a new year needs no code::

    >>> t = KxThresholds([KxThreshold(2025, Decimal("2410"), "CY 2025 PFS final rule")])
    >>> s = kx_status(t.for_year(2025).amount, [(date(2025, 3, 1), Decimal("2400")),
    ...                                          (date(2025, 3, 8), Decimal("60"))])
    >>> s.crossed_on, s.first_kx_service
    (datetime.date(2025, 3, 8), 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accord.errors import NotFoundError, ValidationError

__all__ = ["KxStatus", "KxThreshold", "KxThresholds", "kx_status"]


@dataclass(frozen=True, slots=True)
class KxThreshold:
    """The threshold of one calendar year and where the figure comes from."""

    year: int
    amount: Decimal
    source: str

    def __post_init__(self) -> None:
        if not self.amount.is_finite() or self.amount <= 0:
            raise ValidationError(f"expected a positive dollar amount, found {self.amount}")


class KxThresholds:
    """The thresholds by year (at most one per year)."""

    def __init__(self, thresholds: Iterable[KxThreshold]) -> None:
        self._by_year: dict[int, KxThreshold] = {}
        for t in thresholds:
            if t.year in self._by_year:
                raise ValidationError(f"two KX thresholds for {t.year}")
            self._by_year[t.year] = t

    @property
    def years(self) -> list[int]:
        """The years known, in order."""
        return sorted(self._by_year)

    def for_year(self, year: int) -> KxThreshold:
        """The threshold of ``year``; a year not in the table is an error, never a guess."""
        try:
            return self._by_year[year]
        except KeyError:
            raise NotFoundError(
                f"no therapy KX threshold for {year} (known: "
                f"{', '.join(map(str, self.years)) or 'none'}); add CMS's figure to the table"
            ) from None


@dataclass(frozen=True, slots=True)
class KxStatus:
    """Where a patient stands against the threshold after the services given.

    ``first_kx_service`` is the index (in date order) of the first service whose allowed
    amount takes the year-to-date total above the threshold: it and every later service
    need the KX modifier. ``remaining`` is what is left below the threshold (0 once over).
    """

    threshold: Decimal
    year_to_date: Decimal
    remaining: Decimal
    crossed_on: date | None
    first_kx_service: int | None


def kx_status(
    threshold: Decimal,
    services: Sequence[tuple[date, Decimal]],
    *,
    prior_year_to_date: Decimal = Decimal(0),
) -> KxStatus:
    """Accumulate the allowed amounts of ``services`` (date, allowed) of one year.

    ``prior_year_to_date`` is what was allowed earlier in the year (another practice's
    therapy counts too: the MAC's eligibility answer gives it). Services are taken in date
    order, the given order breaking ties; PT and SLP share one total, OT has its own, so
    the caller passes one discipline group at a time.
    """
    ordered = sorted(enumerate(services), key=lambda item: (item[1][0], item[0]))
    years = {d.year for _, (d, _) in ordered}
    if len(years) > 1:
        raise ValidationError(f"expected services of one calendar year, found {sorted(years)}")
    total = prior_year_to_date
    crossed_on: date | None = None
    first: int | None = None
    already_over = total > threshold
    for position, (_, (day, allowed)) in enumerate(ordered):
        if not allowed.is_finite():
            raise ValidationError(f"expected a dollar amount, found {allowed}")
        total += allowed
        if first is None and (already_over or total > threshold):
            crossed_on, first = day, position
    return KxStatus(threshold, total, max(threshold - total, Decimal(0)), crossed_on, first)
