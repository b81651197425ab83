"""Ingest writes payments in bulk batches: what is stored is still exactly what was
parsed, a later batch's failure still removes the earlier batches, and a trace repeated
in a later batch is still skipped — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.adapters.remittance.synthetic import synthetic_remit
from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.services import remittance_groups, remittances
from accord.services.remittances import FileStatus


def _ingest(app: Accord, path: Path) -> remittances.FileOutcome:
    summary = remittances.ingest_remittances(
        app.store.unit_of_work, app.remittance_reader, app.clock, [path]
    )
    [outcome] = summary.files
    return outcome


def _stored_rows(app: Accord) -> int:
    with app.store.engine.connect() as connection:
        return sum(
            connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
            if name.startswith("remittance_")
        )


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # One payment per batch, so that a file of several payments takes several batches.
    monkeypatch.setattr(remittance_groups, "BATCH_LINES", 1)


@pytest.mark.usefixtures("small_batches")
def test_payments_written_in_batches_read_back_as_parsed(accord: Accord, tmp_path: Path) -> None:
    path = tmp_path / "four.835"
    path.write_bytes(synthetic_remit(seed=7, payments=4, claims_per_payment=6))
    outcome = _ingest(accord, path)
    parsed = list(accord.remittance_reader.read_file(path))
    assert (outcome.status, outcome.payments) == (FileStatus.INGESTED, 4)
    assert outcome.lines == sum(p.line_count for p in parsed)
    _, rows = remittances.list_remittances(accord.store.unit_of_work)
    stored = {
        remittances.show_remittance(accord.store.unit_of_work, row.id).payment.trace_number: (
            remittances.show_remittance(accord.store.unit_of_work, row.id).payment
        )
        for row in rows
    }
    assert stored == {p.trace_number: p for p in parsed}
    # A second file appends after the first one's reserved ids.
    other = tmp_path / "other.835"
    other.write_bytes(synthetic_remit(seed=8, payments=2, claims_per_payment=3))
    assert _ingest(accord, other).payments == 2
    assert remittances.list_remittances(accord.store.unit_of_work)[0] == 6


@pytest.mark.usefixtures("small_batches")
def test_a_failure_in_a_later_batch_removes_the_earlier_batches(
    accord: Accord, tmp_path: Path
) -> None:
    data = synthetic_remit(seed=9, payments=3, claims_per_payment=4)
    # Break the last transaction's balance: BPR02 one dollar off.
    head, _, last = data.rpartition(b"BPR*I*")
    amount, _, rest = last.partition(b"*")
    broken = head + b"BPR*I*" + b"%.2f" % (float(amount) + 1) + b"*" + rest
    path = tmp_path / "late.835"
    path.write_bytes(broken)
    outcome = _ingest(accord, path)
    assert outcome.status is FileStatus.FAILED
    assert "does not balance" in (outcome.message or "")
    assert _stored_rows(accord) == 0


@pytest.mark.usefixtures("small_batches")
def test_a_trace_repeated_in_a_later_batch_is_skipped(accord: Accord, tmp_path: Path) -> None:
    one = synthetic_remit(seed=11, payments=2, claims_per_payment=2).decode("ascii")
    first_set = one[one.index("ST*835") : one.index("GE*")]
    # The same two transactions twice in one interchange: the repeat is a resend.
    twice = one.replace(first_set, first_set + first_set).replace("GE*2*", "GE*4*")
    path = tmp_path / "twice.835"
    path.write_bytes(twice.encode("ascii"))
    outcome = _ingest(accord, path)
    assert (outcome.status, outcome.payments, outcome.skipped_payments) == (
        FileStatus.INGESTED, 2, 2,
    )  # fmt: skip
