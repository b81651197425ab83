"""How long documents take to make: the proposal letter and the savings report.

* the demo practice's proposal letter (six codes, so six charts, four pages) and a
  three-code letter (three charts), each to PDF and to DOCX;
* the savings and revenue report over N agreed cases (default 1,000), to PDF and DOCX.

Each figure is the median of ``--repeat`` runs after one warm-up run (the first PDF
loads fonts). Not a test: numbers vary with the machine.

    .venv/bin/python benchmarks/documents.py [--cases 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.agreements import RateChange, SoftSaving, SoftSavingCategory
from accord.domain.documents import DocumentKind
from accord.domain.negotiation import NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.domain.preparation import CompetitorPrice
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind
from accord.services import agreements, demo, negotiations, organisations, preparation
from accord.services.documents import DocumentFormat, make_document


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up: fonts, templates, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def three_code_letter(accord: Accord) -> int:
    u, now = accord.store.unit_of_work, accord.clock.now()
    ours = organisations.create_organisation(u(), name="Bench PT", kind=OrganisationKind.OURS,
                                             state="MT", county="Park")  # fmt: skip
    payer = organisations.create_organisation(u(), name="Bench Plan", kind=OrganisationKind.PAYER)
    assert ours.id is not None and payer.id is not None
    n = negotiations.open_negotiation(
        u(), now, title="Three codes", kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=ours.id, counterparty_id=payer.id, deadline=(now + timedelta(30)).date(),
    )  # fmt: skip
    assert n.id is not None
    for code, ask, medicare in (("97110", 42.0, 29.7), ("97140", 38.0, 27.1),
                                ("97530", 46.0, 31.9)):  # fmt: skip
        negotiations.add_term(u(), now, n.id, name=f"rate_{code}", kind=TermKind.RATE_PER_UNIT,
                              minimum=0, maximum=400, opening=ask, billing_code=code)  # fmt: skip
        preparation.add_competitor_price(
            u(), now, n.id, CompetitorPrice(f"Medicare {code}", medicare, "PFS", code)
        )
    return n.id


def agreed_cases(accord: Accord, count: int) -> None:
    u, now = accord.store.unit_of_work, accord.clock.now()
    ours = organisations.create_organisation(u(), name="Bench Hospital CM",
                                             kind=OrganisationKind.OURS)  # fmt: skip
    snf = organisations.create_organisation(u(), name="Bench SNF", kind=OrganisationKind.FACILITY)
    assert ours.id is not None and snf.id is not None
    for i in range(count):
        n = negotiations.open_negotiation(
            u(), now, title=f"Case {i:04d}", kind=NegotiationKind.SINGLE_CASE_AGREEMENT,
            our_org_id=ours.id, counterparty_id=snf.id, patient_ref=f"CM-{i:05d}",
        )  # fmt: skip
        assert n.id is not None
        negotiations.add_term(u(), now, n.id, name="per_diem", kind=TermKind.PER_DIEM,
                              direction=Direction.LOWER_BETTER, minimum=100, maximum=2000,
                              opening=500)  # fmt: skip
        for stage in (Stage.GOALS_AGREED, Stage.BARGAINING):
            negotiations.advance_stage(u(), now, n.id, stage)
        agreements.record_agreement(
            u(), now, n.id, final_terms={"per_diem": 500 + i % 200},
            effective=date(2026, 1, 1) + timedelta(days=i % 330),
            potential_cost=Decimal(40000 + i), actual_cost=Decimal(12000 + i % 500),
            case_management_cost=Decimal(400),
            soft_savings=[SoftSaving(SoftSavingCategory.AVOIDED_READMISSION, Decimal(900))],
            rate_changes=[RateChange("97110", Decimal("30"), Decimal("36"), 10)] if i % 7 == 0
            else [],
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        accord = bootstrap(Settings(data_dir=Path(folder)))
        try:
            _, pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
            three = three_code_letter(accord)

            def make(kind: DocumentKind, nid: int | None, fmt: DocumentFormat,
                     period: tuple[date, date] | None = None) -> Callable[[], object]:  # fmt: skip
                return lambda: make_document(
                    accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts,
                    accord.clock.now(), kind, nid, fmt, period=period,
                )  # fmt: skip

            for label, nid in (("proposal, 3 codes / 3 charts", three),
                               ("proposal, demo: 6 codes / 6 charts", pt)):  # fmt: skip
                for fmt in DocumentFormat:
                    took = median_seconds(make(DocumentKind.PROPOSAL, nid, fmt), args.repeat)
                    print(f"{label:38s} {fmt.value:4s} {took * 1000:8.0f} ms")
            start = time.perf_counter()
            agreed_cases(accord, args.cases)
            print(f"(recorded {args.cases} agreed cases in {time.perf_counter() - start:.1f} s)")
            year = (date(2026, 1, 1), date(2026, 12, 31))
            for fmt in DocumentFormat:
                took = median_seconds(make(DocumentKind.SAVINGS, None, fmt, year), args.repeat)
                print(f"{f'savings report, {args.cases} cases':38s} {fmt.value:4s} "
                      f"{took * 1000:8.0f} ms")  # fmt: skip
        finally:
            accord.close()


if __name__ == "__main__":
    main()
