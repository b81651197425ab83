"""A payer contract: its term, renewal, notice and filing limits, and its fee schedule.

The contract in force on a date of service prices the service; its renewal and notice
dates are deadlines (the last day to give notice of non-renewal or to reopen rates comes
``notice_days`` before the term ends). Example::

    >>> c = Contract("Acme Health", date(2025, 1, 1), date(2025, 12, 31), notice_days=90)
    >>> [(d.kind, d.due) for d in contract_deadlines(c, today=date(2025, 6, 1))]
    [('notice', datetime.date(2025, 10, 2)), ('end', datetime.date(2025, 12, 31))]
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from accord.domain.economics.fee_schedule import FeeScheduleEntry
from accord.domain.economics.units import UnitPolicy
from accord.domain.validation import is_ascii_digits
from accord.errors import ValidationError

__all__ = [
    "Contract",
    "ContractDeadline",
    "contract_deadlines",
    "contract_in_force",
    "deadlines_of_contracts",
    "revise_rates",
]

_MAX_DAYS = 3650
_MAX_PAYER = 200


def _digits(value: str, width: int, what: str) -> str:
    text = value.strip()
    if text and not (len(text) == width and is_ascii_digits(text)):
        raise ValidationError(f"expected {width} digits (as text), found {value!r}", field=what)
    return text


def _npi(value: str) -> str:
    text = _digits(value, 10, "npi")
    if text:
        # The NPI's last digit is a Luhn check digit over "80840" + the first nine digits.
        total = 0
        for i, ch in enumerate(reversed("80840" + text[:9])):
            d = int(ch) * (2 if i % 2 == 0 else 1)
            total += d - 9 if d > 9 else d
        if (10 - total % 10) % 10 != int(text[9]):
            raise ValidationError(f"{text} is not a valid NPI (check digit)", field="npi")
    return text


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Contract:
    """A payer contract of the practice; validated on creation.

    ``end`` is the last day of the current term (``None``: no end, an evergreen contract);
    an auto-renewing contract renews for ``renewal_months`` at a time. ``tin``, ``npi`` and
    ``zip_code`` are the practice's, kept as text (leading zeros). ``units_policy`` and
    ``mppr`` say how the payer counts timed units and whether it applies the therapy
    multiple-procedure reduction.
    """

    payer: str
    effective: date
    end: date | None = None
    auto_renews: bool = False
    renewal_months: int = 12
    notice_days: int = 0
    timely_filing_days: int = 0
    units_policy: UnitPolicy = UnitPolicy.MEDICARE
    mppr: bool = True
    tin: str = ""
    npi: str = ""
    zip_code: str = ""
    entries: tuple[FeeScheduleEntry, ...] = field(default=())
    _by_code: dict[str, tuple[FeeScheduleEntry, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        payer = " ".join(self.payer.split())
        if not payer or len(payer) > _MAX_PAYER:
            raise ValidationError(
                f"expected a payer name of 1 to {_MAX_PAYER} characters", field="payer"
            )
        object.__setattr__(self, "payer", payer)
        if self.end is not None and self.end < self.effective:
            raise ValidationError(
                f"the end date {self.end} is before the effective date {self.effective}",
                field="end_date",
            )
        for name in ("notice_days", "timely_filing_days"):
            days = getattr(self, name)
            if not 0 <= days <= _MAX_DAYS:
                raise ValidationError(f"expected 0 to {_MAX_DAYS} days, found {days}", field=name)
        if not 1 <= self.renewal_months <= 120:
            raise ValidationError(
                f"expected 1 to 120 months, found {self.renewal_months}", field="renewal_months"
            )
        object.__setattr__(self, "tin", _digits(self.tin, 9, "tin"))
        object.__setattr__(self, "npi", _npi(self.npi))
        object.__setattr__(self, "zip_code", _digits(self.zip_code, 5, "zip"))
        seen: set[tuple[str, str, str]] = set()
        for entry in self.entries:
            if entry.key in seen:
                code, modifier, place = entry.key
                raise ValidationError(
                    f"{code} (modifier {modifier or 'any'}, place of service {place or 'any'}) "
                    "has two rates"
                )
            seen.add(entry.key)
        by_code: dict[str, list[FeeScheduleEntry]] = {}
        for entry in self.entries:
            by_code.setdefault(entry.code, []).append(entry)
        # an index, so pricing a line does not scan a schedule of thousands of rates
        object.__setattr__(self, "_by_code", {k: tuple(v) for k, v in by_code.items()})

    def in_force(self, day: date) -> bool:
        """Whether ``day`` falls in the contract's term (an auto-renewing one never ends)."""
        if day < self.effective:
            return False
        return self.end is None or self.auto_renews or day <= self.end

    def rate_for(
        self, code: str, modifiers: Sequence[str] = (), place_of_service: str = ""
    ) -> FeeScheduleEntry | None:
        """The most specific rate for a billed line, or ``None`` if the schedule has none.

        A rate for one of the line's modifiers beats a rate for any modifier, then a rate
        for its place of service beats one for any place.
        """
        best: tuple[int, FeeScheduleEntry] | None = None
        for entry in self._by_code.get(code, ()):
            if entry.modifier and entry.modifier not in modifiers:
                continue
            if entry.place_of_service and entry.place_of_service != place_of_service:
                continue
            rank = 2 * bool(entry.modifier) + bool(entry.place_of_service)
            if best is None or rank > best[0]:
                best = (rank, entry)
        return best[1] if best else None


