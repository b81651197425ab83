"""Remittance (X12 835) ingest speed: our reader and store beside pyx12, in one run.

Generates ``--size`` MB of synthetic, balanced demo 835 files (deterministic: the same
bytes on every run), then times, over the same files, each step in a fresh child
process (so that its CPU time and peak memory are its own):

* oxedi alone (its Rust parse to Arrow tables, nothing of ours);
* our parse: the adapter's column batches plus the domain's (vectorised) balancing,
  the files in ingest's groups (small files parsed together in one oxedi call);
* our parse + store: ``services.remittances.ingest_remittances`` into a fresh SQLite
  file in one process, then with the next files read ahead in ``--workers`` processes
  (default: cores − 1), and into PostgreSQL — an empty database given with
  ``--postgres URL``, or a throwaway cluster started from the machine's ``initdb`` when
  it has one (``--postgres none`` skips it);
* re-pricing: every stored line of the SQLite database priced again against the demo
  contracts and the demo Medicare fee schedule (``refresh_economics`` from nothing: the
  expected amounts, the scorecard's facts and the daily roll-ups), in lines per second;
* pyx12's parse of the same files (its loop-aware X12ContextReader over every segment).
  pyx12 runs at about 0.2 MB/s, so for a large run ``--pyx12-mb`` limits it to the first
  files up to that many MB (or, when the files are much bigger, to files of the same
  making up to that size) and its rate is taken from those.

Prints the load average, wall and CPU seconds, MB/s by wall time, by CPU time of every
process (the step's and its read-ahead workers') and by the step's own process's CPU
time (the store's critical path), service lines per second, the ratios to pyx12 by CPU
and by wall time, and each step's peak memory (RSS, the step's own process; a worker's
is about that of the parse). For PostgreSQL the CPU time is the client's: the server's
own work shows in wall time. Not a test: numbers vary with the machine and its load.
The default 2 MB runs in about a minute, most of it pyx12's. Large runs (the issue's
"≥ 1 GB, ≥ 5 M service lines"; files of 40 MB for memory in a file's size):

    .venv/bin/python benchmarks/economics.py --size 1000 --pyx12-mb 5 --no-single
    .venv/bin/python benchmarks/economics.py --size 200 --payments-per-file 2500 --pyx12-mb 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.connection
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from accord.adapters.remittance.read_ahead import default_workers
from accord.adapters.remittance.synthetic import write_synthetic_remits

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Step:
    name: str
    wall: float
    cpu: float  # every process's: the step's and its read-ahead workers'
    count: int
    peak_mb: float
    main_cpu: float  # the step's own process only (the store's critical path)


def _oxedi_only(paths: list[Path]) -> int:
    import oxedi

    rows = 0
    for path in paths:
        rows += len(oxedi.parse(path.read_bytes()).tables["services"])
    return rows


def _ours(paths: list[Path]) -> int:
    """Our reader's column batches and the vectorised balancing, in this process, the
    files read in ingest's groups (small files parsed together)."""
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
    from accord.domain.remittance_batch import unbalanced_payments
    from accord.services.remittance_groups import file_groups

    reader = OxediRemittanceReader(workers=0)
    lines = 0
    for group in file_groups(paths):
        for path, batches in zip(group, reader.read_files_batches(group), strict=True):
            for batch in batches:
                if unbalanced_payments(batch).any():
                    raise SystemExit(f"{path} does not balance")
                lines += batch.line_count
    return lines


def _pyx12(paths: list[Path]) -> int:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    param = pyx12.params.params()
    segments = 0
    for path in paths:
        errors = pyx12.error_handler.errh_null()
        with path.open(encoding="ascii") as handle:
            reader = pyx12.x12context.X12ContextReader(param, errors, handle)
            for _ in reader.iter_segments():
                segments += 1
    return segments


