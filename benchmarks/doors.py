"""Rerun issue 14's probe of every door; print, per door, probes tried and failed.

A measurement, not a test: it always exits 0 and lists each failure with the input
that reproduces it. Everything runs on real parts on this machine: the CLI through its
``main`` (the console script's code path), a real ``accord serve`` subprocess on
127.0.0.1 for the API, the forms and the writers, real files, and a temporary data
directory with the demo record. Nothing leaves the machine.

A failure is a traceback or an exit code the CLI does not document; a 5xx or a status
code the API does not document; a form that answers 5xx; a stored value that later
breaks a read (every page, JSON twin, API read and CLI read command is read back at the
end); a poisoned archive imported, or a refused one that wrote something; an
acknowledged write lost after SIGKILL; a 409 between appends; a 503 while an import
runs; an ``.incoming`` folder left by a killed ingest after the next one.

    .venv/bin/python benchmarks/doors.py [--quick] [--postgresql | --database-url URL]
        [--json] [--doors cli,api,...] [--examples 4] [--kills 3] ...

Defaults take about 10 minutes on two shared cores (SQLite); ``--quick`` about one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import doors_api, doors_archives, doors_cli, doors_forms, doors_writes
from benchmarks.doors_kit import Server, Tally, Target, owner_cookie, run_cli, sweep_reads

DOORS = ("cli", "api", "schemathesis", "forms", "archives", "appends", "import", "kill", "ingest")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Rerun the probe of every door (issue 14); print tried / failed per door."
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--postgresql",
        action="store_true",
        help="Run on a throwaway PostgreSQL cluster (needs initdb/pg_ctl).",
    )
    where.add_argument(
        "--database-url",
        metavar="URL",
        help="Run on this empty database (SQLAlchemy URL) instead of SQLite.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Small sizes: about a minute (smaller than every default below).",
    )
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    parser.add_argument(
        "--doors",
        default=",".join(DOORS),
        help=f"Comma-separated doors to probe (default: all of {','.join(DOORS)}).",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=6,
        help="Schemathesis examples per operation and mode (default 6).",
    )
    parser.add_argument(
        "--stateful-runs", type=int, default=8, help="Schemathesis stateful runs (default 8)."
    )
    parser.add_argument(
        "--form-values",
        type=int,
        default=8,
        help=f"Hostile values per form field (default 8, at most {len(doors_forms.VALUES)}).",
    )
    parser.add_argument(
        "--cli-cases",
        type=int,
        default=len(doors_cli.NUMBERS),
        help="Hostile texts, numbers, ids and dates tried at the CLI (default: all).",
    )
    parser.add_argument(
        "--long-chars",
        type=int,
        default=100_000,
        help="Length of the long stored name (default 100,000).",
    )
    parser.add_argument(
        "--nesting",
        type=int,
        default=100_000,
        help="Depth of the nested scenario file and archive (default 100,000).",
    )
    parser.add_argument("--kills", type=int, default=3, help="Server SIGKILLs (default 3).")
    parser.add_argument(
        "--kill-writers", type=int, default=8, help="Writers during each kill (default 8)."
    )
    parser.add_argument(
        "--kill-seconds",
        type=float,
        default=4.0,
        help="Seconds of writes before each kill (default 4).",
    )
    parser.add_argument(
        "--writers", type=int, default=16, help="Concurrent appending writers (default 16)."
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Rounds of concurrent appends, each with and without If-Match (default 3).",
    )
    parser.add_argument(
        "--import-copies",
        type=int,
        default=600,
        help="Copies of the demo record in the long import (default 600).",
    )
    parser.add_argument(
        "--ingest-kills", type=int, default=3, help="Killed market ingests (default 3)."
    )
    parser.add_argument(
        "--ingest-codes",
        type=int,
        default=200,
        help="Billing codes in the killed ingest's price file (default 200).",
    )
    args = parser.parse_args()
    if args.quick:
        args.examples, args.stateful_runs, args.form_values, args.cli_cases = 1, 1, 3, 2
        args.long_chars, args.nesting, args.kills, args.kill_seconds = 20_000, 5_000, 1, 1.5
        args.writers, args.rounds, args.import_copies = 16, 1, 60
        args.ingest_kills, args.ingest_codes = 1, 60
    args.doors = [d.strip() for d in args.doors.split(",") if d.strip()]
    unknown = set(args.doors) - set(DOORS)
    if unknown:
        parser.error(f"unknown door(s): {', '.join(sorted(unknown))}; known: {', '.join(DOORS)}")
    return args


def probe(target: Target, work: Path, args: argparse.Namespace) -> list[Tally]:
    """Every door chosen, on one target; the read-back of every view last."""
    code, output = run_cli(target, "demo")
    if code != 0:
        raise SystemExit(f"accord demo failed on {target.label}: {output[-400:]}")
    server = Server(target, owner_cookie(target))
    server.start()
    tallies: list[Tally] = []

    def door(name: str, measure: object) -> None:
        if name in args.doors:
            started = time.perf_counter()
            tally = measure() if callable(measure) else measure
            assert isinstance(tally, Tally)
            tally.note += f"; {time.perf_counter() - started:.0f} s"
            tallies.append(tally)
            print(f"  {tally.door}: {tally.tried} tried, {tally.failed} failed", file=sys.stderr)

    try:
        document = doors_api.openapi_document(server)
        door("api", lambda: doors_api.hand_made_requests(server, document))
        door(
            "schemathesis",
            lambda: doors_api.schemathesis_run(server, args.examples, args.stateful_runs),
        )
        door("forms", lambda: doors_forms.run(server, doors_forms.VALUES[: args.form_values]))
        door(
            "cli",
            lambda: doors_cli.run(
                target,
                server,
                work,
                long_chars=args.long_chars,
                nesting=args.nesting,
                cases=args.cli_cases,
            ),
        )
        door("archives", lambda: doors_archives.run(target, work, args.nesting))
        door(
            "appends",
            lambda: doors_writes.appends(server, writers=args.writers, rounds=args.rounds),
        )
        door("import", lambda: doors_writes.long_import(server, target, work, args.import_copies))
        door(
            "kill",
            lambda: doors_writes.kills(
                server, kills=args.kills, writers=args.kill_writers, seconds=args.kill_seconds
            ),
        )
        reads = Tally("Read-back (every view, at the end)", note="5xx or traceback on a read")
        sweep_reads(reads, server, target, [1, 2], cli=True)
        tallies.append(reads)
    finally:
        server.stop()
    door(
        "ingest",
        lambda: doors_writes.killed_ingest(
            target, work, kills=args.ingest_kills, codes=args.ingest_codes
        ),
    )
    return tallies


def print_table(label: str, tallies: list[Tally]) -> None:
    width = max(len(t.door) for t in tallies)
    print(f"\n{label}")
    print(f"{'door':{width}}  {'tried':>7}  {'failed':>7}  note")
    for t in tallies:
        print(f"{t.door:{width}}  {t.tried:7,}  {t.failed:7,}  {t.note}")
    print(
        f"{'total':{width}}  {sum(t.tried for t in tallies):7,}  "
        f"{sum(t.failed for t in tallies):7,}"
    )
    for t in tallies:
        if t.failures:
            print(f"\n{t.door}: {t.failed} failed; the first {len(t.failures)}:")
            for failure in t.failures:
                print(f"  - {failure}")


def main() -> None:
    args = _arguments()
    results: dict[str, list[Tally]] = {}
    with tempfile.TemporaryDirectory(prefix="accord-doors-") as tmp:
        work = Path(tmp)
        cluster = None
        if args.postgresql:
            from tests.support.postgres import PostgresCluster, find_pg_bin

            bin_dir = find_pg_bin()
            if bin_dir is None:
                raise SystemExit("--postgresql needs PostgreSQL's initdb and pg_ctl")
            cluster = PostgresCluster(bin_dir)
            cluster.start()
        try:
            if cluster is not None:
                target = Target("PostgreSQL (throwaway cluster)", cluster.url(), work / "data")
            elif args.database_url:
                target = Target(
                    "database " + args.database_url.split("@")[-1], args.database_url, work / "data"
                )
            else:
                url = f"sqlite:///{work / 'data' / 'accord.db'}"
                target = Target("SQLite", url, work / "data")
            print(f"probing {target.label}: {', '.join(args.doors)}", file=sys.stderr)
            results[target.label] = probe(target, work, args)
        finally:
            if cluster is not None:
                cluster.stop()
    if args.json:
        print(
            json.dumps(
                {label: [t.as_json() for t in tallies] for label, tallies in results.items()},
                indent=2,
            )
        )
    else:
        for label, tallies in results.items():
            print_table(label, tallies)


if __name__ == "__main__":
    main()
