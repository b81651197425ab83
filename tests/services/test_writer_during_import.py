"""A writer keeps working while a long import runs: it is never refused (no 503, no
"database is locked"), and its writes land while the import is still preparing its rows
(on SQLite the import takes the writer's lock only for its last, short step)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path

from accord.adapters.store.database import LOCK_WAIT_SECONDS
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.offers import Side
from accord.errors import AccordError
from accord.services import activity, negotiations
from accord.services.demo import load_demo
from accord.services.transfer import export_archive, import_archive
from tests.support.clock import FixedClock
from tests.support.factories import rate_negotiation

COPIES = 300  # 600 negotiations: seconds of inserts on this machine


def _large_archive(tmp_path: Path, clock: FixedClock) -> Path:
    source = bootstrap(Settings(data_dir=tmp_path / "source"), clock=clock)
    try:
        load_demo(source.store.unit_of_work, clock.now())
        demo = tmp_path / "demo.json"
        export_archive(source.store.unit_of_work(), source.archives, clock.now(), demo)
    finally:
        source.close()
    document = json.loads(demo.read_text())
    document["negotiations"] = [
        {**n, "uid": uuid.uuid4().hex} for _ in range(COPIES) for n in document["negotiations"]
    ]
    path = tmp_path / "large.json"
    path.write_text(json.dumps(document))
    return path


def test_a_writer_during_a_long_import_is_never_refused(
    accord: Accord, tmp_path: Path, clock: FixedClock
) -> None:
    archive = _large_archive(tmp_path, clock)
    nid = rate_negotiation(accord).id
    assert nid is not None
    stop = threading.Event()
    waits: list[float] = []
    errors: list[AccordError] = []
    landed_halfway: list[bool] = []

    def write() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                activity.record_offer(
                    accord.store.unit_of_work(), clock.now(), nid, side=Side.THEIRS,
                    values={"visit_cap": 30},
                )  # fmt: skip
            except AccordError as exc:
                errors.append(exc)
            waits.append(time.perf_counter() - started)
            time.sleep(0.02)

    def halfway(done: int, total: int) -> None:
        # Half-way through the import, a write must still get through: an import that
        # held the writer's lock from its first row would keep it waiting till the end.
        if done == total // 2:
            count, deadline = len(waits), time.monotonic() + LOCK_WAIT_SECONDS / 3
            while len(waits) == count and time.monotonic() < deadline:
                time.sleep(0.01)
            landed_halfway.append(len(waits) > count)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = import_archive(
            accord.store.unit_of_work(), accord.archives, archive, progress=halfway
        )
    finally:
        stop.set()
        writer.join(timeout=LOCK_WAIT_SECONDS * 2)
    assert result.negotiations_imported == 2 * COPIES
    assert errors == []
    assert landed_halfway == [True]
    assert max(waits) < LOCK_WAIT_SECONDS
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert len(loaded.offers) == len(waits)
