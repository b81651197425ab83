"""Demo negotiation 2: a physical-therapy practice renegotiating a commercial payer's
rates for 97110, 97140, 97530 and the evaluation codes 97161–97163."""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.negotiation import NegotiationKind, TeamMember
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.preparation import CompetitorPrice
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind
from accord.services import activity, negotiations, preparation
from accord.services.demo_parties import DEMO_MARK, demo_contact, demo_organisation
from accord.services.ports import UnitOfWorkFactory

__all__ = ["pt_contract"]


def pt_contract(new_uow: UnitOfWorkFactory, now: datetime) -> int:
    """A physical-therapy practice asking a commercial payer for higher rates."""
    start = now - 60 * timedelta(days=1)
    ours = demo_organisation(
        new_uow,
        "Summit Physical Therapy (demo)",
        OrganisationKind.OURS,
        npi="1245319599",
        state="MT",
        county="Park",
        zip_code="59047",
        departments=("Billing", "Clinic operations"),
    )
    payer = demo_organisation(
        new_uow,
        "Big Sky Commercial Health Plan (demo)",
        OrganisationKind.PAYER,
        tin="81-7654321",
        state="MT",
        departments=("Provider relations", "Network management", "Medical director"),
    )
    director = demo_contact(
        new_uow, payer, "Karen Lindqvist", DecisionRole.DECISION_MAKER,
        "Director of network management", "Network management",
    )  # fmt: skip
    rep = demo_contact(
        new_uow, payer, "Tom Reyes", DecisionRole.REPRESENTATIVE,
        "Provider relations representative", "Provider relations",
    )  # fmt: skip
    nid = _pt_opened(new_uow, now, start, ours, payer)
    _pt_prepared(new_uow, start, nid, director)
    _pt_bargaining(new_uow, now, start, nid, director, rep)
    return nid


def _pt_opened(
    new_uow: UnitOfWorkFactory, now: datetime, start: datetime, ours: int, payer: int
) -> int:
    """The rate negotiation as opened: goals, team, six rate terms, cap, payment days."""
    day = timedelta(days=1)
    negotiation = negotiations.open_negotiation(
        new_uow(),
        start,
        title=f"{DEMO_MARK} Big Sky commercial rate increase 2027",
        kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=ours,
        counterparty_id=payer,
        problem_statement=(
            "Big Sky pays 2019 rates (about 96% of Medicare) while our costs rose 22%; "
            "we are the only outpatient PT clinic in Park County."
        ),
        our_goals=["Rates at 130% of Medicare for core codes", "Visit cap of 30 a year"],
        deadline=(now + 45 * day).date(),
        lead="J. Alvarez, practice owner",
        is_demo=True,
    )
    nid = negotiation.id
    assert nid is not None
    u = new_uow
    negotiations.add_team_member(u(), start, nid, TeamMember("M. Chen, billing lead"))
    # Rates per unit or per evaluation: opening ≥ target ≥ walk-away (more is better);
    # today's 2019 rate and the units Big Sky members used last year put them in dollars.
    for code, opening, target, walk, current, volume in (
        ("97110", 42.0, 38.0, 33.0, 29.60, 4200),
        ("97140", 38.0, 34.5, 30.0, 27.20, 2600),
        ("97530", 46.0, 41.0, 36.0, 32.00, 3100),
        ("97161", 125.0, 115.0, 104.0, 95.00, 180),
        ("97162", 125.0, 115.0, 104.0, 95.00, 140),
        ("97163", 130.0, 120.0, 108.0, 99.00, 40),
    ):
        negotiations.add_term(
            u(), start, nid, name=f"rate_{code}", kind=TermKind.RATE_PER_UNIT,
            minimum=0, maximum=400, opening=opening, target=target, walk_away=walk,
            priority=5 if code in ("97110", "97530") else 3, billing_code=code,
            current=current, yearly_volume=volume,
        )  # fmt: skip
    negotiations.add_term(
        u(), start, nid, name="visit_cap", kind=TermKind.VISITS,
        minimum=12, maximum=60, opening=40, target=30, walk_away=24, priority=4,
    )  # fmt: skip
    negotiations.add_term(
        u(), start, nid, name="payment_days", kind=TermKind.PAYMENT_DAYS,
        direction=Direction.LOWER_BETTER, minimum=14, maximum=90,
        opening=21, target=30, walk_away=45, priority=2,
    )  # fmt: skip
    return nid


