"""Remittances (X12 835): what a payer paid, claim by claim and line by line.

These are the parser-neutral facts of an 835 transaction (one ST..SE set): a
:class:`Payment` carrying its :class:`Claim` list, each with its :class:`ServiceLine`
list and :class:`Adjustment` list, and the :class:`ProviderAdjustment` list of its PLB
segments. Money is in integer cents. Patient names and member ids are not part of
the model: the practice's own claim number (CLP01) is what identifies a claim.

Each fact carries ``segment``, its 1-based position in the file, so that a rule that
fails (see :func:`balance_findings`) can say where.

    >>> line = ServiceLine(code="97110", charge_cents=15000, paid_cents=7500,
    ...     adjustments=(Adjustment(group="CO", reason="45", amount_cents=7500),))
    >>> line_imbalance(line) is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = [
    "REVERSAL_STATUS",
    "Adjustment",
    "BalanceFinding",
    "Claim",
    "NetClaim",
    "Payment",
    "ProviderAdjustment",
    "RemittanceRow",
    "ServiceLine",
    "balance_findings",
    "dollars",
    "line_imbalance",
    "net_by_claim",
]

#: CLP02 of a claim that reverses an earlier payment (its amounts are negated).
REVERSAL_STATUS = "22"


def dollars(cents: int) -> str:
    """Cents as a signed dollar figure with two decimals: ``-250`` → ``'-2.50'``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One CAS triplet: a group (CO, PR, OA, PI, CR), a reason code and an amount.

    A positive amount lowers what was paid; PR is the part billable to the patient.
    """

    group: str
    reason: str
    amount_cents: int
    quantity: Decimal | None = None
    segment: int = 0


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One SVC loop: a billed code and what the payer did with it."""

    code: str
    charge_cents: int
    paid_cents: int
    qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    units: Decimal | None = None
    allowed_cents: int | None = None
    service_date: date | None = None
    control_number: str | None = None
    remark_codes: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    segment: int = 0


@dataclass(frozen=True, slots=True)
class Claim:
    """One CLP loop. ``claim_number`` is the practice's own number (CLP01)."""

    claim_number: str
    status: str
    charge_cents: int
    paid_cents: int
    patient_responsibility_cents: int = 0
    filing_indicator: str | None = None
    facility_type: str | None = None
    frequency: str | None = None
    statement_from: date | None = None
    statement_to: date | None = None
    received: date | None = None
    adjustments: tuple[Adjustment, ...] = ()
    lines: tuple[ServiceLine, ...] = ()
    segment: int = 0

    @property
    def is_reversal(self) -> bool:
        """True for CLP02 = 22: this claim takes back an earlier payment."""
        return self.status == REVERSAL_STATUS


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """One PLB adjustment: a positive amount lowers the payment, a negative one raises it."""

    provider_id: str
    reason: str
    amount_cents: int
    fiscal_period_end: date | None = None
    reference: str | None = None
    segment: int = 0


