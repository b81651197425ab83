"""Remittance (X12 835) ingest speed: our reader and store beside pyx12, in one run.

Generates ``--size`` MB of synthetic, balanced demo 835 files (deterministic: the same
bytes on every run), then times, over the same files:

* oxedi alone (its Rust parse to Arrow tables, nothing of ours);
* our parse: the adapter to domain payments plus the domain's balancing checks;
* our parse + store: ``services.remittances.ingest_remittances`` into a fresh SQLite
  file (and PostgreSQL with ``--postgres URL`` of an empty database);
* pyx12's parse of the same files (its loop-aware X12ContextReader over every segment).

Prints MB/s, service lines per second and the ratio to pyx12. Not a test: numbers vary
with the machine.

    .venv/bin/python benchmarks/economics.py [--size 4] [--postgres URL]
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


def _timed(action: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = action()
    return time.perf_counter() - start, count


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


def _store(paths: list[Path], url: str | None, data_dir: Path) -> int:
    app = bootstrap(Settings(data_dir=data_dir, database_url=url))
    try:
        summary = remittances.ingest_remittances(
            app.store.unit_of_work, app.remittance_reader, app.clock, paths
        )
        failed = [o for o in summary.files if o.status is remittances.FileStatus.FAILED]
        if failed:
            raise SystemExit(failed[0].message)
        return summary.lines
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=4.0, help="MB of 835 to generate")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to store into")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accord-835-") as tmp:
        root = Path(tmp)
        paths = write_synthetic_remits(root / "era", total_bytes=int(args.size * 1e6))
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} synthetic 835 files, {megabytes:.1f} MB")
        results: list[tuple[str, float, int]] = []
        results.append(("oxedi parse only", *_timed(lambda: _oxedi_only(paths))))
        results.append(("ours: parse + balance", *_timed(lambda: _ours(paths))))
        results.append(
            ("ours: parse + store, SQLite", *_timed(lambda: _store(paths, None, root / "db")))
        )
        if args.postgres:
            results.append(
                ("ours: parse + store, PostgreSQL",
                 *_timed(lambda: _store(paths, args.postgres, root / "pg")))
            )  # fmt: skip
        pyx12_seconds, _ = _timed(lambda: _pyx12(paths))
        lines = results[1][2]
        print(f"{lines:,} service lines")
        print(f"{'step':34} {'seconds':>8} {'MB/s':>8} {'lines/s':>10} {'× pyx12':>8}")
        for name, seconds, _count in [*results, ("pyx12 parse", pyx12_seconds, lines)]:
            print(
                f"{name:34} {seconds:8.2f} {megabytes / seconds:8.2f} "
                f"{lines / seconds:10,.0f} {pyx12_seconds / seconds:8.1f}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