def _store(
    paths: list[Path], url: str | None, data_dir: Path, workers: int | None
) -> tuple[float, float, int, float]:
    """Ingest into a fresh, migrated database; the migration is not timed. Returns wall
    and CPU seconds (this process's and the read-ahead workers'), lines, and this
    process's own CPU seconds."""
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
    from accord.bootstrap import bootstrap
    from accord.config import Settings
    from accord.services import remittances

    app = bootstrap(Settings(data_dir=data_dir, database_url=url))
    reader = OxediRemittanceReader(workers=workers)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        summary = remittances.ingest_remittances(app.store.unit_of_work, reader, app.clock, paths)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        failed = [o for o in summary.files if o.status is remittances.FileStatus.FAILED]
        if failed:
            raise SystemExit(failed[0].message)
        return wall, cpu + reader.worker_cpu_seconds, summary.lines, cpu
    finally:
        app.close()


def _reprice(data_dir: Path) -> tuple[float, float, int, float]:
    """Store the demo contracts and fee schedule in the database ``_store`` left in
    ``data_dir`` (untimed), then time pricing every stored line again from nothing."""
    from accord.bootstrap import bootstrap
    from accord.config import Settings
    from accord.services.contract_store import load_demo_contracts
    from accord.services.demo_market import load_demo_market
    from accord.services.economics_refresh import refresh_economics

    app = bootstrap(Settings(data_dir=data_dir))
    try:
        load_demo_market(app.market, app.reference_files)
        load_demo_contracts(app.store.unit_of_work, app.clock, app.demo_remittances)
        with app.store.unit_of_work() as uow:
            uow.economics_rollup.set_state({})  # as a database just migrated
            uow.commit()
        start, cpu = time.perf_counter(), time.process_time()
        done = refresh_economics(app.store.unit_of_work, app.medicare_prices)
        cpu = time.process_time() - cpu
        return time.perf_counter() - start, cpu, done.lines, cpu
    finally:
        app.close()


def _timed(action: Callable[[], int]) -> tuple[float, float, int, float]:
    start, cpu = time.perf_counter(), time.process_time()
    count = action()
    cpu = time.process_time() - cpu
    return time.perf_counter() - start, cpu, count, cpu


def _warm_up(path: Path) -> None:
    """Load the libraries and read one file untimed, so that each step's time is its
    work, not Python's imports (the same for every step; pyx12 is light to import)."""
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
    from accord.bootstrap import bootstrap  # noqa: F401 - imported for its import cost

    for _ in OxediRemittanceReader().read_file(path):
        pass


Measured = tuple[float, float, int, float]


def _child(
    action: Callable[[], Measured], warm: Path, send: multiprocessing.connection.Connection
) -> None:
    _warm_up(warm)
    wall, cpu, count, main_cpu = action()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    send.send((wall, cpu, count, peak, main_cpu))


