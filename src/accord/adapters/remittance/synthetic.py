"""Synthetic X12 835 remittances: deterministic, balanced, clearly marked demo.

For the benchmark (``benchmarks/economics.py``) and demo data: every file is an ISA
envelope (usage indicator ``T``, sender ``ACCORDDEMO``) with several ST..SE payments
from payers named ``DEMO ...``; patients are ``DEMO PATIENT`` with made-up ids. Each
claim, line and payment balances by the 835's rules (CO-45 contractual, PR-1/PR-3
patient responsibility, CO-50 denials, PLB L6 interest), so a correct reader accepts
every file. The same seed always gives the same bytes::

    data = synthetic_remit(seed=7, payments=3, claims_per_payment=20)
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.units import UnitPolicy

__all__ = ["DemoPayer", "SyntheticRemittances", "synthetic_remit", "write_synthetic_remits"]


@dataclass(frozen=True, slots=True)
class DemoPayer:
    """A made-up payer: its name, TRN03 id and how it pays.

    ``allowed_share`` is the allowed amount as a fraction of the charge;
    ``days_to_pay`` the range of days from receiving a claim (DTM*050) to paying it;
    ``underpaid_code`` a code that a third of the time it allows at ``underpaid_share``
    instead (the demo's deliberate underpayments).
    """

    name: str
    originator: str
    allowed_share: float
    days_to_pay: tuple[int, int] = (10, 25)
    underpaid_code: str | None = None
    underpaid_share: float = 0.0


_PAYERS = (
    DemoPayer("DEMO BLUE PLAN", "1000000001", 0.62),
    DemoPayer("DEMO NATIONAL HEALTH", "1000000002", 0.55, underpaid_code="97530",
              underpaid_share=0.44),
    DemoPayer("DEMO MEDICAID MCO", "1000000003", 0.41, days_to_pay=(45, 75)),
)  # fmt: skip
# Therapy codes with a made-up billed charge per unit, in cents.
_CODES = (("97110", 9000), ("97140", 8500), ("97530", 9500), ("97112", 9200), ("97116", 8000))
_START = date(2026, 1, 5)
# Days from the demo's day to the end of each demo contract's term: with 90 days' notice,
# DEMO NATIONAL HEALTH (the underpaying payer) must be told within 30 days.
_TERM_LEFT = {"DEMO NATIONAL HEALTH": 120, "DEMO BLUE PLAN": 215, "DEMO MEDICAID MCO": 300}


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}" if part == 0 else f"{sign}{whole}.{part:02d}"


def _claim(rng: random.Random, number: str, payer: DemoPayer, day: date) -> tuple[list[str], int]:
    """The segments of one claim (CLP loop) and its paid amount in cents."""
    denied = rng.random() < 0.04
    copay = 0 if denied else rng.choice((0, 0, 2000, 3000))
    lines: list[str] = []
    charge_total = paid_total = 0
    received = day - timedelta(days=rng.randint(*payer.days_to_pay))
    service_day = (received - timedelta(days=rng.randint(2, 10))).strftime("%Y%m%d")
    count = rng.randint(1, 4)
    for index in range(count):
        code, per_unit = _CODES[rng.randrange(len(_CODES))]
        units = rng.randint(1, 4)
        charge = per_unit * units
        share = payer.allowed_share
        if code == payer.underpaid_code and rng.random() < 1 / 3:
            share = payer.underpaid_share
        allowed = 0 if denied else int(charge * share)
        patient = min(copay, allowed) if index == 0 else 0
        paid = allowed - patient
        charge_total += charge
        paid_total += paid
        lines.append(f"SVC*HC:{code}:GP*{_money(charge)}*{_money(paid)}**{units}")
        lines.append(f"DTM*472*{service_day}")
        # Loop 2110's order: SVC, DTM, CAS, REF, AMT, LQ.
        if denied:
            lines.append(f"CAS*CO*50*{_money(charge)}")
        else:
            lines.append(f"CAS*CO*45*{_money(charge - allowed)}")
            if patient:
                lines.append(f"CAS*PR*3*{_money(patient)}")
        lines.append(f"REF*6R*{number}L{index + 1}")
        if denied:
            lines.append("LQ*HE*N130")
        else:
            lines.append(f"AMT*B6*{_money(allowed)}")
        copay -= patient
    head = [
        f"CLP*{number}*{'4' if denied else '1'}*{_money(charge_total)}*{_money(paid_total)}*"
        f"{_money(_patient_share(lines))}*12*DEMO{number}*11*1",
        f"NM1*QC*1*DEMO*PATIENT****MI*DEMO{number[-6:]}",
        f"DTM*050*{received.strftime('%Y%m%d')}",
    ]
    return head + lines, paid_total


def _patient_share(segments: list[str]) -> int:
    total = 0
    for segment in segments:
        if segment.startswith("CAS*PR*"):
            amount = segment.split("*")[3]
            whole, _, part = amount.partition(".")
            total += int(whole) * 100 + int((part + "00")[:2])
    return total


def _transaction(rng: random.Random, control: int, payer: DemoPayer, day: date,
                 claims: int, first_claim: int, trace: str) -> list[str]:  # fmt: skip
    body: list[str] = []
    paid = 0
    for offset in range(claims):
        number = f"DEMO{first_claim + offset:08d}"
        segments, claim_paid = _claim(rng, number, payer, day)
        if offset == 0:
            body.append("LX*1")
        body.extend(segments)
        paid += claim_paid
    plb: list[str] = []
    interest = rng.choice((0, 0, 0, 125, 340))
    if interest:
        plb.append(f"PLB*1234567893*{day.year}1231*L6*{_money(-interest)}")
    amount = paid + interest  # a negative PLB amount (interest) raises the payment
    ymd = day.strftime("%Y%m%d")
    header = [
        f"ST*835*{control:04d}",
        f"BPR*I*{_money(amount)}*C*ACH*CCP*01*999999999*DA*123456*{payer.originator}**01*"
        f"888888888*DA*654321*{ymd}",
        f"TRN*1*{trace}*{payer.originator}",
        f"DTM*405*{ymd}",
        f"N1*PR*{payer.name}",
        "N3*1 DEMO WAY",
        "N4*ANYTOWN*CA*90001",
        "PER*BL*DEMO EDI*TE*8005550100",
        "N1*PE*DEMO PHYSICAL THERAPY*XX*1234567893",
        "REF*TJ*123456789",
    ]
    segments = header + body + plb
    return [*segments, f"SE*{len(segments) + 1}*{control:04d}"]


def synthetic_remit(
    *,
    seed: int,
    payments: int = 3,
    claims_per_payment: int = 20,
    first_claim: int = 1,
    day: date | None = None,
    payers: Sequence[DemoPayer] | None = None,
) -> bytes:
    """One 835 interchange with ``payments`` transactions, the same bytes for a seed.

    Transaction ``i`` is from ``payers[i % len(payers)]`` when ``payers`` is given, else
    from a payer drawn at random; every trace number carries the seed, so files of
    different seeds never share a payment.
    """
    rng = random.Random(seed)
    day = day or _START + timedelta(days=seed % 360)
    ymd = day.strftime("%y%m%d")
    segments = [
        f"ISA*00*          *00*          *ZZ*ACCORDDEMO     *ZZ*DEMOPT         *{ymd}*1200*^*"
        f"00501*{seed % 10**9:09d}*0*T*:",
        f"GS*HP*ACCORDDEMO*DEMOPT*20{ymd}*1200*{seed % 10**9}*X*005010X221A1",
    ]
    for index in range(payments):
        payer = payers[index % len(payers)] if payers else _PAYERS[rng.randrange(len(_PAYERS))]
        segments.extend(
            _transaction(rng, index + 1, payer, day, claims_per_payment,
                         first_claim + index * claims_per_payment,
                         trace=f"DEMO{seed:09d}{index + 1:04d}")
        )  # fmt: skip
    segments.append(f"GE*{payments}*{seed % 10**9}")
    segments.append(f"IEA*1*{seed % 10**9:09d}")
    return ("~\n".join(segments) + "~\n").encode("ascii")


def write_synthetic_remits(
    directory: Path, *, total_bytes: int, seed: int = 0, payments_per_file: int = 5,
    claims_per_payment: int = 40,
) -> list[Path]:  # fmt: skip
    """Write numbered demo 835 files into ``directory`` until ``total_bytes`` are written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    size = 0
    for index in _count():
        if size >= total_bytes:
            break
        data = synthetic_remit(
            seed=seed * 1_000_003 + index,
            payments=payments_per_file,
            claims_per_payment=claims_per_payment,
            first_claim=index * payments_per_file * claims_per_payment + 1,
        )
        path = directory / f"demo-{index:06d}.835"
        path.write_bytes(data)
        written.append(path)
        size += len(data)
    return written


class SyntheticRemittances:
    """A demo practice's last year of remittances: one file a week (each Friday, the last
    on or before the day asked for) with a payment from each demo payer. DEMO NATIONAL
    HEALTH underpays 97530 a third of the time; DEMO MEDICAID MCO pays 45–75 days after it
    receives a claim (the others 10–25). A week's file depends only on its date, so a
    later load adds the newer weeks and finds the others already ingested."""

    def __init__(self, *, claims_per_payment: int = 8) -> None:
        self.claims_per_payment = claims_per_payment

    @staticmethod
    def paydays(until: date) -> list[date]:
        """The 52 Fridays of the demo's year, the last on or before ``until``."""
        last = until - timedelta(days=(until.weekday() - 4) % 7)
        return [last - timedelta(weeks=51 - week) for week in range(52)]

    def contracts(self, until: date) -> list[Contract]:
        """The demo practice's contract with each demo payer, in force over the demo's year.

        Their terms end on staggered days after ``until`` (see ``_TERM_LEFT``), so that a
        demo loaded on any day shows one notice date a month ahead (the underpaying payer's)
        and two later ones, never a missed one.

        Each pays the payer's usual share of the billed charge per unit, so that only the
        deliberate underpayments (DEMO NATIONAL HEALTH's 97530) fall below the contract.
        Units are counted per code and no MPPR applies, as many commercial contracts say.
        """
        days = self.paydays(until)
        return [
            Contract(
                payer=payer.name,
                effective=date(days[0].year - 1, 1, 1),  # services late in the year before
                end=until + timedelta(days=_TERM_LEFT[payer.name]),
                auto_renews=True,
                notice_days=90,
                timely_filing_days=90,
                units_policy=UnitPolicy.PER_CODE,
                mppr=False,
                npi="1245319599",
                zip_code="59047",
                entries=tuple(
                    FeeScheduleEntry(
                        code,
                        "",
                        "",
                        RateBasis.AMOUNT,
                        (Decimal(cents) * Decimal(str(payer.allowed_share)) / 100).quantize(
                            Decimal("0.01"), rounding=ROUND_DOWN
                        ),
                    )
                    for code, cents in _CODES
                ),
            )
            for payer in _PAYERS
        ]

    def code_labels(self) -> list[tuple[str, str, str]]:
        """The meanings of the codes the demo files use (facts in our own words)."""
        return list(_DEMO_CODE_LABELS)

    def files(self, until: date) -> Iterator[tuple[str, bytes]]:
        """(name, 835 bytes) for each week of the demo's year; a week's bytes depend only
        on its date (its seed, trace numbers and claim numbers come from it)."""
        per_file = len(_PAYERS) * self.claims_per_payment
        for day in self.paydays(until):
            week = day.toordinal() // 7
            data = synthetic_remit(
                seed=day.toordinal(),
                payments=len(_PAYERS),
                claims_per_payment=self.claims_per_payment,
                first_claim=week * per_file + 1,
                day=day,
                payers=_PAYERS,
            )
            yield f"demo-{day.isoformat()}.835", data


_DEMO_CODE_LABELS = (
    ("group", "CO", "contractual: the practice writes it off, the patient owes nothing"),
    ("group", "PR", "patient responsibility"),
    ("carc", "1", "deductible"),
    ("carc", "3", "co-payment"),
    ("carc", "45", "charge above the contracted or fee-schedule amount"),
    ("carc", "50", "not medically necessary in the payer's view"),
    ("plb", "L6", "interest paid on a late claim"),
)


def _count() -> Iterator[int]:
    index = 0
    while True:
        yield index
        index += 1
