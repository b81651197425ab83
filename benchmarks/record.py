"""The cross-negotiation views on a team-sized record: thousands of negotiations.

Builds a database with N negotiations of a realistic shape (3–8 terms, 2–10 offers and
2–10 interactions each, a third of them agreed with their savings or rate changes,
~300 counterparties with their contacts) through Accord's own archive import, then
prints the median time of each view over a few repeats, twice:

* through the service functions (what the store and the service cost), and
* over real HTTP, from a uvicorn server on 127.0.0.1 (what a user waits for: the
  service, the page model, the template or the JSON, the network stack).

Not a test: numbers vary with the machine.

    .venv/bin/python benchmarks/record.py [--negotiations 5000] [--repeat 5]
        [--postgres postgresql+psycopg://user@host/empty_db] [--keep-sqlite PATH]

The SQLite file is built in a temporary folder unless ``--keep-sqlite PATH`` names one
to build once and reuse (it is rebuilt when it holds another number of negotiations).
A PostgreSQL database must be empty, or hold exactly this benchmark's record from an
earlier run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from accord.adapters.archive import dump_archive
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.agreements import Agreement, RateChange, SoftSaving, SoftSavingCategory
from accord.domain.interactions import Interaction, InteractionDirection
from accord.domain.leverage import LeverageFactor, LeverageKind
from accord.domain.negotiation import Negotiation, NegotiationKind, TeamMember, TeamRole
from accord.domain.offers import Channel, Offer, Side
from accord.domain.organisations import Contact, DecisionRole, Organisation, OrganisationKind
from accord.domain.stages import Stage, StageChange
from accord.domain.terms import Direction, Term, TermKind, TermValue
from accord.services import negotiations, outcomes, pipeline, relationships, transfer

# the tests' loopback server, shared rather than copied (run from the repository root)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.entrypoints.server import live_server

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # the clock of the benchmark's server
COUNTERPARTIES = 300
CENTS = Decimal("0.01")

# Where negotiations stand: most of a team's history is closed.
STAGE_WEIGHTS = {
    Stage.PREPARING: 10, Stage.GOALS_AGREED: 8, Stage.BARGAINING: 22, Stage.MEDIATION: 5,
    Stage.AGREED: 35, Stage.WALKED_AWAY: 20,
}  # fmt: skip
PATHS = {
    Stage.PREPARING: [Stage.PREPARING],
    Stage.GOALS_AGREED: [Stage.PREPARING, Stage.GOALS_AGREED],
    Stage.BARGAINING: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING],
    Stage.MEDIATION: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING, Stage.MEDIATION],
    Stage.AGREED: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING, Stage.AGREED],
    Stage.WALKED_AWAY: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING,
                        Stage.WALKED_AWAY],
}  # fmt: skip
TERM_SHAPES: list[tuple[TermKind, Direction, float, float]] = [
    (TermKind.RATE_PER_UNIT, Direction.HIGHER_BETTER, 10, 300),
    (TermKind.PER_DIEM, Direction.LOWER_BETTER, 500, 4000),
    (TermKind.PCT_MEDICARE, Direction.HIGHER_BETTER, 80, 250),
    (TermKind.PCT_BILLED, Direction.LOWER_BETTER, 20, 90),
    (TermKind.DAYS, Direction.LOWER_BETTER, 1, 60),
    (TermKind.VISITS, Direction.HIGHER_BETTER, 4, 60),
    (TermKind.UNITS, Direction.HIGHER_BETTER, 1, 40),
    (TermKind.PAYMENT_DAYS, Direction.LOWER_BETTER, 10, 90),
    (TermKind.DURATION_MONTHS, Direction.HIGHER_BETTER, 6, 60),
]


# -- the record --------------------------------------------------------------------------
def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max((end - start).total_seconds(), 60.0)
    return (start + timedelta(seconds=rng.uniform(0, span))).replace(microsecond=0)


def _terms(rng: random.Random) -> list[Term]:
    chosen = rng.sample(TERM_SHAPES, rng.randint(3, 8))
    terms = []
    for kind, direction, low, high in chosen:
        walk_away, target, opening = sorted(round(rng.uniform(low, high), 2) for _ in range(3))
        if direction is Direction.LOWER_BETTER:
            walk_away, opening = opening, walk_away
        terms.append(
            Term(name=kind.value, kind=kind, direction=direction, minimum=low, maximum=high,
                 opening=opening, target=target, walk_away=walk_away,
                 priority=rng.randint(1, 5),
                 billing_code="97110" if kind is TermKind.RATE_PER_UNIT else None)
        )  # fmt: skip
    return terms


def _negotiation(
    rng: random.Random, number: int, ours: list[int], counterparty: int, contacts: list[int]
) -> Negotiation:
    stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
    kind = rng.choice(list(NegotiationKind))
    created = _moment(rng, NOW - timedelta(days=3 * 365), NOW - timedelta(days=20))
    closed = stage.is_closed
    last = _moment(rng, created + timedelta(days=5), NOW) if closed else NOW
    history = []
    moments = sorted(_moment(rng, created, last) for _ in PATHS[stage][1:])
    previous: Stage | None = None
    for target, at in zip(PATHS[stage], [created, *moments], strict=True):
        history.append(StageChange(previous, target, at))
        previous = target
    terms = _terms(rng)
    offers = []
    for k in range(rng.randint(2, 10)):
        chosen = rng.sample(terms, rng.randint(1, len(terms)))
        values: dict[str, TermValue] = {
            t.name: round(rng.uniform(t.minimum or 0, t.maximum or 1), 2) for t in chosen
        }
        offers.append(Offer(Side.OURS if k % 2 == 0 else Side.THEIRS, _moment(rng, created, last),
                            values, channel=rng.choice(list(Channel))))  # fmt: skip
    interactions = []
    for _ in range(rng.randint(2, 10)):
        at = _moment(rng, created, last)
        follow_up = at + timedelta(days=rng.randint(1, 21)) if rng.random() < 0.35 else None
        replied = at + timedelta(hours=rng.uniform(0.5, 240)) if rng.random() < 0.7 else None
        interactions.append(
            Interaction(
                at=at, channel=rng.choice(list(Channel)),
                direction=rng.choice(list(InteractionDirection)),
                contact_id=rng.choice(contacts) if contacts and rng.random() < 0.85 else None,
                summary=f"Call {rng.randint(1, 999)} about the rates",
                their_points="Budget is tight this quarter", our_questions="How tight?",
                follow_up_due=follow_up,
                follow_up_done=follow_up is not None and rng.random() < 0.6,
                replied_at=replied,
            )
        )  # fmt: skip
    negotiation = Negotiation(
        title=f"{kind.label.capitalize()} #{number:05d}", kind=kind,
        our_org_id=rng.choice(ours), counterparty_id=counterparty, created_at=created,
        problem_statement="Rates below market for three years running.",
        our_goals=["Rates at the market median", "Payment within 30 days"],
        deadline=(NOW.date() + timedelta(days=rng.randint(-60, 240))
                  if rng.random() < 0.7 else None),
        stage=stage, team=[TeamMember("Dana Whitfield", TeamRole.LEAD)],
        contact_ids=rng.sample(contacts, min(len(contacts), rng.randint(0, 2))),
        terms=terms, offer_history=sorted(offers, key=lambda o: o.at),
        interaction_history=sorted(interactions, key=lambda i: i.at), stage_history=history,
        leverage=[LeverageFactor(LeverageKind.NETWORK_GAP, "Only clinic in the county", 4)]
        if rng.random() < 0.3 else [],
        updated_at=last,
    )  # fmt: skip
    if stage is Stage.AGREED:
        negotiation.agreement = _agreement(rng, kind, terms, last)
    return negotiation


def _agreement(
    rng: random.Random, kind: NegotiationKind, terms: list[Term], at: datetime
) -> Agreement:
    final = {t.name: t.target for t in terms if t.target is not None}
    effective = at.date() + timedelta(days=rng.randint(0, 30))
    if kind.is_case_management:
        potential = Decimal(rng.randint(20_000, 400_000))
        return Agreement(
            final_terms=final, effective=effective,
            potential_cost=potential, actual_cost=(potential * Decimal("0.6")).quantize(CENTS),
            case_management_cost=Decimal("850.00"),
            soft_savings=[SoftSaving(SoftSavingCategory.AVOIDED_READMISSION,
                                     Decimal(rng.randint(100, 9_000)) / 4)]
            if rng.random() < 0.5 else [],
        )  # fmt: skip
    return Agreement(
        final_terms=final, effective=effective,
        rate_changes=[RateChange(f"9711{k}", Decimal("30.50"),
                                 Decimal(rng.randint(3100, 4200)) / 100, rng.randint(100, 5000))
                      for k in range(rng.randint(1, 3))],
    )  # fmt: skip


def write_archive(path: Path, count: int, seed: int) -> None:
    """An archive of ``count`` negotiations, the same for the same seed."""
    rng = random.Random(seed)
    organisations = [
        Organisation("Summit Physical Therapy", OrganisationKind.OURS, id=1),
        Organisation("Summit Case Management", OrganisationKind.OURS, id=2),
    ]
    contacts: list[Contact] = []
    by_org: dict[int, list[int]] = {}
    for k in range(COUNTERPARTIES):
        org_id = 3 + k
        kind = rng.choice(
            [OrganisationKind.PAYER] * 3 + [OrganisationKind.PROVIDER, OrganisationKind.FACILITY]
        )
        organisations.append(Organisation(f"{kind.value.capitalize()} {k:03d}", kind, id=org_id))
        for c in range(rng.randint(1, 4)):
            contact_id = len(contacts) + 1
            role = DecisionRole.DECISION_MAKER if c == 0 else rng.choice(list(DecisionRole))
            contacts.append(Contact(org_id, f"Contact {contact_id:04d}", role, id=contact_id))
            by_org.setdefault(org_id, []).append(contact_id)
    weights = [1 / (k + 1) ** 0.8 for k in range(COUNTERPARTIES)]  # a few big payers
    negotiations_ = []
    for number in range(1, count + 1):
        counterparty = 3 + rng.choices(range(COUNTERPARTIES), weights=weights)[0]
        n = _negotiation(rng, number, [1, 2], counterparty, by_org.get(counterparty, []))
        n.id = number
        negotiations_.append(n)
    dump_archive(path, organisations=organisations, contacts=contacts,
                 negotiations=negotiations_, exported_at=NOW)  # fmt: skip


class FixedClock:
    def now(self) -> datetime:
        return NOW


def open_record(url: str, data_dir: Path, count: int, seed: int, archive: Path) -> Accord:
    """Accord on ``url``, with the benchmark's record imported unless it is there already."""
    accord = bootstrap(Settings(data_dir=data_dir, database_url=url), clock=FixedClock())
    total = pipeline.page_negotiations(accord.store.unit_of_work(), limit=1).total
    if total == count:
        print(f"  reusing the {count:,} negotiations stored in {accord.store.display_url}")
        return accord
    if total:
        raise SystemExit(
            f"{accord.store.display_url} holds {total} negotiations; give an empty one"
        )
    if not archive.exists():
        start = time.perf_counter()
        write_archive(archive, count, seed)
        print(f"  archive of {count:,} negotiations written in {time.perf_counter() - start:.1f} s"
              f" ({archive.stat().st_size / 1e6:.0f} MB)")  # fmt: skip
    start = time.perf_counter()
    transfer.import_archive(accord.store.unit_of_work(), accord.archives, archive)
    print(f"  imported into {accord.store.display_url} in {time.perf_counter() - start:.1f} s")
    return accord


