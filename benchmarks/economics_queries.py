"""Underpayments worklist and payer scorecard over millions of stored service lines.

Generates ``--lines`` service lines' stored facts (the ``economics_lines`` read model of
migration 0011, as the refresh would write them: 20 payers, 12 therapy codes, a year of
visits of three lines, about 2% underpaid, 3% denied, 5% without a contract) straight
into the table with the driver's bulk path — ``executemany`` on SQLite, ``COPY`` on
PostgreSQL, foreign keys off, as no remittance rows are generated — builds the daily
roll-ups with the adapter's own SQL, then times the services the CLI, API and pages call
(``underpayment_worklist`` with a page of 50 groups, ``payer_scorecard``), whole year and
one quarter, warm: the median of ``--repeat`` runs after one unmeasured run; then the
largest row's status change by its key (``mark_underpayment_group``, there and back) and
a page of 1,000 of its line ids (``underpayment_group_lines``).

    .venv/bin/python benchmarks/economics_queries.py                    # 200,000 lines
    .venv/bin/python benchmarks/economics_queries.py --lines 10000000 [--postgres URL|none]
    .venv/bin/python benchmarks/economics_queries.py --existing big.db|postgresql+psycopg://...

PostgreSQL: the URL of an empty database, or by default a throwaway cluster from the
machine's ``initdb``. Not a test: numbers vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from accord.adapters.store.tables import (
    economics_lines,
    remittance_claims,
    remittance_files,
    remittance_lines,
    remittance_payments,
)
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services import scorecards, underpayment_worklist
from accord.services.economics_ports import UnderpaidGroupKey
from accord.services.economics_refresh import FACTS_VERSION

ROOT = Path(__file__).resolve().parent.parent
CODES = ("97110", "97112", "97116", "97140", "97530", "97535", "97161", "97162", "97163",
         "97164", "97750", "G0283")  # fmt: skip
COLUMNS = (
    "line_id", "claim_id", "claim_key", "payer", "code", "day", "units", "paid_cents",
    "allowed_cents", "patient_cents", "medicare_cents", "expected_cents", "shortfall_cents",
    "unpriced", "reason", "denial_line", "visit_first", "claim_first", "claim_denied",
    "wait_days",
)  # fmt: skip


def _rows(n: int, start: int, seed: int) -> Iterator[tuple[object, ...]]:
    """``n`` lines from line id ``start``: visits of three lines, one claim per visit."""
    rng = np.random.default_rng(seed)
    ids = np.arange(start, start + n)
    visit = ids // 3
    first = ids % 3 == 0
    payer = visit % 20
    day_no = (visit * 7919) % 365
    code = rng.integers(0, len(CODES), n)
    units = rng.integers(1, 4, n)
    expected = units * rng.integers(2500, 4500, n)
    roll = rng.random(n)
    claim_roll = rng.random(visit.max() - visit.min() + 1)[visit - visit.min()]
    denied = claim_roll < 0.03
    unpriced = (~denied) & (roll > 0.95)
    under = (~denied) & (~unpriced) & (roll < 0.02)
    allowed = np.where(under, expected - rng.integers(500, 2000, n), expected)
    allowed = np.where(denied, 0, allowed)
    patient = (allowed * 0.2).astype(np.int64)
    paid = allowed - patient
    wait = rng.integers(5, 60, n)
    base = date(2025, 1, 1)
    days = [base + timedelta(days=int(d)) for d in range(365)]
    for i in range(n):
        d, u, p = bool(denied[i]), bool(unpriced[i]), int(payer[i])
        e = None if d or u else int(expected[i])
        a = int(allowed[i])
        yield (
            int(ids[i]), int(visit[i]), f"DEMO{p:02d}:C{int(visit[i])}", f"PAYER {p:02d}",
            CODES[code[i]], days[day_no[i]], int(units[i]), int(paid[i]), a, int(patient[i]),
            int(expected[i]), e, None if e is None else e - a,
            "denied (allowed nothing)" if d else ("no contract in force" if u else ""),
            "CO-50" if d else ("CO-45" if under[i] else "none"), d, bool(first[i]),
            bool(first[i]), d, int(wait[i]) if first[i] else None,
        )  # fmt: skip


def _load(app: Accord, lines: int) -> float:
    """Bulk-load ``lines`` facts and build the roll-ups; return the seconds it took."""
    began = time.perf_counter()
    engine = app.store.engine
    chunk = 500_000
    # a bulk load: indexes dropped first and built once at the end
    with engine.begin() as connection:
        for index in economics_lines.indexes:
            index.drop(connection)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys=OFF")
            placeholders = ",".join("?" * len(COLUMNS))
            sql = f"INSERT INTO economics_lines ({','.join(COLUMNS)}) VALUES ({placeholders})"
            for start in range(0, lines, chunk):
                raw.executemany(sql, _rows(min(chunk, lines - start), start + 1, start))
            raw.commit()
        else:
            with raw.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # no FK triggers
                copy_sql = f"COPY economics_lines ({','.join(COLUMNS)}) FROM STDIN"
                for start in range(0, lines, chunk):
                    with cursor.copy(copy_sql) as copy:
                        for row in _rows(min(chunk, lines - start), start + 1, start):
                            copy.write_row(row)
                cursor.execute("SET session_replication_role = DEFAULT")
            raw.commit()
    with engine.begin() as connection:
        for index in economics_lines.indexes:
            index.create(connection)
    with app.store.unit_of_work() as uow:
        uow.economics_rollup.refresh_rollups()
        # what the refresh would record: no remittance claims, no contracts, no Medicare
        uow.economics_rollup.set_state(
            {"version": FACTS_VERSION, "medicare": app.medicare_prices.fingerprint,
             "last_claim": "0"}
        )  # fmt: skip
        uow.commit()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )
    return time.perf_counter() - began


def _stub_remittance_lines(app: Accord, key: UnderpaidGroupKey) -> None:
    """Remittance rows for one row's lines, so that their statuses' foreign keys hold
    (the load writes the read model only), recorded as already priced."""
    ids: list[int] = []
    while True:
        page = underpayment_worklist.underpayment_group_lines(
            app.store.unit_of_work, app.medicare_prices, key, offset=len(ids), limit=10_000
        )
        ids += page.line_ids
        if len(ids) >= page.total:
            break
    now = app.clock.now()
    with app.store.engine.begin() as connection:
        found = connection.execute(sa.select(sa.func.count()).select_from(remittance_lines).where(
            remittance_lines.c.id.in_(ids[:1]))).scalar_one()  # fmt: skip
        if found:
            return
        connection.execute(
            sa.insert(remittance_files).values(
                id=1, sha256="0" * 64, name="benchmark", size_bytes=0, ingested_at=now
            )
        )
        connection.execute(
            sa.insert(remittance_payments).values(
                id=1,
                file_id=1,
                originator="BENCH",
                trace_number="1",
                amount_cents=0,
                credit_debit="C",
                segment=1,
            )
        )
        connection.execute(
            sa.insert(remittance_claims).values(
                id=1,
                payment_id=1,
                claim_number="BENCH",
                status="1",
                charge_cents=0,
                paid_cents=0,
                patient_responsibility_cents=0,
                segment=1,
            )
        )
        connection.execute(sa.insert(remittance_lines), [
            {"id": i, "claim_id": 1, "qualifier": "HC", "code": key.code, "modifiers": "",
             "charge_cents": 0, "paid_cents": 0, "remark_codes": "", "segment": 1}
            for i in ids])  # fmt: skip
    with app.store.unit_of_work() as uow:
        state = uow.economics_rollup.state()
        uow.economics_rollup.set_state({**state, "last_claim": "1"})
        uow.commit()


def _median(action: Callable[[], object], repeat: int) -> float:
    action()  # warm
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _measure(
    name: str, url: str, lines: int, repeat: int, data_dir: Path, *, load_data: bool = True
) -> None:
    app = bootstrap(Settings(data_dir=data_dir, database_url=url))
    try:
        load = _load(app, lines) if load_data else 0.0
        uow, medicare = app.store.unit_of_work, app.medicare_prices
        q1, q2 = date(2025, 4, 1), date(2025, 6, 30)

        def worklist(start: date | None = None, end: date | None = None) -> object:
            return underpayment_worklist.underpayment_worklist(
                uow, medicare, start=start, end=end, limit=50
            )

        def card(start: date | None = None, end: date | None = None) -> object:
            return scorecards.payer_scorecard(uow, medicare, start=start, end=end)

        w = underpayment_worklist.underpayment_worklist(uow, medicare, limit=50)
        print(f"{name}: {lines:,} lines loaded and rolled up in {load:.1f} s; "
              f"{w.priced:,} priced, {w.group_count} underpaid groups, "
              f"${w.at_stake:,.2f} open", flush=True)  # fmt: skip
        for label, action in (
            ("worklist, year", lambda: worklist()),
            ("worklist, quarter", lambda: worklist(q1, q2)),
            ("scorecard, year", lambda: card()),
            ("scorecard, quarter", lambda: card(q1, q2)),
        ):
            print(f"  {label:20} median {_median(action, repeat):6.3f} s", flush=True)
        top = max(w.groups, key=lambda g: g.group.lines)
        key = UnderpaidGroupKey(top.group.payer, top.group.code, top.group.reason, "new")
        there = UnderpaidGroupKey(key.payer, key.code, key.reason, "appealed")
        _stub_remittance_lines(app, key)

        def there_and_back() -> object:
            mark = underpayment_worklist.mark_underpayment_group
            assert mark(uow, medicare, app.clock, key, "appealed") == top.group.lines
            return mark(uow, medicare, app.clock, there, "new")

        def ids() -> object:
            return underpayment_worklist.underpayment_group_lines(uow, medicare, key)

        took = _median(there_and_back, repeat) / 2
        print(f"  {'mark a row':20} median {took:6.3f} s  ({top.group.lines:,} lines)")
        print(f"  {'ids of a row, 1,000':20} median {_median(ids, repeat):6.3f} s", flush=True)
    finally:
        app.close()


@contextmanager
def _postgres(url: str | None) -> Iterator[str | None]:
    """The PostgreSQL URL to store into: the one given, a throwaway cluster, or none."""
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import given_or_throwaway

    with given_or_throwaway(url) as given:
        yield given


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="URL of an empty database, or 'none' to skip")
    parser.add_argument("--sqlite", default="yes", choices=("yes", "no"))
    parser.add_argument("--keep", type=Path, help="write the SQLite database here and keep it")
    parser.add_argument("--existing",
                        help="time the services on a SQLite database kept by --keep, or "
                             "on a PostgreSQL URL loaded before (no reload)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.existing is not None:
        given = str(args.existing)
        name, url = ("PostgreSQL (kept)", given) if "://" in given else (
            "SQLite (kept)", f"sqlite:///{Path(given).resolve()}")  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="accord-econ-") as tmp:
            _measure(name, url, args.lines, args.repeat, Path(tmp), load_data=False)
        return 0
    with tempfile.TemporaryDirectory(prefix="accord-econ-") as tmp, _postgres(args.postgres) as pg:
        if args.sqlite == "yes":
            db = args.keep.resolve() if args.keep else Path(tmp) / "bench.db"
            _measure("SQLite", f"sqlite:///{db}", args.lines, args.repeat, Path(tmp) / "s")
            print(f"  (database file {db.stat().st_size / 1e6:,.0f} MB)")
        if pg:
            _measure("PostgreSQL", pg, args.lines, args.repeat, Path(tmp) / "p")
    return 0


if __name__ == "__main__":
    sys.exit(main())
