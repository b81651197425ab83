"""Ingest's columnar path against the object path, on the shared fixtures and on random
generated files; and files read ahead in worker processes stored exactly as read here,
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import synthetic_remit
from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.domain.remittance import balance_findings
from accord.domain.remittance_batch import unbalanced_payments
from accord.domain.remittance_objects import payments_of
from accord.errors import InputFileError
from accord.services import remittances
from accord.services.remittances import FileStatus

READABLE = [
    "accord_edge_reversal_plb_two_st.835",
    "accord_edge_two_plb_segments.835",
    "accord_edge_unbalanced.835",
    "edi835parser_emedny_sample.835",
    "lfh_managed-care.835",
    "lfh_medicare-part-a.835",
    "pyx12_835_mult_loops.835",
]


def _flags(reader: OxediRemittanceReader, path: Path) -> tuple[list[bool], list[bool]]:
    """(columns' flags, object rules' flags), one per payment of the file."""
    batches = list(reader.read_file_batches(path))
    columns = [flag for batch in batches for flag in unbalanced_payments(batch).tolist()]
    objects = [bool(balance_findings(p)) for batch in batches for p in payments_of(batch)]
    return columns, objects


@pytest.mark.parametrize("name", READABLE)
@pytest.mark.parametrize("whole_file_bytes", [0, 1 << 24])
def test_every_fixture_balances_the_same_by_columns_and_by_objects(
    shared_fixtures: Path, name: str, whole_file_bytes: int
) -> None:
    reader = OxediRemittanceReader(whole_file_bytes=whole_file_bytes, chunk_bytes=1, workers=0)
    columns, objects = _flags(reader, shared_fixtures / "remittance" / name)
    assert columns == objects
    assert any(columns) == (name == "accord_edge_unbalanced.835")


_AMOUNT = re.compile(rb"(?:BPR\*[A-Z]\*|CLP\*[^*~]*\*[^*~]*\*[^*~]*\*|SVC\*[^*~]*\*[^*~]*\*|"
                     rb"PR\*[^*~]*\*|CO\*[^*~]*\*|OA\*[^*~]*\*)(-?\d+(?:\.\d+)?)")  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000), pick=st.integers(0, 10_000), cents=st.sampled_from([1, 100, -5])
)
def test_random_files_with_an_amount_nudged_balance_the_same_by_columns_and_objects(
    tmp_path: Path, seed: int, pick: int, cents: int
) -> None:
    data = synthetic_remit(seed=seed, payments=3, claims_per_payment=3)
    amounts = list(_AMOUNT.finditer(data))
    found = amounts[pick % len(amounts)]
    nudged = b"%.2f" % (float(found.group(1)) + cents / 100)
    path = tmp_path / f"nudged-{seed}-{pick}.835"
    path.write_bytes(data[: found.start(1)] + nudged + data[found.end(1) :])
    reader = OxediRemittanceReader(workers=0)
    columns, objects = _flags(reader, path)
    assert columns == objects
    assert any(columns)  # every amount takes part in some rule of the synthetic files


def _folder(tmp_path: Path, shared_fixtures: Path) -> Path:
    folder = tmp_path / "era"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n:02d}.835").write_bytes(synthetic_remit(seed=40 + n, payments=2,
                                                              claims_per_payment=4))  # fmt: skip
    good = shared_fixtures / "remittance" / "accord_edge_reversal_plb_two_st.835"
    (folder / "03b-cut.835").write_bytes(good.read_bytes()[:900])  # malformed
    shutil.copy(good, folder / "04b-fixture.835")
    shutil.copy(good, folder / "05b-same-fixture-again.835")  # the same file twice
    return folder


# Ids differ between two databases' runs (PostgreSQL's sequences go on counting).
_ROW_IDS = {"id", "file_id", "payment_id", "claim_id", "line_id"}


def _stored(app: Accord) -> dict[str, list[tuple[object, ...]]]:
    with app.store.engine.connect() as connection:
        return {
            name: sorted(
                tuple(v for k, v in row._mapping.items() if k not in _ROW_IDS)
                for row in connection.execute(sa.select(table))
            )
            for name, table in metadata.tables.items()
            if name.startswith("remittance_") and name != "remittance_files"
        }


def _outcomes(summary: remittances.IngestSummary) -> list[tuple[object, ...]]:
    return [(Path(o.name).name, o.status, o.payments, o.lines, o.amount_cents, o.message)
            for o in summary.files]  # fmt: skip


def test_files_read_ahead_in_workers_are_stored_exactly_as_files_read_here(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, shared_fixtures)
    ahead = OxediRemittanceReader(workers=1)
    summary = remittances.ingest_remittances(
        accord.store.unit_of_work, ahead, accord.clock, [folder]
    )
    assert ahead.worker_cpu_seconds > 0  # the files really were parsed in a worker
    statuses = [o.status for o in summary.files]
    assert statuses.count(FileStatus.INGESTED) == 7
    assert statuses.count(FileStatus.FAILED) == 1
    assert statuses.count(FileStatus.ALREADY_INGESTED) == 1
    failed = next(o for o in summary.files if o.status is FileStatus.FAILED)
    assert re.search(r"03b-cut\.835, byte 897: segment 33 \(SE\): SE01", failed.message or "")
    stored = _stored(accord)
    # The same folder read in this process, into a fresh database of the same kind.
    with accord.store.engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            if table.name.startswith("remittance_"):
                connection.execute(table.delete())
    here = OxediRemittanceReader(workers=0)
    again = remittances.ingest_remittances(accord.store.unit_of_work, here, accord.clock, [folder])
    assert _outcomes(again) == _outcomes(summary)
    assert _stored(accord) == stored
    # And a third time, read ahead: every file is found already ingested (or still bad).
    third = remittances.ingest_remittances(accord.store.unit_of_work, ahead, accord.clock, [folder])
    assert [o.status for o in third.files].count(FileStatus.INGESTED) == 0


def _two_groups() -> bytes:
    text = synthetic_remit(seed=5, payments=3, claims_per_payment=2).decode("ascii")
    head, _, rest = text.partition("GS*")
    group, _, tail = rest.partition("GE*3*")
    # The same functional group twice (the second one's traces do not matter here).
    return (head + "GS*" + group + "GE*3*" + tail.split("~", 1)[0] + "~" + "GS*" + group
            + "GE*3*" + tail.replace("IEA*1*", "IEA*2*")).encode("ascii")  # fmt: skip


@pytest.mark.parametrize("chunk_bytes", [1, 3_000, 2 << 20])
def test_a_big_file_of_two_groups_reads_as_it_does_whole(tmp_path: Path, chunk_bytes: int) -> None:
    path = tmp_path / "groups.835"
    path.write_bytes(_two_groups())
    whole = list(OxediRemittanceReader(workers=0).read_file(path))
    cut = OxediRemittanceReader(whole_file_bytes=0, chunk_bytes=chunk_bytes, workers=0)
    assert len(whole) == 6
    assert list(cut.read_file(path)) == whole


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.replace(b"GE*3*", b"GE*4*"), r'segment \d+ \(GE\): GE01 declares "4"'),
        (lambda d: d[: d.rindex(b"IEA*")], "end of file: expected GE and IEA"),
        (lambda d: d.replace(b"IEA*1*", b"IEA*2*"), r'\(IEA\): IEA01 declares "2"'),
        (lambda d: d.replace(b"GS*HP", b"XX*HP"), r"segment 2 \(XX\): expected a transaction"),
    ],
)
def test_a_big_file_with_a_wrong_envelope_is_located(
    tmp_path: Path, change: Callable[[bytes], bytes], expected: str
) -> None:
    path = tmp_path / "envelope.835"
    path.write_bytes(change(synthetic_remit(seed=5, payments=3, claims_per_payment=2)))
    with pytest.raises(InputFileError, match=expected):
        list(OxediRemittanceReader(whole_file_bytes=0, workers=0).read_file_batches(path))
    with pytest.raises(InputFileError):  # and whole, in oxedi's words
        list(OxediRemittanceReader(workers=0).read_file_batches(path))


def test_a_big_file_ended_by_newlines_reads_as_it_does_whole(tmp_path: Path) -> None:
    # Some payers end segments with a newline instead of "~".
    path = tmp_path / "lines.835"
    path.write_bytes(
        synthetic_remit(seed=6, payments=4, claims_per_payment=2).replace(b"~\n", b"\n")
    )
    whole = list(OxediRemittanceReader(workers=0).read_file(path))
    cut = OxediRemittanceReader(whole_file_bytes=0, chunk_bytes=1, workers=0)
    assert len(whole) == 4
    assert list(cut.read_file(path)) == whole
