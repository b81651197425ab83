"""How long a big ``accord import`` keeps other writers waiting, and how fast it goes.

Builds an archive of N negotiations (copies of the demo record under fresh uids),
imports it into an empty database through the import service while a writer thread
records an offer every 20 ms through the offer service, and prints:

* the import's wall time and its rows per second (every row of the record's tables);
* the writer's slowest wait: how long the import kept it out, which on SQLite is the
  time the import held the writer's lock (PostgreSQL has no such lock: a writer waits
  only for the audit trail's turn at commit);
* the writes tried during the import and how many were refused (503 at the API).

Not a test: figures vary with the machine and with what else runs on it.

    .venv/bin/python benchmarks/import_lock.py [--negotiations 19200] [--postgresql]

To compare with an older import, run the same script with that version first on the
path (``PYTHONPATH=/path/to/old/src``): it uses only the services' public calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from accord.bootstrap import bootstrap
from accord.config import Settings
from accord.domain.offers import Side
from accord.errors import AccordError
from accord.services import activity
from accord.services.demo import load_demo
from accord.services.transfer import export_archive, import_archive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.clock import FixedClock
from tests.support.factories import rate_negotiation

_RECORD = ("organisations", "contacts", "negotiations", "terms", "offers", "interactions",
           "stage_changes", "leverage_factors", "allies", "agreements")  # fmt: skip


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--negotiations",
        type=int,
        default=19_200,
        help="Negotiations in the archive (copies of the demo's; default 19,200).",
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="Import into a throwaway PostgreSQL cluster instead of a SQLite file.",
    )
    return parser.parse_args()


def _archive(work: Path, clock: FixedClock, negotiations: int) -> Path:
    source = bootstrap(Settings(data_dir=work / "source"), clock=clock)
    try:
        load_demo(source.store.unit_of_work, clock.now())
        demo = work / "demo.json"
        export_archive(source.store.unit_of_work(), source.archives, clock.now(), demo)
    finally:
        source.close()
    document = json.loads(demo.read_text())
    originals = document["negotiations"]
    document["negotiations"] = [
        {**originals[i % len(originals)], "uid": uuid.uuid4().hex} for i in range(negotiations)
    ]
    path = work / "large.json"
    path.write_text(json.dumps(document))
    return path


def _measure(url: str, work: Path, archive: Path, clock: FixedClock) -> dict[str, Any]:
    app = bootstrap(Settings(data_dir=work / "target", database_url=url), clock=clock)
    try:
        nid = rate_negotiation(app).id  # the negotiation the writer writes to
        assert nid is not None
        with app.store.engine.connect() as connection:
            before = sum(
                connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in _RECORD
            )
        stop = threading.Event()
        waits: list[float] = []
        refused: list[str] = []
        print(f"importing {archive.stat().st_size / 1e6:.0f} MB", file=sys.stderr)

        def write() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    activity.record_offer(
                        app.store.unit_of_work(), clock.now(), nid, side=Side.THEIRS,
                        values={"visit_cap": 30},
                    )  # fmt: skip
                except AccordError as exc:
                    refused.append(exc.message)
                waits.append(time.perf_counter() - started)
                time.sleep(0.02)

        writer = threading.Thread(target=write)
        writer.start()
        started = time.perf_counter()
        try:
            import_archive(app.store.unit_of_work(), app.archives, archive)
            took = time.perf_counter() - started
        finally:
            stop.set()
            writer.join()
        with app.store.engine.connect() as connection:
            after = sum(
                connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in _RECORD
            )
        rows = after - before - (len(waits) - len(refused))  # the writer's offers left out
        return {
            "seconds": took, "rows": rows, "rows_per_second": rows / took,
            "slowest_write": max(waits), "writes": len(waits), "refused": len(refused),
            "first_refusal": refused[0] if refused else "",
        }  # fmt: skip
    finally:
        app.close()


def main() -> None:
    args = _arguments()
    clock = FixedClock()
    with tempfile.TemporaryDirectory(prefix="accord-import-lock-") as tmp:
        work = Path(tmp)
        archive = _archive(work, clock, args.negotiations)
        cluster = None
        if args.postgresql:
            from tests.support.postgres import PostgresCluster, find_pg_bin

            bin_dir = find_pg_bin()
            if bin_dir is None:
                raise SystemExit("--postgresql needs PostgreSQL's initdb and pg_ctl")
            cluster = PostgresCluster(bin_dir)
            cluster.start()
        try:
            url = cluster.url() if cluster else f"sqlite:///{work / 'target' / 'accord.db'}"
            figures = _measure(url, work, archive, clock)
        finally:
            if cluster is not None:
                cluster.stop()
    label = "PostgreSQL" if args.postgresql else "SQLite"
    if figures["refused"]:
        print(f"first refusal: {figures['first_refusal']}")
    print(
        f"{label}: {args.negotiations:,} negotiations, {figures['rows']:,.0f} rows imported in "
        f"{figures['seconds']:.1f} s ({figures['rows_per_second']:,.0f} rows/s); "
        f"writer: {figures['writes']:.0f} writes, {figures['refused']:.0f} refused, "
        f"slowest {figures['slowest_write']:.2f} s"
    )


if __name__ == "__main__":
    main()
