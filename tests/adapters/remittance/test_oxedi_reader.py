"""Every shared 835 fixture read by our adapter: exact counts, balances, located errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import synthetic_remit
from accord.domain.remittance import Payment, balance_findings
from accord.errors import InputFileError

# file → (transactions, claims, lines, CAS adjustments, PLB adjustments, ΣBPR02 in cents)
COUNTS = {
    "accord_edge_reversal_plb_two_st.835": (2, 4, 7, 13, 2, 16050),
    "accord_edge_two_plb_segments.835": (2, 4, 7, 13, 2, 16050),
    "accord_edge_unbalanced.835": (2, 4, 7, 13, 2, 16150),
    "edi835parser_emedny_sample.835": (1, 3, 10, 4, 0, 4575),
    "lfh_managed-care.835": (1, 2, 2, 5, 0, 94500),
    "lfh_medicare-part-a.835": (1, 2, 0, 2, 1, 15000000),
    "pyx12_835_mult_loops.835": (1, 1, 3, 3, 0, 0),
}

# file → the start of its one-line error (the file itself is malformed)
MALFORMED = {
    "edi835parser_blue_cross_nc_sample.835": 'byte 692: segment 32 (SE): SE01 declares "33"',
    "lfh_cob-contractural-adjustment.835": "byte 630: segment 21 (SVC): expected SVC01",
    "lfh_secondary-payment.835": "byte 846: segment 29 (SVC): expected SVC01",
}


@pytest.fixture(scope="module")
def reader() -> OxediRemittanceReader:
    return OxediRemittanceReader()


def _counts(payments: list[Payment]) -> tuple[int, int, int, int, int, int]:
    claims = [c for p in payments for c in p.claims]
    lines = [line for c in claims for line in c.lines]
    cas = sum(len(c.adjustments) for c in claims) + sum(len(x.adjustments) for x in lines)
    plb = sum(len(p.provider_adjustments) for p in payments)
    return (len(payments), len(claims), len(lines), cas, plb,
            sum(p.amount_cents for p in payments))  # fmt: skip


def test_every_835_fixture_is_covered(shared_fixtures: Path) -> None:
    names = {p.name for p in (shared_fixtures / "remittance").glob("*.835")}
    assert names == set(COUNTS) | set(MALFORMED)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_each_fixture_parses_to_its_exact_counts(
    shared_fixtures: Path, reader: OxediRemittanceReader, name: str
) -> None:
    payments = list(reader.read_file(shared_fixtures / "remittance" / name))
    assert _counts(payments) == COUNTS[name]
    findings = [f for p in payments for f in balance_findings(p)]
    assert (findings != []) == (name == "accord_edge_unbalanced.835")


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_fixtures_give_a_located_error(
    shared_fixtures: Path, reader: OxediRemittanceReader, name: str
) -> None:
    path = shared_fixtures / "remittance" / name
    with pytest.raises(InputFileError) as caught:
        list(reader.read_file(path))
    assert str(caught.value).startswith(f"{path}, {MALFORMED[name]}")
    assert "\n" not in str(caught.value)


def test_the_unbalanced_fixture_names_each_segment_at_fault(
    shared_fixtures: Path, reader: OxediRemittanceReader
) -> None:
    payments = list(reader.read_file(shared_fixtures / "remittance" / "accord_edge_unbalanced.835"))
    findings = [str(f) for p in payments for f in balance_findings(p)]
    assert [f.split(":")[0] for f in findings] == [
        "segment 3 (BPR)", "segment 58 (CLP)", "segment 61 (SVC)", "segment 66 (SVC)",
    ]  # fmt: skip
    assert "BPR02 is 151.00, expected 150.00" in findings[0]


def test_the_reversal_fixture_reads_every_field_we_keep(
    shared_fixtures: Path, reader: OxediRemittanceReader
) -> None:
    first, second = list(
        reader.read_file(shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835")
    )
    assert (first.trace_key, first.payer_name, first.payee_id) == (
        ("1999999999", "EFT0001"), "EXAMPLE HEALTH PLAN", "1234567893",
    )  # fmt: skip
    reversal, correction = second.claims
    assert reversal.is_reversal and reversal.paid_cents == -15000
    line = correction.lines[0]
    assert (line.code, line.modifiers, line.units, line.allowed_cents) == (
        "97110", ("GP",), 2, 9500,
    )  # fmt: skip
    assert [(a.group, a.reason, a.amount_cents) for a in line.adjustments] == [
        ("CO", "45", 5500), ("PR", "3", 1000),
    ]  # fmt: skip
    assert [(p.reason, p.amount_cents, p.segment) for p in second.provider_adjustments] == [
        ("WO", 1200, 71), ("L6", -250, 71),
    ]  # fmt: skip


def test_remark_codes_and_received_dates_are_read(
    shared_fixtures: Path, reader: OxediRemittanceReader
) -> None:
    [payment] = list(
        reader.read_file(shared_fixtures / "remittance" / "edi835parser_emedny_sample.835")
    )
    assert [line.remark_codes for line in payment.claims[2].lines][-2:] == [("N206",), ("N206",)]


def test_no_patient_name_or_member_id_reaches_the_domain(
    shared_fixtures: Path, reader: OxediRemittanceReader
) -> None:
    payments = list(
        reader.read_file(shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835")
    )
    text = repr(payments)
    for private in ("DOE", "JANE", "XYZ123", "ROE", "RICHARD", "XYZ456"):
        assert private not in text


def test_patient_names_and_member_ids_are_not_even_projected_by_the_parse(
    shared_fixtures: Path, reader: OxediRemittanceReader
) -> None:
    import oxedi

    data = (shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835").read_bytes()
    tables = oxedi.parse(data, spec=reader.oxedi_spec()).tables
    rendered = tables.render()
    for private in ("DOE", "JANE", "XYZ123", "ROE", "RICHARD", "XYZ456"):
        assert private not in rendered
    assert "patient_last_name" not in tables["claims"].columns
    assert "received_date" in tables["claims"].columns  # Accord's own columns are kept
    assert len(tables["services"]) > 0


def test_a_truncated_file_is_located_and_not_read(
    shared_fixtures: Path, reader: OxediRemittanceReader, tmp_path: Path
) -> None:
    data = (shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835").read_bytes()
    path = tmp_path / "cut.835"
    path.write_bytes(data[:900])
    with pytest.raises(InputFileError, match=r"cut\.835, byte \d+: segment 33 \(SE\): SE01"):
        list(reader.read_file(path))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"hello world", "expected an X12 file starting with ISA"),
    ],
)
def test_not_an_835_is_a_clear_error(
    reader: OxediRemittanceReader, tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "x.835"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match=expected):
        list(reader.read_file(path))


def test_the_demo_year_is_balanced_marked_demo_and_underpays_97530(
    reader: OxediRemittanceReader,
) -> None:
    from accord.adapters.remittance.synthetic import SyntheticRemittances

    today = date(2026, 12, 7)  # a Monday: the demo's year ends on Friday 2026-12-04
    files = list(SyntheticRemittances().files(today))
    assert files == list(SyntheticRemittances().files(today))  # deterministic
    assert (files[0][0], files[-1][0]) == ("demo-2025-12-12.835", "demo-2026-12-04.835")
    # a week later: one newer week; the 51 weeks in common are the same bytes
    later = list(SyntheticRemittances().files(date(2026, 12, 11)))
    assert later[:-1] == files[1:] and later[-1][0] == "demo-2026-12-11.835"
    payments = [p for name, data in files for p in list(reader.read_bytes(data, name=name))]
    assert len(payments) == 156 and len({p.trace_key for p in payments}) == 156
    assert all(not balance_findings(p) for p in payments)
    assert {p.payer_name for p in payments} == {
        "DEMO BLUE PLAN", "DEMO NATIONAL HEALTH", "DEMO MEDICAID MCO",
    }  # fmt: skip
    shares = {
        round(line.allowed_cents / line.charge_cents, 2)
        for p in payments
        if p.payer_name == "DEMO NATIONAL HEALTH"
        for c in p.claims
        for line in c.lines
        if line.code == "97530" and line.allowed_cents
    }
    assert shares == {0.44, 0.55}


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_streamed_and_whole_file_reads_agree(shared_fixtures: Path, name: str) -> None:
    path = shared_fixtures / "remittance" / name
    streamed = list(OxediRemittanceReader(whole_file_bytes=0).read_file(path))
    assert streamed == list(OxediRemittanceReader().read_file(path))


@pytest.mark.parametrize("chunk_bytes", [1, 20_000, 2 << 20])
def test_big_files_read_the_same_in_runs_of_transactions_of_any_size(
    tmp_path: Path, chunk_bytes: int
) -> None:
    # A big file is parsed a run of transactions at a time: every run's segments and
    # rows must land where the whole file's do, whichever set a run starts or ends with.
    path = tmp_path / "many.835"
    path.write_bytes(synthetic_remit(seed=3, payments=9, claims_per_payment=3))
    reader = OxediRemittanceReader(whole_file_bytes=0, chunk_bytes=chunk_bytes)
    streamed = list(reader.read_file(path))
    assert len(streamed) == 9
    assert streamed == list(OxediRemittanceReader().read_file(path))


@pytest.mark.parametrize("whole_file_bytes", [0, 1 << 20])
def test_a_truncated_file_fails_the_same_streamed_or_whole(
    shared_fixtures: Path, tmp_path: Path, whole_file_bytes: int
) -> None:
    data = (shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835").read_bytes()
    path = tmp_path / "cut.835"
    path.write_bytes(data[:900])
    reader = OxediRemittanceReader(whole_file_bytes=whole_file_bytes)
    with pytest.raises(InputFileError, match=r"byte 897: segment 33 \(SE\): SE01"):
        list(reader.read_file(path))
