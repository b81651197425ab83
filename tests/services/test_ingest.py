"""Remittance ingest on real SQLite and PostgreSQL: all or nothing, idempotent, netted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.errors import InputFileError, NotFoundError
from accord.services import remittance_views, remittances
from accord.services.remittances import FileStatus

REVERSAL = "accord_edge_reversal_plb_two_st.835"


def _ingest(app: Accord, *paths: Path) -> remittances.IngestSummary:
    return remittances.ingest_remittances(
        app.store.unit_of_work, app.remittance_reader, app.clock, list(paths)
    )


def _row_counts(app: Accord) -> dict[str, int]:
    with app.store.engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
            if name.startswith("remittance_")
        }


def test_a_file_is_stored_whole_and_shown_netted(accord: Accord, shared_fixtures: Path) -> None:
    summary = _ingest(accord, shared_fixtures / "remittance" / REVERSAL)
    [outcome] = summary.files
    assert (outcome.status, outcome.payments, outcome.claims, outcome.lines) == (
        FileStatus.INGESTED, 2, 4, 7,
    )  # fmt: skip
    assert outcome.amount_cents == 16050
    assert _row_counts(accord) == {
        "remittance_files": 1, "remittance_payments": 2, "remittance_claims": 4,
        "remittance_lines": 7, "remittance_adjustments": 13,
        "remittance_provider_adjustments": 2,
    }  # fmt: skip
    total, rows = remittances.list_remittances(accord.store.unit_of_work)
    assert total == 2 and {r.trace_number for r in rows} == {"EFT0001", "EFT0002"}
    second = next(r for r in rows if r.trace_number == "EFT0002")
    detail = remittances.show_remittance(accord.store.unit_of_work, second.id)
    # Netted over every stored payment of this payer: paid 150, reversed, paid 170.
    assert [(n.claim_number, n.occurrences, n.reversals, n.paid_cents) for n in detail.netted] == [
        ("PT1001", 3, 1, 17000)
    ]
    # What was stored reads back as what was parsed.
    [parsed] = [
        p
        for p in accord.remittance_reader.read_file(shared_fixtures / "remittance" / REVERSAL)
        if p.trace_number == "EFT0002"
    ]
    assert detail.payment == parsed
    assert remittance_views.detail_json(detail)["netted_claims"][0]["paid"] == "170.00"
    total, netted = remittances.net_claims(accord.store.unit_of_work)
    assert total == 2
    assert [(n.claim_number, n.paid_cents, n.charge_cents) for n in netted] == [
        ("PT1001", 17000, 30000), ("PT1002", 0, 20000),
    ]  # fmt: skip


def test_the_same_file_or_the_same_traces_are_not_counted_twice(
    accord: Accord, shared_fixtures: Path
) -> None:
    folder = shared_fixtures / "remittance"
    assert _ingest(accord, folder / REVERSAL).files[0].status is FileStatus.INGESTED
    before = _row_counts(accord)
    again = _ingest(accord, folder / REVERSAL).files[0]
    assert again.status is FileStatus.ALREADY_INGESTED
    assert again.message == f"already ingested (as {REVERSAL})"
    # A different file carrying the same TRN traces (PLB split over two segments).
    same_traces = _ingest(accord, folder / "accord_edge_two_plb_segments.835").files[0]
    assert same_traces.status is FileStatus.ALREADY_INGESTED
    assert same_traces.skipped_payments == 2
    assert _row_counts(accord) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("accord_edge_unbalanced.835", "does not balance: segment 3 (BPR): BPR02 is 151.00"),
        ("lfh_cob-contractural-adjustment.835", "segment 21 (SVC)"),
    ],
)
def test_a_bad_file_leaves_nothing_and_the_others_go_in(
    accord: Accord, shared_fixtures: Path, tmp_path: Path, name: str, expected: str
) -> None:
    folder = tmp_path / "era"
    folder.mkdir()
    shutil.copy(shared_fixtures / "remittance" / name, folder / name)
    shutil.copy(shared_fixtures / "remittance" / "lfh_managed-care.835", folder / "b.835")
    (folder / "notes.csv").write_text("not,an,835\n")
    summary = _ingest(accord, folder)
    # The CSV is skipped: in a directory only files that start like X12 are read.
    assert sorted(o.status.value for o in summary.files) == ["failed", "ingested"]
    failed = next(o for o in summary.files if o.status is FileStatus.FAILED)
    assert expected in (failed.message or "")
    counts = _row_counts(accord)
    assert (counts["remittance_files"], counts["remittance_payments"]) == (1, 1)


def test_an_upload_is_checked_like_a_file(accord: Accord, shared_fixtures: Path) -> None:
    data = (shared_fixtures / "remittance" / "accord_edge_unbalanced.835").read_bytes()
    with pytest.raises(InputFileError, match=r"^upload\.835: does not balance"):
        remittances.ingest_remittance_bytes(
            accord.store.unit_of_work, accord.remittance_reader, accord.clock, data,
            name="upload.835",
        )  # fmt: skip
    assert set(_row_counts(accord).values()) == {0}


def test_no_patient_name_or_member_id_is_stored(accord: Accord, shared_fixtures: Path) -> None:
    _ingest(accord, shared_fixtures / "remittance" / REVERSAL)
    with accord.store.engine.connect() as connection:
        stored = [
            repr(row)
            for name, table in metadata.tables.items()
            if name.startswith("remittance_")
            for row in connection.execute(sa.select(table))
        ]
    text = "\n".join(stored)
    assert "PT1001" in text
    for private in ("DOE", "JANE", "XYZ123", "ROE", "RICHARD", "XYZ456"):
        assert private not in text


def test_an_unknown_payment_is_not_found(accord: Accord) -> None:
    with pytest.raises(NotFoundError, match="no remittance payment with id 7"):
        remittances.show_remittance(accord.store.unit_of_work, 7)


def test_a_file_failing_in_its_second_transaction_keeps_not_even_the_first(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    data = (shared_fixtures / "remittance" / REVERSAL).read_bytes()
    assert data.count(b"BPR*I*10.50*") == 1
    path = tmp_path / "late.835"
    path.write_bytes(data.replace(b"BPR*I*10.50*", b"BPR*I*11.50*"))
    [outcome] = _ingest(accord, path).files
    assert outcome.status is FileStatus.FAILED
    assert "does not balance: segment 34 (BPR): BPR02 is 11.50, expected 10.50" in (
        outcome.message or ""
    )
    assert set(_row_counts(accord).values()) == {0}
    # The same file, repaired, then goes in whole.
    path.write_bytes(data)
    assert _ingest(accord, path).files[0].payments == 2
