"""The payer scorecard: what each payer paid the practice for the same work, how fast,
how often it denied, and how much it underpaid — over one period, ranked.

Figures per payer (lines of reversed claims already netted out):

- revenue: Σ paid; visits: distinct (claim, date of service); units: Σ units;
- paid per visit and per unit, and per code (paid per unit of each code);
- % of Medicare: Σ allowed / Σ (Medicare's amount × units) over the lines Medicare
  prices (``None`` when it prices none);
- days to pay: the median over claims of payment date (BPR16) − received date (DTM*050);
- denial rate: denied claims (CLP02 4, or every line allowed nothing) / claims, with the
  most frequent reasons;
- patient share: Σ patient responsibility / Σ allowed;
- underpaid: the open underpayments of the worklist.

Payers are ranked by paid per unit, lowest first: the payer paying least for a unit of
the practice's work heads the list. Example::

    >>> card = scorecard([], {}, {})
    >>> card
    []
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from accord.domain.economics.service_lines import ServiceLine
from accord.domain.economics.underpayments import line_reason

__all__ = [
    "CodeFigures",
    "PaidLine",
    "PayerScore",
    "median_of_counts",
    "rank_scores",
    "scorecard",
    "top_reasons",
]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PaidLine:
    """A stored service line with its claim's facts.

    ``claim_id`` identifies the claim; ``received`` is its received date (DTM*050) and
    ``paid_on`` its payment's date (BPR16), either possibly unknown; ``denied`` whether
    the claim was denied (CLP02 4).
    """

    line: ServiceLine
    claim_id: int
    received: date | None
    paid_on: date | None
    denied: bool


@dataclass(frozen=True, slots=True)
class CodeFigures:
    """One code of one payer: units and dollars paid, and paid per unit."""

    code: str
    units: int
    paid: Decimal

    @property
    def paid_per_unit(self) -> Decimal | None:
        return self.paid / self.units if self.units else None


@dataclass(frozen=True, slots=True)
class PayerScore:
    """One payer's scorecard row (see the module's docstring for each figure)."""

    payer: str
    rank: int
    revenue: Decimal
    visits: int
    units: int
    claims: int
    allowed: Decimal
    patient_responsibility: Decimal
    medicare_share: Decimal | None
    days_to_pay: float | None
    denied_claims: int
    top_denial_reasons: tuple[tuple[str, int], ...]
    underpaid: Decimal
    codes: tuple[CodeFigures, ...]

    @property
    def paid_per_visit(self) -> Decimal | None:
        return self.revenue / self.visits if self.visits else None

    @property
    def paid_per_unit(self) -> Decimal | None:
        return self.revenue / self.units if self.units else None

    @property
    def denial_rate(self) -> Decimal | None:
        """Denied claims over claims, 0–1."""
        return Decimal(self.denied_claims) / self.claims if self.claims else None

    @property
    def patient_share(self) -> Decimal | None:
        """Patient responsibility over allowed, 0–1."""
        return self.patient_responsibility / self.allowed if self.allowed else None


def _score(
    payer: str,
    lines: list[PaidLine],
    underpaid: Decimal,
    medicare: Callable[[ServiceLine], Decimal | None],
) -> PayerScore:
    claims: dict[int, list[PaidLine]] = defaultdict(list)
    for p in lines:
        claims[p.claim_id].append(p)
    denied_ids = {
        cid
        for cid, members in claims.items()
        if any(m.denied for m in members) or all(m.line.allowed_or_derived == 0 for m in members)
    }
    reasons = Counter(
        line_reason(p.line)
        for p in lines
        if p.claim_id in denied_ids or p.line.allowed_or_derived == 0
    )
    waits = [
        (members[0].paid_on - members[0].received).days
        for members in claims.values()
        if members[0].paid_on is not None and members[0].received is not None
    ]
    by_code: dict[str, list[PaidLine]] = defaultdict(list)
    for p in lines:
        by_code[p.line.code].append(p)
    priced_allowed = medicare_total = _ZERO
    for p in lines:
        amount = medicare(p.line)
        if amount is not None and p.line.units:
            priced_allowed += p.line.allowed_or_derived
            medicare_total += amount * p.line.units
    return PayerScore(
        payer=payer,
        rank=0,
        revenue=sum((p.line.paid for p in lines), _ZERO),
        visits=len({(p.line.visit, p.line.date_of_service) for p in lines}),
        units=sum(p.line.units for p in lines),
        claims=len(claims),
        allowed=sum((p.line.allowed_or_derived for p in lines), _ZERO),
        patient_responsibility=sum((p.line.patient_responsibility for p in lines), _ZERO),
        medicare_share=priced_allowed / medicare_total if medicare_total else None,
        days_to_pay=float(median(waits)) if waits else None,
        denied_claims=len(denied_ids),
        top_denial_reasons=top_reasons(reasons),
        underpaid=underpaid,
        codes=tuple(
            CodeFigures(
                code, sum(p.line.units for p in members), sum((p.line.paid for p in members), _ZERO)
            )
            for code, members in sorted(by_code.items())
        ),
    )


def scorecard(
    lines: Iterable[PaidLine],
    underpaid: Mapping[str, Decimal],
    medicare: Mapping[tuple[str, int], Decimal],
) -> list[PayerScore]:
    """Score each payer of ``lines``; ranked by paid per unit, lowest first.

    ``underpaid`` is the open underpayment total by payer; ``medicare`` Medicare's amount
    of one unit by (code, year of service), for the codes it prices.
    """
    by_payer: dict[str, list[PaidLine]] = defaultdict(list)
    for p in lines:
        by_payer[p.line.payer].append(p)

    def medicare_amount(line: ServiceLine) -> Decimal | None:
        return medicare.get((line.code, line.date_of_service.year))

    return rank_scores(
        [
            _score(payer, members, underpaid.get(payer, _ZERO), medicare_amount)
            for payer, members in by_payer.items()
        ]
    )


def top_reasons(counts: Mapping[str, int], n: int = 3) -> tuple[tuple[str, int], ...]:
    """The ``n`` most frequent reasons, ties by code (so every run lists the same)."""
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def median_of_counts(counts: Mapping[int, int]) -> float | None:
    """The median of values given as value → how many times (``None`` when none).

    >>> median_of_counts({10: 1, 20: 2, 40: 1})
    20.0
    """
    total = sum(counts.values())
    if total == 0:
        return None
    values = sorted((v, n) for v, n in counts.items() if n > 0)

    def nth(k: int) -> int:  # the k-th smallest value, from 0
        seen = 0
        for value, n in values:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def rank_scores(scores: Iterable[PayerScore]) -> list[PayerScore]:
    """Rank by paid per unit, lowest first (payers without units last), then name."""
    ordered = sorted(
        scores,
        key=lambda s: (s.paid_per_unit is None, s.paid_per_unit or _ZERO, s.payer),
    )
    return [
        PayerScore(**{**{f: getattr(s, f) for f in s.__dataclass_fields__}, "rank": i})
        for i, s in enumerate(ordered, start=1)
    ]
