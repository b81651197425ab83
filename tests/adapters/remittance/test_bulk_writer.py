"""The bulk writer on both databases: text that COPY's format must escape is stored as
read, and ids reserved from a sequence that does not run on are still each its own."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import synthetic_remit
from accord.adapters.store.remittance_writer import reserve_ids
from accord.bootstrap import Accord
from accord.services import remittances
from accord.services.remittances import FileStatus

HERE = OxediRemittanceReader(workers=0)


def test_text_with_backslashes_and_tabs_is_stored_exactly_as_read(
    accord: Accord, tmp_path: Path
) -> None:
    data = synthetic_remit(seed=21, payments=3, claims_per_payment=4)
    odd_name = b"DEMO\\NATIONAL\tHEALTH \\N"
    data = re.sub(rb"N1\*PR\*[^~]*", lambda _: b"N1*PR*" + odd_name, data, count=1)
    # a line's control number that is the text "\N"
    data = re.sub(rb"REF\*6R\*[^~]*", lambda _: b"REF*6R*\\N", data, count=1)
    path = tmp_path / "odd-text.835"
    path.write_bytes(data)
    parsed = list(HERE.read_file(path))
    assert parsed[0].payer_name == "DEMO\\NATIONAL\tHEALTH \\N"
    summary = remittances.ingest_remittances(accord.store.unit_of_work, HERE, accord.clock, [path])
    assert [o.status for o in summary.files] == [FileStatus.INGESTED]
    _, rows = remittances.list_remittances(accord.store.unit_of_work, limit=10)
    stored = {
        one.trace_number: one
        for one in (
            remittances.show_remittance(accord.store.unit_of_work, row.id).payment for row in rows
        )
    }
    assert stored == {payment.trace_number: payment for payment in parsed}
    first_line = stored[parsed[0].trace_number].claims[0].lines[0]
    assert first_line.control_number == "\\N"  # the text, not a NULL


def test_ids_reserved_from_a_sequence_that_skips_are_all_fresh(accord: Accord) -> None:
    with Session(accord.store.engine) as session, session.begin():
        if session.connection().dialect.name != "postgresql":
            pytest.skip("SQLite reserves max(id) + 1… under its write lock, no sequence")
        # Another writer's ids between ours, as under concurrent ingest.
        session.execute(sa.text("ALTER SEQUENCE remittance_files_id_seq INCREMENT BY 3"))
        first = reserve_ids(session, "remittance_files", 5)
        second = reserve_ids(session, "remittance_files", 4)
    assert [b - a for a, b in pairwise(first)] == [3, 3, 3, 3]
    assert len(set(first + second)) == 9 and max(first) < min(second)
