"""Each document, as DOCX and as PDF, says what the record says: every figure, code,
date and name, read back from the rendered file (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.bootstrap import Accord
from accord.domain.agreements import RateChange, SoftSaving, SoftSavingCategory
from accord.domain.documents import DocumentKind
from accord.services import agreements
from accord.services.document_parts import long_date
from accord.services.documents import DocumentFormat
from accord.services.negotiations import get_negotiation
from tests.services.conftest import Render
from tests.support.extract import docx_text, pdf_text

FORMATS = [DocumentFormat.PDF, DocumentFormat.DOCX]


class Words(str):
    """A document's text compared without whitespace: a PDF table wraps long cells."""

    __slots__ = ()

    def __contains__(self, fact: object) -> bool:
        squash = "".join(str(fact).split())
        return squash in "".join(self.split())


def read(fmt: DocumentFormat, content: bytes) -> Words:
    return Words(pdf_text(content) if fmt is DocumentFormat.PDF else docx_text(content))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_proposal_letter_states_each_code_and_our_latest_ask_but_never_our_limits(
    accord: Accord, demo_ids: tuple[int, int], render: Render, fmt: DocumentFormat
) -> None:
    _, pt = demo_ids
    rendered = render(DocumentKind.PROPOSAL, pt, fmt)
    text = read(fmt, rendered.content)
    n = get_negotiation(accord.store.unit_of_work(), pt)
    ours = n.latest_offer("ours")  # type: ignore[arg-type]
    assert ours is not None
    for term in n.terms:
        if term.billing_code:
            assert term.billing_code in text
            assert f"${ours.values[term.name]:,.2f}" in text
    # 97110: our ask against the Medicare amount recorded among the competitor prices.
    medicare = next(
        p.amount for p in n.checklist.competitor_prices
        if p.billing_code == "97110" and "Medicare" in p.description
    )  # fmt: skip
    ask = float(ours.values["rate_97110"])
    assert f"${medicare:,.2f}" in text and f"{ask / medicare * 100:.0f}%" in text
    assert "Karen Lindqvist" in text  # the decision maker linked to the negotiation
    assert "Big Sky Commercial Health Plan (demo)" in text
    assert long_date(n.deadline) in text
    assert "Montana chapter of the physical-therapy association" in text  # an ally
    assert "52 miles" in text  # the network-gap leverage
    # Never what we keep to ourselves: walk-aways, the BATNA note, the checklist.
    walk_aways = {f"${t.walk_away:,.2f}" for t in n.terms if t.billing_code}
    assert not [w for w in walk_aways if w in text]
    assert "BATNA" not in text and "walk-away" not in text.lower()
    assert rendered.filename == f"accord-proposal-{pt}-2026-03-02.{fmt.value}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_draft_agreement_names_both_parties_and_the_patient_reference_only(
    demo_ids: tuple[int, int], render: Render, fmt: DocumentFormat
) -> None:
    sca, _ = demo_ids
    text = read(fmt, render(DocumentKind.AGREEMENT, sca, fmt).content)
    for fact in (
        "Single case agreement (draft)", "DRAFT", "CM-2026-0147",
        "Lakeview Skilled Nursing & Rehabilitation (demo)", "NPI 1234567893",
        "TIN 31-1234567", "Mercy General Hospital — Case Management (demo)",
        "$480.00/day", "14 days", "per diem", "Authorisation number",
        "within 30 days", "payment in full", "Timely filing", "A. Okafor, RN CCM",
    ):  # fmt: skip
        assert fact in text, fact
    assert "Patient:" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_recorded_agreement_prints_the_agreed_values_dates_and_the_typed_patient_name(
    accord: Accord, demo_ids: tuple[int, int], render: Render, fmt: DocumentFormat
) -> None:
    sca, _ = demo_ids
    agreements.record_agreement(
        accord.store.unit_of_work(), accord.clock.now(), sca,
        final_terms={"per_diem": 610, "length_of_stay": 18, "therapy_included": True},
        effective=date(2026, 3, 4), expires=date(2026, 3, 22),
        potential_cost=Decimal("52200"), actual_cost=Decimal("10980"),
        case_management_cost=Decimal("450"),
    )  # fmt: skip
    text = read(fmt, render(DocumentKind.AGREEMENT, sca, fmt, patient_name="Zoë Ñúñez").content)
    assert "(draft)" not in text and "DRAFT" not in text
    for fact in ("$610.00/day", "18 days", "4 March 2026", "22 March 2026", "Zoë Ñúñez"):
        assert fact in text, fact
    stored = get_negotiation(accord.store.unit_of_work(), sca)
    assert "Ñúñez" not in repr(vars(stored))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_brief_lists_every_term_with_our_plan_and_both_latest_offers(
    accord: Accord, demo_ids: tuple[int, int], render: Render, fmt: DocumentFormat
) -> None:
    sca, _ = demo_ids
    text = read(fmt, render(DocumentKind.BRIEF, sca, fmt).content)
    n = get_negotiation(accord.store.unit_of_work(), sca)
    for fact in (
        "$480.00/day", "$560.00/day", "$640.00/day",  # opening, target, walk-away
        "$690.00/day", "21 days",  # their latest offer
        "Dana Whitfield", "Luis Moreno", "bargaining", long_date(n.deadline),
        "Overdue since", "internal",
    ):  # fmt: skip
        assert fact in text, fact


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_savings_report_shows_hard_and_soft_savings_and_the_revenue_effect(
    accord: Accord, demo_ids: tuple[int, int], render: Render, fmt: DocumentFormat
) -> None:
    sca, pt = demo_ids
    now = accord.clock.now()
    agreements.record_agreement(
        accord.store.unit_of_work(), now, sca,
        final_terms={"per_diem": 610, "length_of_stay": 18, "therapy_included": True},
        effective=date(2026, 3, 4), potential_cost=Decimal("52200"),
        actual_cost=Decimal("10980"), case_management_cost=Decimal("450"),
        soft_savings=[SoftSaving(SoftSavingCategory.AVOIDED_READMISSION, Decimal("8400"))],
    )  # fmt: skip
    agreements.record_agreement(
        accord.store.unit_of_work(), now, pt,
        final_terms={"rate_97110": 36.0, "rate_97530": 40.0}, effective=date(2026, 4, 1),
        rate_changes=[RateChange("97110", Decimal("29.10"), Decimal("36.00"), 4200),
                      RateChange("97530", Decimal("31.50"), Decimal("40.00"), 2600)],
    )  # fmt: skip
    one = read(fmt, render(DocumentKind.SAVINGS, sca, fmt).content)
    # 52,200 − (10,980 + 450) = 40,770
    for fact in ("$52,200.00", "$10,980.00", "$450.00", "$40,770.00", "$8,400.00",
                 "avoided readmission", "4 March 2026"):  # fmt: skip
        assert fact in one, fact
    period = read(
        fmt,
        render(
            DocumentKind.SAVINGS, None, fmt, period=(date(2026, 3, 1), date(2026, 4, 30))
        ).content,
    )
    # (36.00 − 29.10) × 4,200 = 28,980; (40.00 − 31.50) × 2,600 = 22,100; total 51,080
    for fact in ("$40,770.00", "$28,980.00", "$22,100.00", "$51,080.00", "97530", "4,200"):
        assert fact in period, fact
    march = read(
        fmt,
        render(
            DocumentKind.SAVINGS, None, fmt, period=(date(2026, 3, 1), date(2026, 3, 31))
        ).content,
    )
    assert "$40,770.00" in march and "$51,080.00" not in march