# -- timing ------------------------------------------------------------------------------
def median_ms(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = action()  # warm up (and the result, for a size or a check)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def workspace_id(accord: Accord) -> int:
    """A bargaining negotiation from the middle of the record, for the control page."""
    page = pipeline.page_negotiations(accord.store.unit_of_work(), Stage.BARGAINING, limit=500)
    item = page.items[len(page.items) // 2]
    assert item.id is not None
    return item.id


def bench(accord: Accord, repeat: int) -> None:
    uow = accord.store.unit_of_work
    nid = workspace_id(accord)
    print(f"  {'service':34} {'median ms':>10}")
    services: list[tuple[str, Callable[[], Any]]] = [
        ("pipeline (a page of each stage)", lambda: pipeline.pipeline(uow(), NOW)),
        (
            "outcomes (totals, a page of rows)",
            lambda: outcomes.outcomes(uow(), limit=outcomes.PAGE_SIZE),
        ),
        ("relationships (a page)", lambda: relationships.relationship_page(uow(), NOW)),
        ("one negotiation (control)", lambda: negotiations.get_negotiation(uow(), nid)),
    ]
    for name, action in services:
        ms, _ = median_ms(action, repeat)
        print(f"  {name:34} {ms:10.1f}")
    pages = [
        ("pipeline page", "/", "text/html"),
        ("pipeline API", "/api/pipeline", "application/json"),
        ("outcomes page", "/outcomes", "text/html"),
        ("outcomes API", "/api/outcomes", "application/json"),
        ("contacts page", "/contacts", "text/html"),
        ("relationships API", "/api/relationships", "application/json"),
        ("negotiations API (a page)", "/api/negotiations", "application/json"),
        ("workspace page (control)", f"/negotiations/{nid}", "text/html"),
    ]
    print(f"  {'over HTTP':34} {'median ms':>10} {'KB':>8}")
    with live_server(accord) as base, httpx.Client(base_url=base, timeout=120) as client:
        for name, path, accept in pages:

            def get(path: str = path, accept: str = accept) -> httpx.Response:
                response = client.get(path, headers={"Accept": accept})
                assert response.status_code == 200, (path, response.status_code)
                return response

            ms, response = median_ms(get, repeat)
            print(f"  {name:34} {ms:10.1f} {len(response.content) / 1024:8.0f}")


def arguments(description: str, *, repeat: int) -> argparse.Namespace:
    """The options of every benchmark on this record (this one, ``org_scope.py``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--negotiations", type=int, default=5000, help="How many to build.")
    parser.add_argument("--repeat", type=int, default=repeat, help="Timed runs per view.")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generated record.")
    parser.add_argument("--postgres", metavar="URL", help="Also on this PostgreSQL database.")
    parser.add_argument("--keep-sqlite", metavar="PATH", type=Path,
                        help="Build the SQLite file here and reuse it on later runs.")  # fmt: skip
    return parser.parse_args()


def database_targets(args: argparse.Namespace, work: Path) -> list[tuple[str, str]]:
    """(label, URL) of each database to build the record in: SQLite (a file in ``work``
    unless ``--keep-sqlite``), then PostgreSQL if ``--postgres`` names one."""
    sqlite_file = args.keep_sqlite or work / "record.db"
    targets = [("SQLite", f"sqlite:///{sqlite_file}")]
    if args.postgres:
        targets.append(("PostgreSQL", args.postgres))
    return targets


def on_each_database(
    args: argparse.Namespace, work: Path, bench: Callable[[Accord, int], None]
) -> None:
    """``bench`` on the record in each of :func:`database_targets`; the archive is
    written once."""
    archive = work / "record.json"
    for label, url in database_targets(args, work):
        print(f"{label}: {args.negotiations:,} negotiations")
        accord = open_record(url, work / "data", args.negotiations, args.seed, archive)
        try:
            bench(accord, args.repeat)
        finally:
            accord.close()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], repeat=5)
    with tempfile.TemporaryDirectory() as tmp:
        on_each_database(args, Path(tmp), bench)


if __name__ == "__main__":
    main()
