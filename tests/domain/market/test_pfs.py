"""Medicare Physician Fee Schedule: CMS's files and the payment arithmetic."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.pfs import read_gpci, read_locality_counties, read_rvu
from accord.domain.market.pfs import NATIONAL, Gpci, RelativeValues, payment
from accord.domain.market.procedure_reduction import reduce_multiple_procedures
from accord.errors import InputFileError


@pytest.fixture(scope="module")
def rvus(shared_fixtures: Path) -> dict[str, RelativeValues]:
    return {
        r.code + r.modifier: r for r in read_rvu(shared_fixtures / "pfs/PPRRVU2025_Oct-subset.csv")
    }


@pytest.fixture(scope="module")
def gpcis(shared_fixtures: Path) -> dict[str, Gpci]:
    return {g.key: g for g in read_gpci(shared_fixtures / "pfs/GPCI2025.csv")}


def test_the_rvu_file_yields_every_code_with_the_2025_conversion_factor(
    rvus: dict[str, RelativeValues],
) -> None:
    assert len(rvus) == 84
    assert {r.conversion_factor for r in rvus.values()} == {Decimal("32.3465")}
    r = rvus["97110"]
    assert (r.work, r.pe_nonfacility, r.malpractice, r.mult_proc) == (
        Decimal("0.45"),
        Decimal("0.43"),
        Decimal("0.01"),
        "5",
    )


def test_97110_non_facility_with_all_gpcis_at_one_is_28_79(
    rvus: dict[str, RelativeValues],
) -> None:
    assert payment(rvus["97110"], NATIONAL, facility=False) == Decimal("28.79")


def test_a_setting_cms_marks_na_has_no_payment(rvus: dict[str, RelativeValues]) -> None:
    assert payment(rvus["97110"], NATIONAL, facility=True) is None
    assert payment(rvus["27447"], NATIONAL, facility=False) is None
    assert payment(rvus["27447"], NATIONAL, facility=True) == Decimal("1257.63")


def test_locality_amounts_follow_the_gpci_file(
    rvus: dict[str, RelativeValues], gpcis: dict[str, Gpci]
) -> None:
    alabama = gpcis["10112-00"]
    assert (alabama.work, alabama.pe, alabama.malpractice) == (
        Decimal("1"),
        Decimal("0.869"),
        Decimal("0.575"),
    )
    # (0.45 × 1 + 0.43 × 0.869 + 0.01 × 0.575) × 32.3465 = 26.829 → 26.83
    assert payment(rvus["97110"], alabama, facility=False) == Decimal("26.83")
    alaska = gpcis["02102-01"]
    # (0.45 × 1.5 + 0.43 × 1.081 + 0.01 × 0.592) × 32.3465 = 37.06
    assert payment(rvus["97110"], alaska, facility=False) == Decimal("37.06")
    assert len(gpcis) == 109


def test_the_locality_file_fills_blank_states_from_the_line_above(shared_fixtures: Path) -> None:
    rows = read_locality_counties(shared_fixtures / "pfs/25LOCCO.csv")
    marin = next(r for r in rows if r.key == "01112-52")
    assert marin.state_name == "CALIFORNIA"
    assert marin.counties == ("MARIN",)
    assert next(r for r in rows if r.key == "10112-00").whole_state


def test_therapy_units_after_the_first_lose_half_their_practice_expense(
    rvus: dict[str, RelativeValues],
) -> None:
    lines = reduce_multiple_procedures([(rvus["97110"], 2), (rvus["97140"], 1)], NATIONAL)
    cf = Decimal("32.3465")
    first = Decimal("0.89") * cf
    second = (Decimal("0.45") + Decimal("0.43") / 2 + Decimal("0.01")) * cf
    third = (Decimal("0.43") + Decimal("0.40") / 2 + Decimal("0.01")) * cf
    assert lines[0].full_amount == Decimal("57.58")
    assert lines[0].paid_amount == (first + second).quantize(Decimal("0.01"))
    assert lines[1].paid_amount == third.quantize(Decimal("0.01"))


def test_a_file_without_the_rvu_header_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "notrvu.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputFileError, match=r"notrvu\.csv.*PPRRVU"):
        list(read_rvu(bad))


def test_a_non_numeric_rvu_is_reported_with_its_line(shared_fixtures: Path, tmp_path: Path) -> None:
    text = (shared_fixtures / "pfs/PPRRVU2025_Oct-subset.csv").read_text()
    bad = tmp_path / "rvu.csv"
    bad.write_text(text.replace("97110,,,A,,0.45", "97110,,,A,,zero"))
    with pytest.raises(InputFileError, match=r"line 30: expected a number for work RVU"):
        list(read_rvu(bad))


def test_a_zip3_region_takes_the_locality_most_of_its_zips_belong_to(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    from accord.domain.market.rate_query import RateQuery
    from accord.services.market import load_pfs, rate_report

    # CMS ZIP5 layout: state, ZIP, carrier, locality (fixed width)
    zips = tmp_path / "ZIP5.txt"
    zips.write_text("MD212011230201\nMD212021230201\nMD212991230299\nMD208011230299\n")
    pfs = shared_fixtures / "pfs"
    root = tmp_path / "market"
    load_pfs(
        ParquetMarket(root),
        CmsReferenceFiles(),
        pfs / "PPRRVU2025_Oct-subset.csv",
        pfs / "GPCI2025.csv",
        zip_path=zips,
    )
    # 212xx: mostly Baltimore (01) → $30.26; 208xx: rest of Maryland (99) → $29.18
    assert rate_report(ParquetMarket(root), RateQuery("97110", region="21201")).medicare == 30.26
    assert rate_report(ParquetMarket(root), RateQuery("97110", region="208")).medicare == 29.18
    assert (
        rate_report(ParquetMarket(root), RateQuery("97110", region="999")).medicare == 28.79
    )  # national


def test_a_zip_file_in_another_layout_is_refused_with_its_line(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    from accord.services.market import load_pfs

    zips = tmp_path / "zips.csv"
    zips.write_text("zip,locality\n21201,01\n")
    pfs = shared_fixtures / "pfs"
    with pytest.raises(InputFileError, match=r"zips\.csv, line 1: expected the CMS ZIP5 layout"):
        load_pfs(
            ParquetMarket(tmp_path / "m"),
            CmsReferenceFiles(),
            pfs / "PPRRVU2025_Oct-subset.csv",
            pfs / "GPCI2025.csv",
            zip_path=zips,
        )


def test_equal_practice_expense_goes_to_the_higher_total_amount_not_the_earlier_line(
    rvus: dict[str, RelativeValues],
) -> None:
    # 97028 and G0281 both carry 0.16 PE RVUs; G0281's work RVU (0.18) beats 97028's (0.08),
    # so G0281's unit is paid in full even though it was billed second.
    lines = reduce_multiple_procedures([(rvus["97028"], 1), (rvus["G0281"], 1)], NATIONAL)
    cf = Decimal("32.3465")
    assert lines[1].paid_amount == lines[1].full_amount
    cents = Decimal("0.01")
    full = (Decimal("0.18") + Decimal("0.16") + Decimal("0.01")) * cf
    reduced = (Decimal("0.08") + Decimal("0.16") / 2 + Decimal("0.01")) * cf
    assert lines[1].full_amount == full.quantize(cents)
    assert lines[0].paid_amount == reduced.quantize(cents)
