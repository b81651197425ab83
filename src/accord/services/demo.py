"""Demo data: two realistic negotiations, clearly marked, built through the services.

1. A hospital case manager's single case agreement with an out-of-network skilled
   nursing facility: per diem, length of stay and whether therapy is included.
2. A physical-therapy practice renegotiating a commercial payer's rates for 97110,
   97140, 97530 and the evaluation codes 97161–97163.

Dates are relative to ``now`` so that follow-ups and deadlines look current.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.negotiation import NegotiationKind, TeamMember, TeamRole
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.preparation import CompetitorPrice
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind
from accord.services import activity, negotiations, organisations, preparation
from accord.services.ports import UnitOfWorkFactory

__all__ = ["DEMO_MARK", "load_demo"]

DEMO_MARK = "[DEMO]"


def load_demo(new_uow: UnitOfWorkFactory, now: datetime, *, reset: bool = False) -> list[int]:
    """Load the demo negotiations (once) and return their ids.

    With ``reset`` the existing demo negotiations are deleted and loaded again.
    """
    with new_uow() as uow:
        existing = [n for n in uow.negotiations.list() if n.is_demo]
        if existing and not reset:
            return [n.id for n in existing if n.id is not None]
        for negotiation in existing:
            uow.negotiations.delete(negotiation)
        uow.commit()
    return [_skilled_nursing_sca(new_uow, now), _pt_contract(new_uow, now)]


def _org(
    new_uow: UnitOfWorkFactory,
    name: str,
    kind: OrganisationKind,
    *,
    npi: str | None = None,
    tin: str | None = None,
    state: str | None = None,
    county: str | None = None,
    zip_code: str | None = None,
    departments: tuple[str, ...] = (),
) -> int:
    with new_uow() as uow:
        found = uow.organisations.find(name)
        if found is not None and found.id is not None:
            return found.id
    org = organisations.create_organisation(
        new_uow(),
        name=name,
        kind=kind,
        npi=npi,
        tin=tin,
        state=state,
        county=county,
        zip_code=zip_code,
        departments=departments,
    )
    assert org.id is not None
    return org.id


def _contact(
    new_uow: UnitOfWorkFactory, org_id: int, name: str, role: DecisionRole, title: str, dept: str
) -> int:
    with new_uow() as uow:
        for contact in uow.contacts.list(org_id):
            if contact.name == name and contact.id is not None:
                return contact.id
    contact = organisations.add_contact(
        new_uow(), organisation_id=org_id, name=name, role=role, title=title, department=dept
    )
    assert contact.id is not None
    return contact.id


def _skilled_nursing_sca(new_uow: UnitOfWorkFactory, now: datetime) -> int:
    day = timedelta(days=1)
    start = now - 12 * day
    ours = _org(
        new_uow,
        "Mercy General Hospital — Case Management (demo)",
        OrganisationKind.OURS,
        state="OH",
        county="Franklin",
        zip_code="43215",
        departments=("Case management", "Utilisation review"),
    )
    snf = _org(
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
    administrator = _contact(
        new_uow, snf, "Dana Whitfield", DecisionRole.DECISION_MAKER, "Administrator", "Executive"
    )
    admissions = _contact(
        new_uow,
        snf,
        "Luis Moreno",
        DecisionRole.REPRESENTATIVE,
        "Admissions coordinator",
        "Admissions",
    )
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
    return nid


def _pt_contract(new_uow: UnitOfWorkFactory, now: datetime) -> int:
    day = timedelta(days=1)
    start = now - 60 * day
    ours = _org(
        new_uow,
        "Summit Physical Therapy (demo)",
        OrganisationKind.OURS,
        npi="1245319599",
        state="MT",
        county="Park",
        zip_code="59047",
        departments=("Billing", "Clinic operations"),
    )
    payer = _org(
        new_uow,
        "Big Sky Commercial Health Plan (demo)",
        OrganisationKind.PAYER,
        tin="81-7654321",
        state="MT",
        departments=("Provider relations", "Network management", "Medical director"),
    )
    director = _contact(
        new_uow, payer, "Karen Lindqvist", DecisionRole.DECISION_MAKER,
        "Director of network management", "Network management",
    )  # fmt: skip
    rep = _contact(
        new_uow, payer, "Tom Reyes", DecisionRole.REPRESENTATIVE,
        "Provider relations representative", "Provider relations",
    )  # fmt: skip
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
    return nid
