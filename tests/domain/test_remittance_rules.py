"""The 835 balancing rules and claim netting, on hand-made payments (no files)."""

from __future__ import annotations

from accord.domain.remittance import (
    Adjustment,
    Claim,
    Payment,
    ProviderAdjustment,
    ServiceLine,
    balance_findings,
    dollars,
    net_by_claim,
)


def _line(paid: int, co: int, segment: int) -> ServiceLine:
    adjustments = (Adjustment("CO", "45", co, segment=segment + 1),)
    return ServiceLine("97110", 15000, paid, adjustments=adjustments, segment=segment)


def _payment(amount: int, *, co: int = 6500, plb: int = 0) -> Payment:
    claim = Claim("PT1", "1", 30000, 17000, lines=(_line(8500, co, 20), _line(8500, 6500, 30)),
                  segment=10)  # fmt: skip
    adjustments = (ProviderAdjustment("1234567893", "WO", plb, segment=40),) if plb else ()
    return Payment("EFT1", amount, claims=(claim,), provider_adjustments=adjustments, segment=3)


def test_a_balanced_payment_has_no_findings() -> None:
    assert balance_findings(_payment(17000)) == []


def test_a_positive_plb_lowers_the_expected_payment() -> None:
    assert balance_findings(_payment(15800, plb=1200)) == []
    [finding] = balance_findings(_payment(17000, plb=1200))
    assert str(finding) == (
        "segment 4 (BPR): BPR02 is 170.00, expected 158.00 = claims paid (ΣCLP04) 170.00 "
        "− provider adjustments (ΣPLB) 12.00"
    )


def test_an_unbalanced_line_is_reported_at_its_svc_and_its_claim() -> None:
    findings = balance_findings(_payment(17000, co=6400))
    assert [(f.segment, f.segment_id) for f in findings] == [(10, "CLP"), (20, "SVC")]
    assert "off by 1.00" in findings[1].message


def test_a_claim_without_any_cas_is_not_balanced_line_by_line() -> None:
    claim = Claim("PT2", "1", 3400, 0, lines=(ServiceLine("V2020", 3400, 0),))
    assert balance_findings(Payment("T", 0, claims=(claim,))) == []


def test_reversal_and_correction_net_by_claim_number() -> None:
    original = Claim("PT1001", "1", 30000, 15000, 2000)
    reversal = Claim("PT1001", "22", -30000, -15000, -2000)
    correction = Claim("PT1001", "1", 30000, 17000, 2000)
    other = Claim("PT1002", "4", 20000, 0)
    netted = net_by_claim([original, other, reversal, correction])
    assert [n.claim_number for n in netted] == ["PT1001", "PT1002"]
    first = netted[0]
    assert (first.occurrences, first.reversals, first.paid_cents, first.charge_cents) == (
        3, 1, 17000, 30000,
    )  # fmt: skip
    assert first.patient_responsibility_cents == 2000


def test_dollars_keeps_the_sign_and_two_decimals() -> None:
    assert [dollars(c) for c in (0, 5, -250, 15000000)] == ["0.00", "0.05", "-2.50", "150000.00"]
