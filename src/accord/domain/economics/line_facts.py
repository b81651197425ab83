"""What the worklist and the scorecard need of each stored service line, computed once.

The stored read model keeps one :class:`LineFacts` per service line (its expected amount
and shortfall, whether it was priced and why not, its reason, and the claim- and
visit-level facts the scorecard counts), so that the figures over millions of lines are
sums in the database. Everything here comes from the same rules as the per-line path:
:func:`accord.domain.economics.expected.expected_amounts` prices, :func:`line_reason`
names the reason, and the scorecard's definitions of visits, claims, denials and days to
pay are followed line for line::

    facts = line_facts(paid, priced, lambda line: None)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.economics.expected import ExpectedLine
from accord.domain.economics.scorecard import PaidLine
from accord.domain.economics.service_lines import ServiceLine
from accord.domain.economics.underpayments import line_reason

__all__ = [
    "DENIED",
    "NO_CONTRACT",
    "NO_MEDICARE",
    "NO_RATE",
    "LineFacts",
    "cents",
    "line_facts",
    "problem_kind",
]

DENIED = "denied (allowed nothing)"
NO_CONTRACT = "no contract in force"
NO_RATE = "no rate for the code"
NO_MEDICARE = "no Medicare amount"


_ONE = Decimal(1)


def cents(amount: Decimal) -> int:
    """Whole cents of a dollar amount (half a cent rounds up)."""
    return int((amount * 100).quantize(_ONE, rounding=ROUND_HALF_UP))


def problem_kind(problem: str) -> str:
    """Why a line was not priced, without the payer's name or the date in it."""
    if problem.startswith("no ") and " contract in force" in problem:
        return NO_CONTRACT
    if " fee schedule" in problem:
        return NO_RATE
    return NO_MEDICARE


@dataclass(frozen=True, slots=True)
class LineFacts:
    """One service line's figures in whole cents, and the facts the scorecard counts.

    ``unpriced`` is empty for a priced line, else why it was not priced (a denial is not
    priced). ``visit_first`` marks one line per visit (claim × date of service);
    ``claim_first`` one line per claim, on its earliest date of service, where the claim's
    ``claim_denied`` and ``wait_days`` (payment date − received date) are counted.
    """

    line_id: int
    claim_id: int
    claim_key: str
    payer: str
    code: str
    day: date
    units: int
    paid_cents: int
    allowed_cents: int
    patient_cents: int
    medicare_cents: int | None
    expected_cents: int | None
    unpriced: str
    reason: str
    denial_line: bool
    visit_first: bool
    claim_first: bool
    claim_denied: bool
    wait_days: int | None

    @property
    def shortfall_cents(self) -> int | None:
        """Expected minus allowed (positive when the payer allowed less)."""
        return None if self.expected_cents is None else self.expected_cents - self.allowed_cents


def _firsts_and_denials(
    paid: Sequence[PaidLine], allowed: Mapping[int, Decimal]
) -> tuple[dict[tuple[str, str, date], int], set[str], set[int]]:
    """The first line of each visit (payer, visit, day), the first line of each claim,
    and the claims denied as a whole (a denial, or nothing allowed on any line);
    ``allowed`` is each line's allowed amount by ``id()`` of its paid line."""
    by_claim: dict[int, list[PaidLine]] = defaultdict(list)
    first_of_visit: dict[tuple[str, str, date], int] = {}
    for p in paid:
        by_claim[p.claim_id].append(p)
        key = (p.line.payer, p.line.visit, p.line.date_of_service)
        number = int(p.line.line_id)
        if key not in first_of_visit or number < first_of_visit[key]:
            first_of_visit[key] = number
    claim_first: set[str] = set()
    denied_claims: set[int] = set()
    for claim_id, members in by_claim.items():
        first = min(members, key=lambda m: (m.line.date_of_service, int(m.line.line_id)))
        claim_first.add(first.line.line_id)
        if any(m.denied for m in members) or all(allowed[id(m)] == 0 for m in members):
            denied_claims.add(claim_id)
    return first_of_visit, claim_first, denied_claims


def line_facts(
    paid: Sequence[PaidLine],
    priced: Mapping[str, ExpectedLine],
    medicare: Callable[[ServiceLine], Decimal | None],
) -> list[LineFacts]:
    """The facts of every line of ``paid`` (whole claims; reversals already netted).

    ``priced`` holds the expected amounts of the lines that are not denials, by line id;
    ``medicare`` gives Medicare's amount of one unit of a line (``None``: not priced).
    """
    # a line's allowed amount is summed from its adjustments when the payer left it out:
    # taken once per line (it was taken five times, a tenth of a re-pricing)
    allowed = {id(p): p.line.allowed_or_derived for p in paid}
    first_of_visit, claim_first, denied_claims = _firsts_and_denials(paid, allowed)
    out = []
    for p in paid:
        line = p.line
        line_allowed = allowed[id(p)]
        expected: int | None = None
        unpriced = DENIED
        if not (p.denied or line_allowed == 0):
            e = priced[line.line_id]
            if e.expected is None:
                unpriced = problem_kind(e.problem)
            else:
                expected, unpriced = cents(e.expected), ""
        amount = medicare(line) if line.units else None
        wait = None
        if p.paid_on is not None and p.received is not None:
            wait = (p.paid_on - p.received).days
        out.append(
            LineFacts(
                line_id=int(line.line_id),
                claim_id=p.claim_id,
                claim_key=line.visit,
                payer=line.payer,
                code=line.code,
                day=line.date_of_service,
                units=line.units,
                paid_cents=cents(line.paid),
                allowed_cents=cents(line_allowed),
                patient_cents=cents(line.patient_responsibility),
                medicare_cents=None if amount is None else cents(amount * line.units),
                expected_cents=expected,
                unpriced=unpriced,
                reason=line_reason(line),
                denial_line=p.claim_id in denied_claims or line_allowed == 0,
                visit_first=first_of_visit[line.payer, line.visit, line.date_of_service]
                == int(line.line_id),
                claim_first=line.line_id in claim_first,
                claim_denied=p.claim_id in denied_claims,
                wait_days=wait,
            )
        )
    return out
