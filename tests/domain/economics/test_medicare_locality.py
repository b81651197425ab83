"""A contract's % of Medicare is priced with the Medicare amount of its locality — found
from the ZIP (CMS's ZIP5 file), else the practice's county, else a one-locality state —
and national only with a note saying why; checked by hand against CMS's 2025 files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.bootstrap import Accord
from accord.domain.economics.medicare_locality import (
    LocalityTables,
    PracticePlace,
    choose_locality,
    contract_place,
)
from accord.domain.economics.service_lines import ServiceLine
from accord.domain.market.localities import ANY_COUNTY, CountyLocality
from accord.domain.organisations import OrganisationKind
from accord.services import contract_store, demo, organisations
from accord.services.contracts import expected_vs_paid
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market
from accord.services.market_pfs import load_pfs
from accord.services.medicare_localities import contract_localities
from accord.services.scorecards import payer_scorecard
from accord.services.underpayment_worklist import underpayment_worklist

CF = Decimal("32.3465")  # 2025 conversion factor, in the RVU file
RVU_97110 = (Decimal("0.45"), Decimal("0.43"), Decimal("0.01"))  # work, PE non-facility, MP


def _by_hand(work_gpci: str, pe_gpci: str, mp_gpci: str) -> Decimal:
    """(work RVU × work GPCI + PE RVU × PE GPCI + MP RVU × MP GPCI) × CF, to the cent."""
    w, pe, mp = RVU_97110
    total = (w * Decimal(work_gpci) + pe * Decimal(pe_gpci) + mp * Decimal(mp_gpci)) * CF
    return total.quantize(Decimal("0.01"))


TABLES = LocalityTables(
    zips={"20852": "12202-01"},
    counties=[
        CountyLocality("MD", "MONTGOMERY", "12202-01"),
        CountyLocality("MD", "HOWARD", "12302-01"),
        CountyLocality("MD", ANY_COUNTY, "12302-99"),
    ],
    states={"MD": ("12302-01", "12302-99"), "MT": ("03202-01",)},
    names={"12202-01": "Dc + Md/Va Suburbs", "03202-01": "Montana"},
)


def test_a_zip_in_cms_zip_file_picks_its_locality_first() -> None:
    chosen = choose_locality(PracticePlace("20852", "MD", "Howard"), TABLES)
    assert (chosen.key, chosen.found_by) == ("12202-01", "from ZIP 20852")


def test_without_the_zip_the_practice_county_picks_the_locality() -> None:
    assert choose_locality(PracticePlace("21044", "MD", "Howard"), TABLES).key == "12302-01"
    # a county CMS does not name takes its state's rest-of-state locality
    assert choose_locality(PracticePlace("", "MD", "Garrett"), TABLES).key == "12302-99"


def test_a_state_with_one_locality_needs_no_county() -> None:
    chosen = choose_locality(PracticePlace("59047", "MT"), TABLES)
    assert chosen.describe() == "Montana (locality 03202-01, the only locality of MT)"


def test_national_amounts_come_with_a_note_saying_why() -> None:
    assert choose_locality(PracticePlace("99999"), TABLES).describe() == (
        "national amount: no locality for ZIP 99999"
    )
    assert choose_locality(PracticePlace("99999"), LocalityTables()).note == (
        "national amount: no locality for ZIP 99999 (CMS's ZIP5 file is not loaded)"
    )
    assert "several localities" in choose_locality(PracticePlace(state="MD"), TABLES).note
    assert choose_locality(PracticePlace(), TABLES).national


def test_a_contract_elsewhere_is_located_by_its_own_zip_only() -> None:
    practice = PracticePlace("59047", "MT", "Park")
    assert contract_place("", practice) == practice
    assert contract_place("59047", practice) == practice
    assert contract_place("20852", practice) == PracticePlace("20852")


def _line(payer: str) -> ServiceLine:
    return ServiceLine("1", "v1", payer, "97110", 1, Decimal(100), date(2025, 3, 4), Decimal(0))


def _contracts(accord: Accord, tmp_path: Path, rows: str) -> None:
    path = tmp_path / "contracts.csv"
    path.write_text(
        "payer,effective_date,mppr,zip,code,basis,rate,medicare_year\n" + rows, encoding="utf-8"
    )
    contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock, path
    )


def test_percent_of_medicare_uses_the_contract_locality_checked_by_hand(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    pfs = shared_fixtures / "pfs"
    # CMS's ZIP5 layout: state, ZIP, carrier, locality (a two-line excerpt of the file)
    zips = tmp_path / "ZIP5.txt"
    zips.write_text("MD20852122020120251\nMD21044123020120251\n", encoding="latin-1")
    load_pfs(accord.market, accord.reference_files, pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv", zip_path=zips)  # fmt: skip
    organisations.create_organisation(
        accord.store.unit_of_work(), name="Howard PT", kind=OrganisationKind.OURS,
        state="MD", county="Howard", zip_code="21045",
    )  # fmt: skip
    _contracts(
        accord,
        tmp_path,
        "Suburban Plan,2025-01-01,no,20852,97110,percent_of_medicare,100,2025\n"
        "Howard Plan,2025-01-01,no,,97110,percent_of_medicare,100,2025\n"
        "Far Plan,2025-01-01,no,99999,97110,percent_of_medicare,100,2025\n",
    )
    with accord.store.unit_of_work() as uow:
        contracts = [c for _, c in uow.contracts.all()]
    practice = PracticePlace("21045", "MD", "Howard")
    priced = expected_vs_paid(
        [_line("Suburban Plan"), _line("Howard Plan"), _line("Far Plan")],
        contracts,
        accord.medicare_prices,
        practice=practice,
    )
    # GPCI2025.csv: 12202-01 DC + MD/VA suburbs 1.057, 1.192, 1.168 (by ZIP 20852);
    # 12302-01 Baltimore/surrounding counties 1.02, 1.078, 1.309 (by Howard county)
    suburbs, howard = _by_hand("1.057", "1.192", "1.168"), _by_hand("1.02", "1.078", "1.309")
    assert (suburbs, howard) == (Decimal("32.34"), Decimal("30.26"))
    assert [p.expected for p in priced] == [suburbs, howard, Decimal("28.79")]
    rows = contract_localities(accord.store.unit_of_work, accord.medicare_prices)
    described = {r.payer: r.locality.describe() for r in rows}
    assert described == {
        "Suburban Plan": "DC + MD/VA SUBURBS (locality 12202-01, from ZIP 20852)",
        "Howard Plan": "BALTIMORE/SURR. CNTYS (locality 12302-01, from Howard county, MD)",
        "Far Plan": "national amount: no locality for ZIP 99999",
    }
    # the worklist and the scorecard say which locality priced what
    shown = underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices)
    card = payer_scorecard(accord.store.unit_of_work, accord.medicare_prices)
    assert shown.medicare_localities == card.medicare_localities
    assert shown.medicare_localities[-1] == (
        "lines without a contract: BALTIMORE/SURR. CNTYS (locality 12302-01, "
        "from Howard county, MD)"
    )
    assert "Far Plan (from 2025-01-01): national amount" in shown.medicare_localities[0]


def test_one_locality_for_every_payer_is_said_once(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    demo.load_demo(app.store.unit_of_work, app.clock.now())  # the practice: Park county, MT
    load_demo_market(app.market, app.reference_files)
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    shown = underpayment_worklist(app.store.unit_of_work, app.medicare_prices)
    assert len(contract_localities(app.store.unit_of_work, app.medicare_prices)) == 3
    assert shown.medicare_localities == [
        "MONTANA (locality 03202-01, from Park county, MT), for every payer"
    ]


@pytest.mark.parametrize("county", ["Montgomery", "montgomery county"])
def test_the_county_file_alone_locates_a_practice(
    sqlite_accord: Accord, shared_fixtures: Path, tmp_path: Path, county: str
) -> None:
    app, pfs = sqlite_accord, shared_fixtures / "pfs"
    load_pfs(app.market, app.reference_files, pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    chosen = app.medicare_prices.locality(PracticePlace("20852", "MD", county))
    assert chosen.key == "12202-01"
    price = app.medicare_prices.price("97110", "", 2025, chosen.key)
    assert price is not None and price.total == _by_hand("1.057", "1.192", "1.168")