def _run(name: str, action: Callable[[], Measured], warm: Path) -> Step:
    """Run ``action`` in a forked child process: its own CPU time and peak memory (the
    parent has imported little, so the child starts small)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(action, warm, send))
    process.start()
    wall, cpu, count, peak, main_cpu = receive.recv()
    process.join()
    print(f"  {name}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
    return Step(name, wall, cpu, count, peak, main_cpu)


@contextmanager
def _postgres(url: str | None) -> Iterator[str | None]:
    """The PostgreSQL URL to store into: the one given, a throwaway cluster, or none."""
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import given_or_throwaway

    with given_or_throwaway(url) as given:
        yield given


def _pyx12_sample(paths: list[Path], limit_mb: float | None) -> list[Path]:
    if limit_mb is None:
        return paths
    sample: list[Path] = []
    size = 0
    for path in paths:
        if size >= limit_mb * 1e6:
            break
        sample.append(path)
        size += path.stat().st_size
    return sample


def _report(steps: list[Step], pyx12: Step, megabytes: float, sample_mb: float) -> None:
    """The table: MB/s by wall time, by every process's CPU time and by the step's own
    process's (the store's critical path when workers read ahead), and × pyx12."""
    pyx12_cpu, pyx12_wall = sample_mb / pyx12.cpu, sample_mb / pyx12.wall
    lines = steps[1].count
    print(f"{lines:,} service lines; pyx12 timed on {sample_mb:.1f} MB of them")
    print(
        f"{'step':38} {'wall s':>7} {'CPU s':>7} {'MB/s wall':>9} {'MB/s CPU':>8} "
        f"{'MB/s own':>8} {'lines/s':>9} {'×pyx12 CPU':>10} {'×pyx12 wall':>11} {'peak MB':>7}"
    )
    for step in [*steps, pyx12]:
        size = sample_mb if step is pyx12 else megabytes
        count = lines * sample_mb / megabytes if step is pyx12 else lines
        print(
            f"{step.name:38} {step.wall:7.2f} {step.cpu:7.2f} {size / step.wall:9.2f} "
            f"{size / step.cpu:8.2f} {size / step.main_cpu:8.2f} {count / step.cpu:9,.0f} "
            f"{size / step.cpu / pyx12_cpu:10.1f} {size / step.wall / pyx12_wall:11.1f} "
            f"{step.peak_mb:7.0f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--size", type=float, default=2.0, help="MB of 835 to generate")
    parser.add_argument(
        "--payments-per-file", type=int, default=5,
        help="transactions per file (about 16 kB each); 500 makes 8 MB files",
    )  # fmt: skip
    parser.add_argument(
        "--postgres", help="URL of an empty PostgreSQL database ('none' to skip; default: "
        "a throwaway cluster when initdb is found)",
    )  # fmt: skip
    parser.add_argument(
        "--pyx12-mb",
        type=float,
        help="time pyx12 on the first files up to this many MB (at least one whole file)",
    )
    parser.add_argument(
        "--workers", type=int,
        help="read-ahead worker processes for the store steps (default: cores - 1)",
    )  # fmt: skip
    parser.add_argument(
        "--no-single", action="store_true",
        help="skip storing in one process (when workers read ahead): halves a large run",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accord-835-") as tmp, _postgres(args.postgres) as pg:
        root = Path(tmp)
        paths = write_synthetic_remits(
            root / "era", total_bytes=int(args.size * 1e6),
            payments_per_file=args.payments_per_file,
        )  # fmt: skip
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        sample = _pyx12_sample(paths, args.pyx12_mb)
        if args.pyx12_mb and sum(p.stat().st_size for p in sample) > 2 * args.pyx12_mb * 1e6:
            # Files much bigger than pyx12's share: it reads files of the same making
            # (the same generator, 5 transactions each) up to its share instead.
            sample = write_synthetic_remits(root / "pyx12", total_bytes=int(args.pyx12_mb * 1e6))
        sample_mb = sum(p.stat().st_size for p in sample) / 1e6
        print(f"{len(paths)} synthetic 835 files, {megabytes:.1f} MB", flush=True)
        warm = root / "warm.835"
        write_synthetic_remits(root / "warm", total_bytes=1, seed=999)[0].rename(warm)
        load = os.getloadavg()
        print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
              f"on {os.cpu_count()} cores", flush=True)  # fmt: skip
        ahead = default_workers() if args.workers is None else args.workers
        steps = [
            _run("oxedi parse only", lambda: _timed(lambda: _oxedi_only(paths)), warm),
            _run("ours: parse + balance", lambda: _timed(lambda: _ours(paths)), warm),
        ]
        if not args.no_single or not ahead:
            steps.append(
                _run("ours: + store, SQLite, 1 process",
                     lambda: _store(paths, None, root / "db1", 0), warm)
            )  # fmt: skip
        if ahead:
            steps.append(
                _run(f"ours: + store, SQLite, {ahead} reading ahead",
                     lambda: _store(paths, None, root / "db", ahead), warm)
            )  # fmt: skip
        if pg:
            steps.append(
                _run(f"ours: + store, PostgreSQL, {ahead} ahead",
                     lambda: _store(paths, pg, root / "pg", ahead), warm)
            )  # fmt: skip
        stored = root / ("db1" if (root / "db1").is_dir() else "db")
        reprice = _run("re-pricing, SQLite", lambda: _reprice(stored), warm)
        pyx12 = _run("pyx12 parse", lambda: _timed(lambda: _pyx12(sample)), warm)
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
        _report(steps, pyx12, megabytes, sample_mb)
        print(
            f"re-pricing every stored line (SQLite): {reprice.count:,} lines, "
            f"{reprice.wall:.2f} s wall, {reprice.cpu:.2f} s CPU: "
            f"{reprice.count / reprice.wall:,.0f} lines/s wall, "
            f"{reprice.count / reprice.cpu:,.0f} lines/s CPU"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
