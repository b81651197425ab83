"""What organisation scope costs on the cross-negotiation views (issue 13 §3).

Reuses the team-sized record of ``benchmarks/record.py`` (two organisations of ours, the
negotiations split between them) and prints the median time of each view, through the
services, for four readers:

* ``operator``: the command line (sees everything; no membership query);
* ``unscoped viewer``: a viewer with no organisation chosen (sees everything, after the
  one query that finds they have none);
* ``scoped viewer``: a viewer of one of the two organisations (about half the record);
* ``scoped, no index``: the same viewer with ``ix_negotiations_our_org`` dropped, to see
  whether the index earns its place (it is created again afterwards).

Then the practice economics on the demo's year of remittances (SQLite): the scorecard and
the worklist as the operator (the stored roll-ups) and as a viewer of the practice the
payments go to (the same roll-ups computed from their lines: the worst case, every line
theirs).

Not a test: numbers vary with the machine.

    .venv/bin/python benchmarks/org_scope.py [--negotiations 5000] [--repeat 7]
        [--postgres postgresql+psycopg://user@host/empty_db] [--keep-sqlite PATH]
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.record import NOW, FixedClock, arguments, median_ms, on_each_database

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR, Actor
from accord.domain.audit import AuditSource
from accord.services import accounts, demo, outcomes, pipeline, relationships
from accord.services.audit_ports import acting_as
from accord.services.demo_economics import load_demo_economics
from accord.services.economics_ports import PeriodFilter
from accord.services.memberships import set_user_organisations
from accord.services.scorecards import payer_scorecard
from accord.services.underpayment_worklist import underpayment_worklist

INDEX = "ix_negotiations_our_org"


def _viewer(accord: Accord, name: str, *organisations: str) -> Actor:
    with accord.store.unit_of_work() as uow:
        found = uow.accounts.find(name)
    user = found or accounts.add_user(accord.store.unit_of_work(), accord.passwords, OPERATOR,
                                      name, Role.VIEWER, None, NOW)  # fmt: skip
    set_user_organisations(accord.store.unit_of_work(), OPERATOR, name, replace=organisations)
    return Actor(user.id, user.name, user.role)


@contextmanager
def _without_index(accord: Accord) -> Iterator[None]:
    engine = sa.create_engine(accord.settings.resolved_database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP INDEX {INDEX}"))
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"CREATE INDEX {INDEX} ON negotiations (our_org_id)"))
        engine.dispose()


def bench(accord: Accord, repeat: int) -> None:
    uow = accord.store.unit_of_work
    views: list[tuple[str, Callable[[], Any]]] = [
        ("pipeline (a page of each stage)", lambda: pipeline.pipeline(uow(), NOW)),
        ("negotiations (a page by id)", lambda: pipeline.page_negotiations(uow(), limit=50)),
        ("outcomes (totals, a page)", lambda: outcomes.outcomes(uow(), limit=outcomes.PAGE_SIZE)),
        ("relationships (a page)", lambda: relationships.relationship_page(uow(), NOW)),
    ]
    readers: list[tuple[str, Actor | None, bool]] = [
        ("operator", None, False),
        ("unscoped viewer", _viewer(accord, "bench-all"), False),
        ("scoped viewer", _viewer(accord, "bench-one", "Summit Physical Therapy"), False),
        ("scoped, no index", _viewer(accord, "bench-one", "Summit Physical Therapy"), True),
    ]
    print(f"  {'view':34}" + "".join(f"{name:>18}" for name, _, _ in readers) + "   (median ms)")
    results: dict[str, list[str]] = {name: [] for name, _ in views}
    for _, actor, drop in readers:
        source = AuditSource(actor=actor, request_id=None, address="bench") if actor else None
        with _without_index(accord) if drop else nullcontext():
            for view, action in views:
                with acting_as(source) if source else nullcontext():
                    ms, _ = median_ms(action, repeat)
                results[view].append(f"{ms:18.1f}")
    for view, cells in results.items():
        print(f"  {view:34}" + "".join(cells))


def bench_economics(data_dir: Path, repeat: int) -> None:
    accord = bootstrap(Settings(data_dir=data_dir), clock=FixedClock())
    try:
        demo.load_demo(accord.store.unit_of_work, NOW)
        load_demo_economics(accord.store.unit_of_work, accord.remittance_reader, accord.clock,
                            accord.demo_remittances)  # fmt: skip
        uow, medicare = accord.store.unit_of_work, accord.medicare_prices
        payer_scorecard(uow, medicare)  # prices the lines and fills the stored roll-ups
        with uow() as counting:
            lines = counting.economics_rollup.totals(PeriodFilter()).lines
        scoped = _viewer(accord, "bench-practice",
                         "Lakeview Skilled Nursing & Rehabilitation (demo)")  # fmt: skip
        views: list[tuple[str, Callable[[], Any]]] = [
            ("scorecard", lambda: payer_scorecard(uow, medicare)),
            ("worklist", lambda: underpayment_worklist(uow, medicare)),
        ]
        print(f"Demo economics (SQLite, {lines:,} lines)")
        print(f"  {'view':34}{'operator':>18}{'scoped viewer':>18}   (median ms)")
        for view, action in views:
            operator_ms, _ = median_ms(action, repeat)
            with acting_as(AuditSource(actor=scoped, request_id=None, address="bench")):
                scoped_ms, _ = median_ms(action, repeat)
            print(f"  {view:34}{operator_ms:18.1f}{scoped_ms:18.1f}")
    finally:
        accord.close()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], repeat=7)
    with tempfile.TemporaryDirectory() as tmp:
        on_each_database(args, Path(tmp), bench)
        bench_economics(Path(tmp) / "economics", args.repeat)


if __name__ == "__main__":
    main()