def _pt_prepared(u: UnitOfWorkFactory, start: datetime, nid: int, director: int) -> None:
    """Leverage, allies, the checklist, market and Medicare prices, the decision maker."""
    preparation.add_leverage(
        u(), start, nid, kind=LeverageKind.NETWORK_GAP,
        description=(
            "Only outpatient PT clinic in Park County; "
            "the next in-network clinic is 52 miles away."
        ),
        strength=5, evidence="State network adequacy standard: 30 miles for outpatient rehab.",
    )  # fmt: skip
    preparation.add_leverage(
        u(), start, nid, kind=LeverageKind.SPECIAL_SERVICE,
        description="Vestibular rehabilitation certified therapist, the only one in the region.",
        strength=3,
    )  # fmt: skip
    preparation.add_leverage(
        u(), start, nid, kind=LeverageKind.OUTCOMES,
        description="Episodes average 9.8 visits vs 12.4 regional; cost per episode 18% lower.",
        strength=4,
    )  # fmt: skip
    preparation.add_ally(
        u(), start, nid, kind=AllyKind.PATIENTS, name="Big Sky members treated at Summit",
        role="Letters describing travel burden if Summit leaves the network",
    )  # fmt: skip
    preparation.add_ally(
        u(), start, nid, kind=AllyKind.PROFESSIONAL_ASSOCIATION,
        name="Montana chapter of the physical-therapy association",
        role="Regional rate survey and a support letter",
    )  # fmt: skip
    for item, text in {
        "who": "Karen Lindqvist decides; Tom Reyes is our representative without authority.",
        "what": "Raise six codes to about 130% of Medicare, visit cap 30.",
        "where": "Written proposal, then a call with network management.",
        "when": "Contract renews 1 March; payer needs 60 days for loading rates.",
        "why": "Their members in Park County have no other in-network PT.",
        "what_ifs": "BATNA: give 90-day notice and go out of network; 18% of our visits.",
        "how_much": "Medicare 2025 MT locality: 97110 $28.78; market median $36.",
        "why_not": "They will cite budget neutrality; answer with cost per episode.",
        "organisation": "Regional non-profit plan, 140k commercial members.",
        "decision_makers": "Network director, with sign-off from the CFO above 5%.",
        "history": "Rates unchanged since 2019; a 2023 request got no answer.",
    }.items():
        preparation.answer_checklist(u(), start, nid, item, text)
    for description, amount in (
        ("Market median 97110, MT commercial (TiC files)", 36.10),
        ("Medicare 2025 97110, Montana locality", 28.78),
    ):
        preparation.add_competitor_price(
            u(), start, nid, CompetitorPrice(description, amount, "public price files", "97110")
        )
    negotiations.link_contact(u(), start, nid, director)


def _pt_bargaining(
    u: UnitOfWorkFactory, now: datetime, start: datetime, nid: int, director: int, rep: int
) -> None:
    """Goals agreed, then the proposal letter, their answer and a second round."""
    day = timedelta(days=1)
    negotiations.advance_stage(u(), start + 10 * day, nid, Stage.GOALS_AGREED)
    negotiations.agree_goals(
        u(), start + 10 * day, nid,
        ["Keep Park County members in network", "Rates that reflect 2026 costs"],
    )  # fmt: skip
    negotiations.advance_stage(u(), start + 12 * day, nid, Stage.BARGAINING)
    values = {
        "rate_97110": 42.0, "rate_97140": 38.0, "rate_97530": 46.0, "rate_97161": 125.0,
        "rate_97162": 125.0, "rate_97163": 130.0, "visit_cap": 40, "payment_days": 21,
    }  # fmt: skip
    activity.record_offer(
        u(), start + 12 * day, nid, side=Side.OURS, at=start + 12 * day, values=values,
        channel=Channel.LETTER, note="Proposal letter with exhibits",
    )  # fmt: skip
    activity.log_interaction(
        u(), start + 12 * day, nid, channel=Channel.EMAIL, direction=InteractionDirection.OUTBOUND,
        at=start + 12 * day, contact_id=rep, summary="Sent the proposal letter.",
        replied_at=start + 26 * day,
    )  # fmt: skip
    their_1 = {
        "rate_97110": 30.5, "rate_97140": 28.0, "rate_97530": 33.0, "rate_97161": 98.0,
        "rate_97162": 98.0, "rate_97163": 102.0, "visit_cap": 20, "payment_days": 45,
    }  # fmt: skip
    activity.record_offer(
        u(), start + 26 * day, nid, side=Side.THEIRS, at=start + 26 * day, values=their_1,
        note="3% across the board",
    )  # fmt: skip
    activity.log_interaction(
        u(), start + 30 * day, nid, channel=Channel.CALL, direction=InteractionDirection.OUTBOUND,
        at=start + 30 * day, contact_id=director,
        summary="Call with the network director.",
        their_points="Budget allows 3-5% this year; visit cap is set by the medical director.",
        our_questions="Is the visit cap negotiable if medical necessity is documented?",
        replied_at=start + 30 * day,
    )  # fmt: skip
    ours_2 = dict(values, rate_97110=39.0, rate_97530=43.0, visit_cap=32, payment_days=30)
    activity.record_offer(
        u(), start + 33 * day, nid, side=Side.OURS, at=start + 33 * day, values=ours_2,
        note="Moved on rates and cap; asked for movement on payment days",
    )  # fmt: skip
    activity.log_interaction(
        u(), start + 40 * day, nid, channel=Channel.VOICEMAIL,
        direction=InteractionDirection.OUTBOUND, at=start + 40 * day, contact_id=rep,
        summary="Left a voicemail asking for their response.",
        follow_up_due=now - 5 * day,
    )  # fmt: skip
    their_2 = dict(their_1, rate_97110=31.0, rate_97530=33.5)
    activity.record_offer(
        u(), start + 48 * day, nid, side=Side.THEIRS, at=start + 48 * day, values=their_2,
    )  # fmt: skip