def contract_in_force(contracts: Iterable[Contract], payer: str, day: date) -> Contract | None:
    """The payer's contract in force on ``day``; when terms overlap, the latest effective."""
    name = " ".join(payer.split()).casefold()
    matching = [c for c in contracts if c.payer.casefold() == name and c.in_force(day)]
    return max(matching, key=lambda c: c.effective) if matching else None


def revise_rates(
    contract: Contract, rates: Iterable[FeeScheduleEntry], *, effective: date
) -> tuple[Contract, Contract]:
    """New rates from ``effective`` on (an agreed rate negotiation's final terms).

    Returns the contract closed the day before and its successor: the same terms, the
    rates given replacing those of the same code × modifier × place of service, the
    others kept. Lines before ``effective`` stay priced by the old rates.
    """
    if effective <= contract.effective:
        raise ValidationError(
            f"new rates must start after the contract's effective date {contract.effective}",
            field="effective_date",
        )
    if contract.end is not None and not contract.auto_renews and effective > contract.end:
        raise ValidationError(
            f"the contract ended on {contract.end}; new rates after it are a new contract",
            field="effective_date",
        )
    new = {e.key: e for e in rates}
    kept = tuple(new.pop(e.key, e) for e in contract.entries)
    successor = replace(contract, effective=effective, entries=kept + tuple(new.values()))
    closed = replace(contract, end=effective - timedelta(days=1), auto_renews=False)
    return closed, successor


@dataclass(frozen=True, slots=True)
class ContractDeadline:
    """A date a practice must act by: ``notice`` (last day to give notice or reopen
    rates), ``renewal`` (the contract renews itself) or ``end`` (it ends)."""

    payer: str
    kind: str
    due: date
    description: str


def contract_deadlines(contract: Contract, *, today: date) -> list[ContractDeadline]:
    """The contract's next term end on or after ``today`` and the notice date before it.

    An auto-renewing contract rolls its term forward ``renewal_months`` at a time (from
    its end date, or from its effective date when it has none); a contract that has ended
    has no deadlines. The notice date is shown even when already past, so a missed notice
    window stays visible until the term ends.
    """
    if contract.end is None and not contract.auto_renews:
        return []
    if contract.end is not None:
        term_end = contract.end
    else:
        term_end = _add_months(contract.effective, contract.renewal_months) - timedelta(days=1)
    if term_end < today:
        if not contract.auto_renews:
            return []
        n = 1
        start = term_end + timedelta(days=1)
        while (nxt := _add_months(start, contract.renewal_months * n) - timedelta(days=1)) < today:
            n += 1
        term_end = nxt
    kind = "renewal" if contract.auto_renews else "end"
    out = []
    if contract.notice_days:
        notice = term_end - timedelta(days=contract.notice_days)
        out.append(
            ContractDeadline(
                contract.payer, "notice", notice, _notice_words(contract, notice, term_end, today)
            )
        )
    what = "renews for another" if contract.auto_renews else "ends"
    detail = f" {contract.renewal_months} months" if contract.auto_renews else ""
    out.append(
        ContractDeadline(
            contract.payer, kind, term_end, f"{contract.payer} contract {what}{detail}"
        )
    )
    return out


def _notice_words(contract: Contract, notice: date, term_end: date, today: date) -> str:
    """What the notice date means; a date already past says so, and when the next one is."""
    why = (
        f"{contract.notice_days} days before the term "
        f"{'renews' if contract.auto_renews else 'ends'} on {term_end}"
    )
    if notice >= today:
        return f"last day to give {contract.payer} notice ({why})"
    missed = f"missed: the last day to give {contract.payer} notice was {notice} ({why})"
    if not contract.auto_renews:
        return missed
    following = _add_months(term_end + timedelta(days=1), contract.renewal_months)
    return f"{missed}; the next is {following - timedelta(days=1 + contract.notice_days)}"


def deadlines_of_contracts(contracts: Iterable[Contract], *, today: date) -> list[ContractDeadline]:
    """Every contract's deadlines, soonest first.

    A contract closed for new rates (:func:`revise_rates`) is continued by its successor,
    which starts the next day: its end is no deadline, the successor's dates are.
    """
    stored = list(contracts)
    starts = {(c.payer.casefold(), c.effective) for c in stored}
    found = [
        d
        for c in stored
        if not (c.end and (c.payer.casefold(), c.end + timedelta(days=1)) in starts)
        for d in contract_deadlines(c, today=today)
    ]
    return sorted(found, key=lambda d: (d.due, d.payer, d.kind))
