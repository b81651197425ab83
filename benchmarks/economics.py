"""Remittance (X12 835) ingest speed: our reader and store beside pyx12, in one run.

Generates ``--size`` MB of synthetic, balanced demo 835 files (deterministic: the same
bytes on every run), then times, over the same files:

* oxedi alone (its Rust parse to Arrow tables, nothing of ours);
* our parse: the adapter to domain payments plus the domain's balancing checks;
* our parse + store: ``services.remittances.ingest_remittances`` into a fresh SQLite
  file (and PostgreSQL with ``--postgres URL`` of an empty database);
* pyx12's parse of the same files (its loop-aware X12ContextReader over every segment).

Prints wall and CPU seconds, MB/s, service lines per second and the ratio to pyx12
(from CPU time: on a shared machine it is the steadier figure). Not a test: numbers
vary with the machine. The default 1 MB runs in under a minute, most of it pyx12's.

    .venv/bin/python benchmarks/economics.py [--size 1] [--postgres URL]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import oxedi
import pyx12.error_handler
import pyx12.params
import pyx12.x12context

from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import write_synthetic_remits
from accord.bootstrap import bootstrap
from accord.config import Settings
from accord.domain.remittance import balance_findings
from accord.services import remittances


def _timed(action: Callable[[], int]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of ``action`` (this machine is shared: CPU time is the
    steadier figure; for PostgreSQL it leaves out the server's own work)."""
    start, cpu = time.perf_counter(), time.process_time()
    count = action()
    return time.perf_counter() - start, time.process_time() - cpu, count


def _oxedi_only(paths: list[Path]) -> int:
    rows = 0
    for path in paths:
        rows += len(oxedi.parse(path.read_bytes()).tables["services"])
    return rows


def _ours(paths: list[Path]) -> int:
    reader = OxediRemittanceReader()
    lines = 0
    for path in paths:
        for payment in reader.read_file(path):
            if balance_findings(payment):
                raise SystemExit(f"{path} does not balance")
            lines += payment.line_count
    return lines


def _pyx12(paths: list[Path]) -> int:
    param = pyx12.params.params()
    segments = 0
    for path in paths:
        errors = pyx12.error_handler.errh_null()
        with path.open(encoding="ascii") as handle:
            reader = pyx12.x12context.X12ContextReader(param, errors, handle)
            for _ in reader.iter_segments():
                segments += 1
    return segments


def _store(paths: list[Path], url: str | None, data_dir: Path) -> tuple[float, float, int]:
    """Time the ingest into a fresh, migrated database (the migration is not timed)."""
    app = bootstrap(Settings(data_dir=data_dir, database_url=url))

    def ingest() -> int:
        summary = remittances.ingest_remittances(
            app.store.unit_of_work, app.remittance_reader, app.clock, paths
        )
        failed = [o for o in summary.files if o.status is remittances.FileStatus.FAILED]
        if failed:
            raise SystemExit(failed[0].message)
        return summary.lines

    try:
        return _timed(ingest)
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=1.0, help="MB of 835 to generate")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to store into")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accord-835-") as tmp:
        root = Path(tmp)
        paths = write_synthetic_remits(root / "era", total_bytes=int(args.size * 1e6))
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} synthetic 835 files, {megabytes:.1f} MB")
        results: list[tuple[str, float, float, int]] = []
        results.append(("oxedi parse only", *_timed(lambda: _oxedi_only(paths))))
        results.append(("ours: parse + balance", *_timed(lambda: _ours(paths))))
        results.append(("ours: parse + store, SQLite", *_store(paths, None, root / "db")))
        if args.postgres:
            results.append(
                ("ours: parse + store, PostgreSQL",
                 *_store(paths, args.postgres, root / "pg"))
            )  # fmt: skip
        pyx12_wall, pyx12_cpu, _ = _timed(lambda: _pyx12(paths))
        lines = results[1][3]
        print(f"{lines:,} service lines; MB/s and lines/s from CPU seconds")
        print(f"{'step':34} {'wall s':>8} {'CPU s':>8} {'MB/s':>8} {'lines/s':>10} {'× pyx12':>8}")
        for name, wall, cpu, _count in [*results, ("pyx12 parse", pyx12_wall, pyx12_cpu, 0)]:
            print(
                f"{name:34} {wall:8.2f} {cpu:8.2f} {megabytes / cpu:8.2f} "
                f"{lines / cpu:10,.0f} {pyx12_cpu / cpu:8.1f}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
