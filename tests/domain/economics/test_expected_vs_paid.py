"""Expected vs paid, priced with real 2025 Medicare RVUs, and the underpayment groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.adapters.contracts.medicare_prices import PfsMedicarePrices
from accord.adapters.contracts.reference_tables import ReferenceTables
from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.service_lines import Adjustment, ServiceLine
from accord.domain.economics.underpayments import Tolerance
from accord.domain.economics.units import UnitPolicy
from accord.services.contracts import expected_vs_paid, find_underpayments

D = Decimal


@pytest.fixture(scope="module")
def medicare(shared_fixtures: Path) -> PfsMedicarePrices:
    pfs = shared_fixtures / "pfs"
    return PfsMedicarePrices(pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv")


@pytest.fixture(scope="module")
def labels(shared_fixtures: Path) -> CodeLabels:
    return ReferenceTables().code_labels(shared_fixtures / "remittance/carc_rarc_subset.csv")


def acme(policy: UnitPolicy = UnitPolicy.MEDICARE, *, mppr: bool = True) -> Contract:
    return Contract(
        "Acme Health",
        date(2025, 1, 1),
        date(2025, 12, 31),
        units_policy=policy,
        mppr=mppr,
        entries=(
            FeeScheduleEntry("97110", "", "", RateBasis.PERCENT_OF_MEDICARE, D(110), 2025),
            FeeScheduleEntry("97140", "", "", RateBasis.AMOUNT, D("30.00")),
            FeeScheduleEntry("97530", "", "", RateBasis.PERCENT_OF_CHARGES, D(50)),
        ),
    )


def line(line_id: str, code: str, units: int, **kw: object) -> ServiceLine:
    defaults: dict[str, object] = {
        "visit": "V1",
        "payer": "Acme Health",
        "charge": D("60.00") * units,
        "date_of_service": date(2025, 3, 4),
        "paid": D(0),
        "place_of_service": "11",
    }
    defaults.update(kw)
    return ServiceLine(line_id, code=code, units=units, **defaults)  # type: ignore[arg-type]


def visit() -> list[ServiceLine]:
    return [
        line(
            "PT1001/1",
            "97110",
            2,
            minutes=33,
            paid=D("44.55"),
            allowed=D("55.69"),
            adjustments=(Adjustment("CO", "45", D("64.31")), Adjustment("PR", "2", D("11.14"))),
        ),
        line(
            "PT1001/2",
            "97140",
            1,
            minutes=7,
            paid=D("15.00"),
            allowed=D("15.00"),
            adjustments=(Adjustment("CO", "45", D("45.00")),),
        ),
        line(
            "PT1002/1",
            "97110",
            1,
            visit="V2",
            minutes=20,
            date_of_service=date(2025, 3, 11),
            paid=D("31.00"),
            allowed=D("31.00"),
        ),
    ]


def test_a_hand_checked_visit_is_priced_after_units_and_mppr(medicare: PfsMedicarePrices) -> None:
    """Acme pays 97110 at 110% of Medicare 2025, 97140 at $30.00, and applies the MPPR.

    Medicare 2025, national, non-facility (conversion factor 32.3465):
      97110 = (0.45 + 0.43 + 0.01) × 32.3465 = 28.79; PE share 0.43 / 0.89
      97140 = (0.43 + 0.40 + 0.01) × 32.3465 = 27.17; PE share 0.40 / 0.84
    Visit V1 (2025-03-04): 97110 33 minutes (2 units billed), 97140 7 minutes (1 unit).
      40 timed minutes = 3 units; 97110 has two whole units, 97140's 7 minutes the third
      (CMS example 3), so every billed unit is payable.
      97110 rate 1.10 × 28.79 = 31.669 per unit; its PE 31.669 × 0.43 / 0.89 = 15.30075
      97140 rate 30.00 per unit;               its PE 30.00 × 0.40 / 0.84 = 14.28571
      The highest-PE unit (97110's first) is paid in full; the others lose half their PE:
      97110 expected = 2 × 31.669 − 15.30075 / 2 = 63.338 − 7.65037 = 55.68763 → 55.69
      97140 expected = 30.00 − 14.28571 / 2 = 30.00 − 7.14286 = 22.85714 → 22.86
    Payer allowed 55.69 (paid 44.55 + coinsurance 11.14): variance 0.00.
    Payer allowed 15.00 for 97140: variance 15.00 − 22.86 = −7.86.
    Visit V2: 97110 20 minutes, 1 unit, alone: expected 31.669 → 31.67; allowed 31.00,
    variance −0.67 (under the $1.00 tolerance: not an underpayment).
    """
    result = expected_vs_paid(visit(), [acme()], medicare)
    assert [r.expected for r in result] == [D("55.69"), D("22.86"), D("31.67")]
    assert [r.mppr_reduction for r in result] == [D("7.65"), D("7.14"), D("0.00")]
    assert [r.variance for r in result] == [D("0.00"), D("-7.86"), D("-0.67")]
    assert [r.payable_units for r in result] == [2, 1, 1]


def test_only_the_line_short_beyond_tolerance_is_an_underpayment_with_its_label(
    medicare: PfsMedicarePrices, labels: CodeLabels
) -> None:
    groups = find_underpayments(visit(), [acme()], medicare, labels)
    assert len(groups) == 1
    group = groups[0]
    assert (group.payer, group.code, group.reason) == ("Acme Health", "97140", "CO-45")
    assert group.line_ids == ("PT1001/2",)
    assert group.amount_at_stake == D("7.86")
    assert "Charge exceeds fee schedule" in group.label and "Contractual Obligations" in group.label


def test_without_mppr_in_the_contract_the_later_units_are_expected_in_full(
    medicare: PfsMedicarePrices,
) -> None:
    result = expected_vs_paid(visit(), [acme(mppr=False)], medicare)
    # 2 × 31.669 = 63.338 → 63.34; 97140 at its full $30.00
    assert [r.expected for r in result[:2]] == [D("63.34"), D("30.00")]


def test_per_code_rounding_pays_a_unit_the_8_minute_rule_does_not(
    medicare: PfsMedicarePrices,
) -> None:
    # 97110 10 minutes + 97140 10 minutes: Medicare's total 20 minutes = 1 unit (to 97110,
    # listed first among equal remainders); per-code rounding gives each code its unit.
    lines = [line("A/1", "97110", 1, minutes=10), line("A/2", "97140", 1, minutes=10)]
    medicare_rule = expected_vs_paid(lines, [acme(mppr=False)], medicare)
    per_code = expected_vs_paid(lines, [acme(UnitPolicy.PER_CODE, mppr=False)], medicare)
    assert [r.payable_units for r in medicare_rule] == [1, 0]
    assert [r.expected for r in medicare_rule] == [D("31.67"), D("0.00")]
    assert [r.payable_units for r in per_code] == [1, 1]
    assert [r.expected for r in per_code] == [D("31.67"), D("30.00")]


def test_a_percent_of_charges_rate_follows_the_billed_charge(medicare: PfsMedicarePrices) -> None:
    # 97530 billed 2 units at $60.00 = $120.00, contract 50% of charges = $60.00; alone on
    # its day, its second unit loses half its PE: 30.00 × 0.62 / 1.07 / 2 = 8.69159 → 51.31
    result = expected_vs_paid([line("B/1", "97530", 2)], [acme()], medicare)
    assert result[0].expected == D("51.31")


def test_a_line_without_a_contract_in_force_is_not_priced_and_says_why(
    medicare: PfsMedicarePrices, labels: CodeLabels
) -> None:
    late = line("C/1", "97110", 1, date_of_service=date(2026, 1, 5), allowed=D(0))
    unknown = line("C/2", "97112", 1, visit="V9")
    result = expected_vs_paid([late, unknown], [acme()], medicare)
    assert result[0].expected is None
    assert result[0].problem == "no Acme Health contract in force on 2026-01-05"
    assert result[1].problem == "no rate for 97112 in the Acme Health fee schedule"
    assert find_underpayments([late, unknown], [acme()], medicare, labels) == []


def test_a_stricter_tolerance_flags_the_small_shortfall_too(
    medicare: PfsMedicarePrices, labels: CodeLabels
) -> None:
    strict = Tolerance(dollars=D("0.50"), percent=D("1"))
    groups = find_underpayments(visit(), [acme()], medicare, labels, tolerance=strict)
    assert [(g.code, g.reason, g.amount_at_stake) for g in groups] == [
        ("97140", "CO-45", D("7.86")),
        ("97110", "none", D("0.67")),
    ]
    assert groups[1].label == "none: no adjustment reason given"


def test_a_visit_without_medicare_figures_for_the_reduction_is_not_priced(
    medicare: PfsMedicarePrices,
) -> None:
    # The RVU file is 2025's; a 2026 visit under a flat-rate contract with the MPPR cannot
    # know each code's practice-expense share, so it is not priced rather than flagged.
    c2026 = Contract(
        "Acme Health",
        date(2026, 1, 1),
        entries=(FeeScheduleEntry("97110", "", "", RateBasis.AMOUNT, D("30.00")),),
    )
    lines = [line("D/1", "97110", 2, date_of_service=date(2026, 2, 3), allowed=D("45.00"))]
    (result,) = expected_vs_paid(lines, [c2026], medicare)
    assert result.expected is None
    assert result.problem.startswith("no Medicare 2026 amount for 97110")
    single = [line("D/2", "97110", 1, date_of_service=date(2026, 2, 3))]
    assert expected_vs_paid(single, [c2026], medicare)[0].expected == D("30.00")


def test_a_percent_of_medicare_rate_follows_the_practices_locality(shared_fixtures: Path) -> None:
    # Alabama (10112-00): 97110 = (0.45 × 1 + 0.43 × 0.869 + 0.01 × 0.575) × 32.3465 = 26.83;
    # 110% of it for one unit = 29.513 → 29.51
    pfs = shared_fixtures / "pfs"
    alabama = PfsMedicarePrices(
        pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv", locality="10112-00"
    )
    (result,) = expected_vs_paid([line("E/1", "97110", 1)], [acme()], alabama)
    assert result.expected == D("29.51")