@dataclass(frozen=True, slots=True)
class Payment:
    """One 835 transaction (ST..SE): a payment or notice from a payer to a payee."""

    trace_number: str
    amount_cents: int
    originator: str = ""
    credit_debit: str = "C"
    method: str | None = None
    handling: str | None = None
    payment_date: date | None = None
    production_date: date | None = None
    payer_name: str | None = None
    payer_id: str | None = None
    payee_name: str | None = None
    payee_id: str | None = None
    claims: tuple[Claim, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    segment: int = 0

    @property
    def trace_key(self) -> tuple[str, str]:
        """(TRN03, TRN02): the payer's originator id and its trace (check or EFT) number."""
        return (self.originator, self.trace_number)

    @property
    def line_count(self) -> int:
        return sum(len(claim.lines) for claim in self.claims)


@dataclass(frozen=True, slots=True)
class BalanceFinding:
    """A balancing rule that fails, at ``segment`` (1-based)."""

    segment: int
    segment_id: str
    message: str

    def __str__(self) -> str:
        return f"segment {self.segment} ({self.segment_id}): {self.message}"


def _sum_adjustments(adjustments: Iterable[Adjustment]) -> int:
    return sum(adjustment.amount_cents for adjustment in adjustments)


def line_imbalance(line: ServiceLine) -> BalanceFinding | None:
    """SVC02 − SVC03 must equal the line's CAS amounts (when the line has any)."""
    if not line.adjustments:
        # Some payers explain a line only with remark codes (no CAS): nothing to check.
        return None
    expected = line.charge_cents - line.paid_cents
    found = _sum_adjustments(line.adjustments)
    if found == expected:
        return None
    return BalanceFinding(
        line.segment,
        "SVC",
        f"charge {dollars(line.charge_cents)} − paid {dollars(line.paid_cents)} = "
        f"{dollars(expected)}, but the line's CAS adjustments add up to {dollars(found)} "
        f"(off by {dollars(expected - found)})",
    )


def _claim_imbalance(claim: Claim) -> BalanceFinding | None:
    line_adjustments = [a for line in claim.lines for a in line.adjustments]
    if not claim.adjustments and not line_adjustments:
        return None
    expected = claim.charge_cents - claim.paid_cents
    found = _sum_adjustments(claim.adjustments) + _sum_adjustments(line_adjustments)
    if found == expected:
        return None
    return BalanceFinding(
        claim.segment,
        "CLP",
        f"claim {claim.claim_number}: charge {dollars(claim.charge_cents)} − paid "
        f"{dollars(claim.paid_cents)} = {dollars(expected)}, but its claim and line CAS "
        f"adjustments add up to {dollars(found)} (off by {dollars(expected - found)})",
    )


def _payment_imbalance(payment: Payment, bpr_segment: int) -> BalanceFinding | None:
    claims = sum(claim.paid_cents for claim in payment.claims)
    plb = sum(adjustment.amount_cents for adjustment in payment.provider_adjustments)
    expected = claims - plb
    if payment.amount_cents == expected:
        return None
    return BalanceFinding(
        bpr_segment,
        "BPR",
        f"BPR02 is {dollars(payment.amount_cents)}, expected {dollars(expected)} "
        f"= claims paid (ΣCLP04) {dollars(claims)} − provider adjustments (ΣPLB) "
        f"{dollars(plb)}",
    )


def balance_findings(payment: Payment) -> list[BalanceFinding]:
    """Every balancing rule of the 835 that ``payment`` breaks, in file order.

    The transaction: BPR02 = ΣCLP04 − ΣPLB. Each claim: CLP03 − CLP04 = its claim and
    line CAS amounts. Each line: SVC02 − SVC03 = its CAS amounts. Claims and lines
    without any CAS are not checked (some payers explain them with remark codes only).
    The BPR segment follows the ST segment, so it is ``payment.segment + 1``.
    """
    findings: list[BalanceFinding] = []
    top = _payment_imbalance(payment, payment.segment + 1)
    if top is not None:
        findings.append(top)
    for claim in payment.claims:
        claim_finding = _claim_imbalance(claim)
        if claim_finding is not None:
            findings.append(claim_finding)
        for line in claim.lines:
            line_finding = line_imbalance(line)
            if line_finding is not None:
                findings.append(line_finding)
    return sorted(findings, key=lambda finding: finding.segment)


@dataclass(frozen=True, slots=True)
class NetClaim:
    """A claim number's net position across every CLP that carries it.

    Reversals (CLP02 = 22) carry negated amounts, so the sum of every occurrence —
    original, reversal, correction, split parts — is what the payer paid in the end.
    Across stored remittances the netting is per payer (``payer_name``): a secondary
    payer's payment on the same claim is its own row.
    """

    claim_number: str
    occurrences: int
    reversals: int
    charge_cents: int
    paid_cents: int
    patient_responsibility_cents: int
    statuses: tuple[str, ...] = field(default=())
    payer_name: str | None = None


def net_by_claim(claims: Iterable[Claim]) -> list[NetClaim]:
    """Net every claim number's occurrences, in order of first appearance."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.claim_number, []).append(claim)
    return [
        NetClaim(
            claim_number=number,
            occurrences=len(group),
            reversals=sum(1 for claim in group if claim.is_reversal),
            charge_cents=sum(claim.charge_cents for claim in group),
            paid_cents=sum(claim.paid_cents for claim in group),
            patient_responsibility_cents=sum(c.patient_responsibility_cents for c in group),
            statuses=tuple(claim.status for claim in group),
        )
        for number, group in groups.items()
    ]


@dataclass(frozen=True, slots=True)
class RemittanceRow:
    """One stored payment as lists show it: no claims, just counts and totals."""

    id: int
    file_name: str
    trace_number: str
    payer_name: str | None
    payee_name: str | None
    payment_date: date | None
    amount_cents: int
    claim_count: int
    line_count: int
