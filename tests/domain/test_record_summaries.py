"""The read model agrees with the whole aggregates, on SQLite and on PostgreSQL.

The pipeline, outcomes and relationships services read summaries computed in SQL. Here
a varied record is stored, and every figure of every row is compared with what the
domain computes from the whole negotiations loaded through the repository, the way
those services computed them before the read model.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from accord.bootstrap import Accord
from accord.domain.agreements import Agreement, RateChange, SoftSaving, SoftSavingCategory
from accord.domain.interactions import (
    Interaction,
    InteractionDirection,
    Responsiveness,
    last_contact_at,
    offer_reaches,
    overdue_follow_ups,
    responsiveness,
)
from accord.domain.negotiation import Negotiation, NegotiationKind
from accord.domain.offers import Channel, Offer, Side
from accord.domain.organisations import Contact, DecisionRole, Organisation, OrganisationKind
from accord.domain.stages import Stage, StageChange
from accord.domain.terms import Term, TermKind
from accord.services import outcomes, pipeline, relationships
from tests.support.clock import FixedClock

# Titles and names that sort differently by locale than by code point, with repeats.
TITLES = ["alpha", "Alpha", "Émile", "zeta", "Zeta", "_under", "beta 10", "beta 9", "Ärzte"]
ORGS = ["Big Sky", "big sky west", "Ébène Health", "Zenith", "acme", "Acme"]


def _record(app: Accord, now: datetime, seed: int = 3) -> None:
    """About fifty negotiations, every case the views tell apart, stored through the uow."""
    rng = random.Random(seed)
    uow = app.store.unit_of_work()
    with uow:
        ours = uow.organisations.add(Organisation("Summit PT", OrganisationKind.OURS))
        others = [uow.organisations.add(Organisation(name, OrganisationKind.PAYER))
                  for name in ORGS]  # fmt: skip
        uow.flush()
        contacts: dict[int, list[int]] = {}
        for org in others:
            assert org.id is not None
            for k in range(rng.randint(0, 3)):
                role = rng.choice(list(DecisionRole))
                name = rng.choice(["Karen", "karen", "Émile", "Zoë", "Bo"]) + f" {k % 2}"
                contact = uow.contacts.add(Contact(org.id, name, role))
                uow.flush()
                assert contact.id is not None
                contacts.setdefault(org.id, []).append(contact.id)
        assert ours.id is not None
        for number in range(48):
            other = rng.choice(others)
            assert other.id is not None
            uow.negotiations.add(_negotiation(rng, number, now, ours.id, other.id,
                                              contacts.get(other.id, [])))  # fmt: skip
        uow.commit()


def _negotiation(
    rng: random.Random, number: int, now: datetime, ours: int, other: int, people: list[int]
) -> Negotiation:
    stage = rng.choice(list(Stage))
    created = now - timedelta(days=rng.randint(30, 400), minutes=rng.randint(0, 600))
    path = {
        Stage.PREPARING: [Stage.PREPARING],
        Stage.GOALS_AGREED: [Stage.PREPARING, Stage.GOALS_AGREED],
        Stage.BARGAINING: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING],
        Stage.MEDIATION: [Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING,
                          Stage.MEDIATION],
        Stage.AGREED: [Stage.PREPARING, Stage.BARGAINING, Stage.AGREED, Stage.BARGAINING,
                       Stage.AGREED],  # agreed twice: the last time counts
        Stage.WALKED_AWAY: [Stage.PREPARING, Stage.WALKED_AWAY],
    }[stage]  # fmt: skip
    history = [StageChange(None if k == 0 else path[k - 1], s, created + timedelta(days=k))
               for k, s in enumerate(path)]  # fmt: skip
    terms = [Term("rate", TermKind.RATE_PER_UNIT, minimum=0, maximum=100),
             Term("visits", TermKind.VISITS, minimum=0, maximum=60)]  # fmt: skip
    interactions = []
    for _ in range(rng.randint(0, 7)):
        at = created + timedelta(hours=rng.randint(1, 24 * 200), seconds=rng.randint(0, 59))
        due = None
        if rng.random() < 0.6:  # follow-ups due in the past, at now exactly, in the future
            due = rng.choice([now - timedelta(days=rng.randint(1, 30)), now,
                              now + timedelta(days=rng.randint(1, 30))])  # fmt: skip
        replied = at + timedelta(minutes=rng.randint(5, 5000)) if rng.random() < 0.6 else None
        interactions.append(
            Interaction(at=at, channel=Channel.CALL,
                        direction=rng.choice(list(InteractionDirection)),
                        contact_id=rng.choice(people) if people and rng.random() < 0.8 else None,
                        follow_up_due=due, follow_up_done=rng.random() < 0.3,
                        replied_at=replied)
        )  # fmt: skip
    negotiation = Negotiation(
        title=rng.choice(TITLES), kind=rng.choice(list(NegotiationKind)), our_org_id=ours,
        counterparty_id=other, created_at=created,
        deadline=rng.choice([None, now.date() + timedelta(days=rng.randint(-20, 20))]),
        stage=stage, stage_history=history, terms=terms,
        offer_history=[Offer(Side.OURS, created + timedelta(days=k), {"rate": 40.0 + k})
                for k in range(rng.randint(0, 4))],
        interaction_history=sorted(interactions, key=lambda i: i.at),
        contact_ids=rng.sample(people, rng.randint(0, len(people))),
        is_demo=rng.random() < 0.2,
    )  # fmt: skip
    if stage is Stage.AGREED or rng.random() < 0.15:  # a reopened one keeps its agreement
        negotiation.agreement = _agreement(rng, now)
    return negotiation


def _agreement(rng: random.Random, now: datetime) -> Agreement:
    effective = date(2025, rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.5:
        return Agreement(
            final_terms={"rate": 42.0}, effective=effective,
            potential_cost=rng.choice([None, Decimal("12345.67")]),
            actual_cost=Decimal(rng.randint(0, 9000)) / 3 if rng.random() < 0.9 else None,
            case_management_cost=Decimal("120.05"),
            soft_savings=[SoftSaving(SoftSavingCategory.OTHER, Decimal("10.005"))
                          for _ in range(rng.randint(0, 3))],
        )  # fmt: skip
    return Agreement(
        final_terms={"rate": 42.0}, effective=effective,
        rate_changes=[RateChange("97110", Decimal("30.50"), Decimal("37.25"), rng.randint(1, 900))
                      for _ in range(rng.randint(0, 2))],
    )  # fmt: skip


@pytest.fixture
def record(accord: Accord, clock: FixedClock) -> Accord:
    _record(accord, clock.now())
    return accord


def _whole(app: Accord, *, include_demo: bool = True) -> tuple[list[Negotiation], dict[int, str]]:
    uow = app.store.unit_of_work()
    with uow:
        rows = list(uow.negotiations.list(include_demo=include_demo))
        names = {o.id: o.name for o in uow.organisations.list() if o.id is not None}
    return rows, names


# -- the whole-aggregate computations the services made before the read model ------------
@dataclass(frozen=True)
class Expected:
    id: int
    counterparty: str
    days_to_deadline: int | None
    overdue: list[int | None]
    next_follow_up: datetime | None
    offers: int


def _expected_board(
    rows: list[Negotiation], names: dict[int, str], now: datetime
) -> dict[Stage, list[Expected]]:
    stages: dict[Stage, list[tuple[Negotiation, Expected]]] = {stage: [] for stage in Stage}
    for n in rows:
        assert n.id is not None
        pending = [i.follow_up_due for i in n.interactions
                   if i.follow_up_due is not None and not i.follow_up_done
                   and i.follow_up_due >= now]  # fmt: skip
        days = (n.deadline - now.date()).days if n.deadline else None
        stages[n.stage].append((n, Expected(
            id=n.id, counterparty=names[n.counterparty_id], days_to_deadline=days,
            overdue=[i.id for i in overdue_follow_ups(n.interactions, now)],
            next_follow_up=min(pending) if pending else None, offers=len(n.offers),
        )))  # fmt: skip
    result = {}
    for stage, items in stages.items():
        items.sort(key=lambda p: (p[1].days_to_deadline is None, p[1].days_to_deadline or 0,
                                  p[0].title))  # fmt: skip
        result[stage] = [e for _, e in items]
    return result


def _expected_overdue(
    rows: list[Negotiation], board: dict[Stage, list[Expected]], now: datetime
) -> list[int]:
    by_id = {n.id: n for n in rows}
    items = [e for stage, column in board.items() if not stage.is_closed for e in column
             if e.overdue]  # fmt: skip

    def first_due(e: Expected) -> datetime:
        due = overdue_follow_ups(by_id[e.id].interactions, now)[0].follow_up_due
        assert due is not None
        return due

    return [e.id for e in sorted(items, key=first_due)]


def _actual(item: pipeline.PipelineItem) -> Expected:
    return Expected(
        id=item.negotiation.id, counterparty=item.counterparty,
        days_to_deadline=item.days_to_deadline, overdue=[i.id for i in item.overdue],
        next_follow_up=item.next_follow_up, offers=item.negotiation.offers,
    )  # fmt: skip


# -- the tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("include_demo", [True, False])
def test_the_board_equals_the_whole_aggregates(
    record: Accord, clock: FixedClock, include_demo: bool
) -> None:
    now = clock.now()
    rows, names = _whole(record, include_demo=include_demo)
    expected = _expected_board(rows, names, now)
    board = pipeline.pipeline(record.store.unit_of_work(), now, include_demo=include_demo,
                              limit=500)  # fmt: skip
    assert {s: [_actual(i) for i in items] for s, items in board.stages.items()} == expected
    assert board.totals == {stage: len(items) for stage, items in expected.items()}
    assert board.open_count == sum(len(v) for s, v in expected.items() if not s.is_closed)
    assert [i.negotiation.id for i in board.overdue] == _expected_overdue(rows, expected, now)
    assert board.overdue_total == len(board.overdue) > 0
    by_id = {n.id: n for n in rows}
    for items in board.stages.values():
        for item in items:
            whole = by_id[item.negotiation.id]
            row = item.negotiation
            assert (row.title, row.kind, row.stage, row.our_org_id, row.counterparty_id,
                    row.deadline, row.is_demo, row.version) == (
                whole.title, whole.kind, whole.stage, whole.our_org_id, whole.counterparty_id,
                whole.deadline, whole.is_demo, whole.version)  # fmt: skip


def test_the_board_pages_through_each_stage_and_one_stage_alone(
    record: Accord, clock: FixedClock
) -> None:
    now = clock.now()
    rows, names = _whole(record)
    expected = _expected_board(rows, names, now)
    overdue = _expected_overdue(rows, expected, now)
    uow = record.store.unit_of_work
    for offset in (0, 2, 5):
        board = pipeline.pipeline(uow(), now, offset=offset, limit=3)
        for stage, items in board.stages.items():
            assert [_actual(i) for i in items] == expected[stage][offset : offset + 3]
        assert [i.negotiation.id for i in board.overdue] == overdue[:3]
        assert board.overdue_total == len(overdue)
    alone = pipeline.pipeline(uow(), now, stage=Stage.BARGAINING, offset=1, limit=2)
    assert [_actual(i) for i in alone.stages[Stage.BARGAINING]] == expected[Stage.BARGAINING][1:3]
    assert all(not items for s, items in alone.stages.items() if s is not Stage.BARGAINING)
    assert alone.totals[Stage.AGREED] == len(expected[Stage.AGREED])


def test_the_negotiation_list_pages_by_id_with_offer_counts(
    record: Accord, clock: FixedClock
) -> None:
    rows, _ = _whole(record)
    page = pipeline.page_negotiations(record.store.unit_of_work(), offset=4, limit=7,
                                      now=clock.now())  # fmt: skip
    assert page.total == len(rows)
    assert [(r.id, r.offers) for r in page.items] == [(n.id, len(n.offers)) for n in rows[4:11]]
    staged = pipeline.page_negotiations(record.store.unit_of_work(), Stage.AGREED,
                                        include_demo=False)  # fmt: skip
    assert [r.id for r in staged.items] == [
        n.id for n in rows if n.stage is Stage.AGREED and not n.is_demo
    ]


@pytest.mark.parametrize("include_demo", [True, False])
def test_outcomes_equal_the_whole_aggregates(record: Accord, include_demo: bool) -> None:
    rows, names = _whole(record, include_demo=include_demo)
    expected = []
    for n in rows:
        a = n.agreement
        if a is None:
            continue
        agreed = [c.at for c in n.stage_history if c.to_stage is Stage.AGREED]
        expected.append((a.effective, n.id, n.title, n.kind, names[n.counterparty_id],
                         agreed[-1] if agreed else None, a.hard_savings, a.soft_savings_total,
                         a.yearly_revenue_effect, n.is_demo))  # fmt: skip
    expected.sort(key=lambda e: (e[0], e[1]))
    result = outcomes.outcomes(record.store.unit_of_work(), include_demo=include_demo)
    assert [(r.effective, r.negotiation_id, r.title, r.kind, r.counterparty, r.agreed_at,
             r.hard_savings, r.soft_savings, r.revenue_effect, r.is_demo)
            for r in result.rows] == expected  # fmt: skip
    assert len(expected) > 5
    months: dict[str, list[tuple[Decimal, Decimal, Decimal]]] = {}
    for e in expected:
        months.setdefault(e[0].strftime("%Y-%m"), []).append(
            (e[6] or Decimal(0), e[7], e[8] or Decimal(0))
        )
    assert [(m.month, m.agreements, m.hard_savings, m.soft_savings, m.revenue_effect)
            for m in result.months] == [
        (month, len(v), sum(x[0] for x in v), sum(x[1] for x in v), sum(x[2] for x in v))
        for month, v in sorted(months.items())
    ]  # fmt: skip
    assert result.total == len(expected)
    assert result.hard_savings == sum((e[6] or Decimal(0) for e in expected), Decimal(0))
    # A page of rows; the months and totals still cover every agreement.
    page = outcomes.outcomes(record.store.unit_of_work(), include_demo=include_demo,
                             offset=3, limit=4)  # fmt: skip
    assert [r.negotiation_id for r in page.rows] == [e[1] for e in expected[3:7]]
    assert page.months == result.months and page.total == result.total


# (not a decision maker, organisation, name, id, latest negotiations naming them, how
#  many name them, interactions, last contact, days since, responsiveness): the order's
#  keys first.
Facts = tuple[
    bool, str, str, int | None, list[tuple[int, str]], int, int, datetime | None, int | None,
    Responsiveness,
]  # fmt: skip


def _expected_contacts(
    app: Accord, now: datetime, organisation_id: int | None = None, keep: int = 10
) -> list[Facts]:
    rows, names = _whole(app)
    uow = app.store.unit_of_work()
    with uow:
        contacts = list(uow.contacts.list(organisation_id))
    by_contact: dict[int, list[Interaction]] = {}
    involved: dict[int, list[tuple[int, str]]] = {}
    for n in rows:
        assert n.id is not None
        for i in n.interactions:
            if i.contact_id is not None:
                by_contact.setdefault(i.contact_id, []).append(i)
        for cid in {*n.contact_ids, *(i.contact_id for i in n.interactions if i.contact_id)}:
            involved.setdefault(cid, []).append((n.id, n.title))
    # Offers count as contact with the people they reach (the domain's one rule).
    offered: dict[int, datetime] = {}
    for n in rows:
        for c in contacts:
            if c.organisation_id == n.counterparty_id and offer_reaches(c, n.contact_ids):
                for o in n.offers:
                    assert c.id is not None
                    offered[c.id] = max(offered.get(c.id, o.at), o.at)
    assert offered, "the record has offers that reach contacts"
    result: list[Facts] = []
    for c in contacts:
        assert c.id is not None
        items = by_contact.get(c.id, [])
        last = last_contact_at(max((i.at for i in items), default=None), offered.get(c.id))
        result.append((not c.is_decision_maker, names[c.organisation_id], c.name, c.id,
                       sorted(involved.get(c.id, []))[-keep:], len(involved.get(c.id, [])),
                       len(items), last,
                       (now - last) // timedelta(days=1) if last else None,
                       responsiveness(items, who="them")))  # fmt: skip
    result.sort(key=lambda r: r[:3])
    return result


def _contact(h: relationships.ContactHealth) -> Facts:
    return (not h.contact.is_decision_maker, h.organisation, h.contact.name, h.contact.id,
            h.negotiations, h.negotiation_count, h.interactions, h.last_contact,
            h.days_since_contact, h.responsiveness)  # fmt: skip


def test_relationships_equal_the_whole_aggregates(record: Accord, clock: FixedClock) -> None:
    now = clock.now()
    expected = _expected_contacts(record, now)
    actual = [_contact(h) for h in relationships.relationships(record.store.unit_of_work(), now)]
    assert len(actual) == len(expected) > 5
    for got, want in zip(actual, expected, strict=True):
        assert got[:-1] == want[:-1]
        mine, theirs = got[-1], want[-1]
        assert (mine.answered, mine.unanswered) == (theirs.answered, theirs.unanswered)
        # SQLite's julianday() keeps milliseconds: equal to well under a second.
        assert mine.median_hours == pytest.approx(theirs.median_hours, abs=1e-6)
    assert any(e[-1].median_hours for e in expected)
    # Only the latest negotiations naming each contact are listed; the count says all.
    short = relationships.relationship_page(record.store.unit_of_work(), now, limit=None,
                                            named_per_contact=2)  # fmt: skip
    assert [(h.negotiations, h.negotiation_count) for h in short.rows] == [
        (e[4][-2:], e[5]) for e in expected
    ]
    assert any(e[5] > 2 for e in expected)


def test_relationships_page_and_filter_by_organisation(record: Accord, clock: FixedClock) -> None:
    now = clock.now()
    expected = [e[3] for e in _expected_contacts(record, now)]
    uow = record.store.unit_of_work
    page = relationships.relationship_page(uow(), now, offset=2, limit=3)
    assert [h.contact.id for h in page.rows] == expected[2:5] and page.total == len(expected)
    some = next(h.contact.organisation_id for h in page.rows)
    only = [e[3] for e in _expected_contacts(record, now, some)]
    page = relationships.relationship_page(uow(), now, some)
    assert [h.contact.id for h in page.rows] == only and page.total == len(only)


@pytest.mark.parametrize(
    ("answered", "unanswered", "hours", "said"),
    [
        (0, 0, None, "nothing to answer yet"),
        (0, 2, None, "no replies yet"),
        (1, 0, 0.0, "within the hour (median of 1 reply; none awaiting)"),
        (1, 0, 24.0, "in about 24 hours (median of 1 reply; none awaiting)"),
        (2, 1, 1.2, "in about 1 hour (median of 2 replies; 1 awaiting)"),
        (3, 1, 14.0 * 24, "in about 14 days (median of 3 replies; 1 awaiting)"),
    ],
)
def test_responsiveness_is_said_in_words(
    answered: int, unanswered: int, hours: float | None, said: str
) -> None:
    assert Responsiveness(answered, unanswered, hours).describe() == said
