"""Demo negotiation 1: a hospital case manager's single case agreement with an
out-of-network skilled nursing facility (per diem, length of stay, therapy included)."""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.domain.interactions import InteractionDirection
from accord.domain.negotiation import NegotiationKind, TeamMember, TeamRole
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.preparation import CompetitorPrice
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind
from accord.services import activity, negotiations, preparation
from accord.services.demo_parties import DEMO_MARK, demo_contact, demo_organisation
from accord.services.ports import UnitOfWorkFactory

__all__ = ["skilled_nursing_sca"]


def skilled_nursing_sca(new_uow: UnitOfWorkFactory, now: datetime) -> int:
    """A hospital's case manager and a skilled nursing facility, bargaining over an SCA."""
    start = now - 12 * timedelta(days=1)
    ours = demo_organisation(
        new_uow,
        "Mercy General Hospital — Case Management (demo)",
        OrganisationKind.OURS,
        state="OH",
        county="Franklin",
        zip_code="43215",
        departments=("Case management", "Utilisation review"),
    )
    snf = demo_organisation(
        new_uow,
        "Lakeview Skilled Nursing & Rehabilitation (demo)",
        OrganisationKind.FACILITY,
        npi="1234567893",
        tin="31-1234567",
        state="OH",
        county="Delaware",
        zip_code="43015",
        departments=("Admissions", "Business office", "Therapy"),
    )
    administrator = demo_contact(
        new_uow, snf, "Dana Whitfield", DecisionRole.DECISION_MAKER, "Administrator", "Executive"
    )
    admissions = demo_contact(
        new_uow,
        snf,
        "Luis Moreno",
        DecisionRole.REPRESENTATIVE,
        "Admissions coordinator",
        "Admissions",
    )
    nid = _snf_opened(new_uow, now, start, ours, snf)
    _snf_prepared(new_uow, start, nid)
    _snf_bargaining(new_uow, now, start, nid, administrator, admissions)
    return nid


def _snf_opened(
    new_uow: UnitOfWorkFactory, now: datetime, start: datetime, ours: int, snf: int
) -> int:
    """The SCA as opened: the problem, goals, team and terms."""
    day = timedelta(days=1)
    negotiation = negotiations.open_negotiation(
        new_uow(),
        start,
        title=f"{DEMO_MARK} SNF single case agreement — post-stroke rehab",
        kind=NegotiationKind.SINGLE_CASE_AGREEMENT,
        our_org_id=ours,
        counterparty_id=snf,
        patient_ref="CM-2026-0147",
        problem_statement=(
            "Patient needs skilled nursing with daily therapy after a stroke; the only "
            "in-network facilities within 30 miles have no bed for three weeks."
        ),
        our_goals=[
            "Admit within 48 hours",
            "All-inclusive per diem with therapy",
            "Length of stay tied to weekly progress reviews",
        ],
        deadline=(now + 2 * day).date(),
        lead="A. Okafor, RN CCM",
        is_demo=True,
    )
    nid = negotiation.id
    assert nid is not None
    u = new_uow
    negotiations.add_team_member(u(), start, nid, TeamMember("Dr. P. Shah", TeamRole.ADVISOR))
    negotiations.add_term(
        u(), start, nid, name="per_diem", kind=TermKind.PER_DIEM,
        direction=Direction.LOWER_BETTER, minimum=300, maximum=1200,
        opening=480, target=560, walk_away=640, priority=5,
    )  # fmt: skip
    negotiations.add_term(
        u(), start, nid, name="length_of_stay", kind=TermKind.DAYS,
        direction=Direction.LOWER_BETTER, minimum=7, maximum=45,
        opening=14, target=18, walk_away=24, priority=3,
        # Intake told us empty beds are their problem this month: days matter most to them.
        their_priority=5, their_walk_away=10,
    )  # fmt: skip
    negotiations.add_term(
        u(), start, nid, name="therapy_included", kind=TermKind.SERVICE_INCLUDED,
        direction=Direction.HIGHER_BETTER, opening=True, target=True, walk_away=False,
        priority=4, their_priority=2,  # their therapists have open slots
    )  # fmt: skip
    return nid


def _snf_prepared(u: UnitOfWorkFactory, start: datetime, nid: int) -> None:
    """The preparation checklist answered, and the in-network rate as a competitor's price."""
    for item, text in {
        "who": "Dana Whitfield (administrator) signs SCAs; Luis Moreno handles intake.",
        "what": "An SCA for up to 24 days of skilled nursing with PT/OT 5x/week.",
        "when": "Discharge planned in 2 days; acute days cost about $2,900 each.",
        "why": "They have empty rehab beds this month; we need a safe discharge now.",
        "what_ifs": "BATNA: keep the patient in acute care until an in-network bed opens.",
        "how_much": "Medicare SNF PDPM rate for this case about $610/day; billed $780/day.",
        "organisation": "Independent 120-bed facility, 4-star CMS rating.",
    }.items():
        preparation.answer_checklist(u(), start, nid, item, text)
    preparation.add_competitor_price(
        u(), start, nid,
        CompetitorPrice("In-network SNF contract rate (ours)", 545.0, "our fee schedule"),
    )  # fmt: skip


def _snf_bargaining(
    u: UnitOfWorkFactory, now: datetime, start: datetime, nid: int, administrator: int,
    admissions: int,
) -> None:  # fmt: skip
    """Goals agreed, then calls, a meeting and offers from both sides."""
    day = timedelta(days=1)
    negotiations.advance_stage(u(), start + day, nid, Stage.GOALS_AGREED)
    negotiations.agree_goals(
        u(), start + day, nid,
        ["Safe admission within 48 hours", "A per diem both sides can sustain"],
    )  # fmt: skip
    negotiations.advance_stage(u(), start + day, nid, Stage.BARGAINING)
    activity.log_interaction(
        u(), start + day, nid, channel=Channel.CALL, direction=InteractionDirection.OUTBOUND,
        at=start + day, contact_id=admissions,
        summary="Asked for a bed and an SCA.",
        their_points=(
            "They have a bed Friday; usual out-of-network rate $780/day, "
            "therapy billed separately."
        ),
        our_questions="Is therapy separately billed under Part B-like charges? Who signs SCAs?",
        replied_at=start + day + timedelta(hours=5),
    )  # fmt: skip
    activity.record_offer(
        u(), start + day, nid, side=Side.THEIRS, at=start + day + timedelta(hours=5),
        values={"per_diem": 780, "length_of_stay": 24, "therapy_included": False},
        channel=Channel.CALL,
    )  # fmt: skip
    activity.record_offer(
        u(), start + 2 * day, nid, side=Side.OURS, at=start + 2 * day,
        values={"per_diem": 480, "length_of_stay": 14, "therapy_included": True},
        note="All-inclusive, with weekly progress reviews.",
    )  # fmt: skip
    activity.log_interaction(
        u(), start + 4 * day, nid, channel=Channel.MEETING,
        direction=InteractionDirection.OUTBOUND, at=start + 4 * day, contact_id=administrator,
        summary="Video meeting with the administrator.",
        their_points=(
            "Therapy staffing is their main cost; "
            "they can include therapy at a higher per diem."
        ),
        our_questions="Would a guaranteed 18 days change the per diem?",
        replied_at=start + 5 * day,
        follow_up_due=now - day,
    )  # fmt: skip
    activity.record_offer(
        u(), start + 5 * day, nid, side=Side.THEIRS, at=start + 5 * day,
        values={"per_diem": 690, "length_of_stay": 21, "therapy_included": True},
    )  # fmt: skip
