"""Use cases that open, move and shape a negotiation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from accord.domain.negotiation import Approach, Negotiation, NegotiationKind, TeamMember, TeamRole
from accord.domain.organisations import OrganisationKind
from accord.domain.stages import Stage, StageChange
from accord.domain.terms import Direction, Term, TermKind, TermStatus, TermValue
from accord.errors import ValidationError
from accord.services.editing import editable
from accord.services.ports import UnitOfWork

__all__ = [
    "add_team_member",
    "add_term",
    "advance_stage",
    "agree_goals",
    "get_negotiation",
    "link_contact",
    "list_negotiations",
    "open_negotiation",
    "revise_negotiation",
    "revise_term",
    "set_term_status",
]


def open_negotiation(
    uow: UnitOfWork,
    now: datetime,
    *,
    title: str,
    kind: NegotiationKind,
    our_org_id: int,
    counterparty_id: int,
    patient_ref: str | None = None,
    problem_statement: str = "",
    our_goals: Sequence[str] = (),
    approach: Approach = Approach.WIN_WIN,
    deadline: date | None = None,
    lead: str | None = None,
    is_demo: bool = False,
) -> Negotiation:
    """Open a negotiation in the preparing stage."""
    with uow:
        ours = uow.organisations.get(our_org_id)
        if ours.kind is not OrganisationKind.OURS:
            raise ValidationError(
                f"{ours.name} is a {ours.kind.value}, not our organisation "
                "(create it with kind 'ours')",
                field="ours",
            )
        uow.organisations.get(counterparty_id)
        negotiation = Negotiation(
            title=title,
            kind=kind,
            our_org_id=our_org_id,
            counterparty_id=counterparty_id,
            created_at=now,
            updated_at=now,
            patient_ref=patient_ref,
            problem_statement=problem_statement,
            our_goals=[g.strip() for g in our_goals if g.strip()],
            approach=approach,
            deadline=deadline,
            team=[TeamMember(lead.strip(), TeamRole.LEAD)] if lead and lead.strip() else [],
            is_demo=is_demo,
        )
        uow.negotiations.add(negotiation)
        uow.commit()
        return negotiation


def get_negotiation(uow: UnitOfWork, negotiation_id: int) -> Negotiation:
    with uow:
        return uow.negotiations.get(negotiation_id)


def list_negotiations(
    uow: UnitOfWork, stage: Stage | None = None, *, include_demo: bool = True
) -> list[Negotiation]:
    with uow:
        return list(uow.negotiations.list(stage, include_demo=include_demo))


def advance_stage(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    target: Stage,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> StageChange:
    """Move a negotiation to another stage; invalid moves raise a clear error."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        change = negotiation.advance(target, now, note)
        negotiation.touch(now)
        uow.commit()
        return change


def agree_goals(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    goals: Sequence[str],
    *,
    expected_version: int | None = None,
) -> Negotiation:
    """Record the problem and goals agreed with the other party."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        negotiation.agree_goals(list(goals), now)
        negotiation.touch(now)
        uow.commit()
        return negotiation


def add_team_member(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    member: TeamMember,
    *,
    expected_version: int | None = None,
) -> Negotiation:
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        if any(m.name == member.name for m in negotiation.team):
            raise ValidationError(f"{member.name} is on the team already", field="team")
        negotiation.team = [*negotiation.team, member]
        negotiation.touch(now)
        uow.commit()
        return negotiation


def link_contact(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    contact_id: int,
    *,
    expected_version: int | None = None,
) -> None:
    """Name a contact of the counterparty as involved in this negotiation."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        contact = uow.contacts.get(contact_id)
        if contact.organisation_id != negotiation.counterparty_id:
            raise ValidationError(
                "the contact does not belong to the counterparty", field="contact"
            )
        if contact_id not in negotiation.contact_ids:
            negotiation.contact_ids = [*negotiation.contact_ids, contact_id]
            negotiation.touch(now)
            uow.commit()


def add_term(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    name: str,
    kind: TermKind,
    direction: Direction = Direction.HIGHER_BETTER,
    unit: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    options: Sequence[str] = (),
    opening: TermValue | None = None,
    target: TermValue | None = None,
    walk_away: TermValue | None = None,
    priority: int = 3,
    billing_code: str | None = None,
    their_priority: int | None = None,
    their_walk_away: TermValue | None = None,
    current: float | None = None,
    yearly_volume: int | None = None,
    expected_version: int | None = None,
) -> Term:
    """Add an issue at stake with our opening, target and walk-away.

    ``their_priority`` and ``their_walk_away`` declare what we know of the counterparty's
    side of the term; the engine uses them instead of estimating. ``current`` (today's
    rate) and ``yearly_volume`` put a rate term in dollars: yearly revenue and its change.
    """
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        term = Term(
            name=name,
            kind=kind,
            direction=direction,
            unit=unit,
            minimum=minimum,
            maximum=maximum,
            options=list(options),
            opening=opening,
            target=target,
            walk_away=walk_away,
            priority=priority,
            billing_code=billing_code,
            their_priority=their_priority,
            their_walk_away=their_walk_away,
            current=current,
            yearly_volume=yearly_volume,
        )
        negotiation.add_term(term)
        negotiation.touch(now)
        uow.commit()
        return term


def set_term_status(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    name: str,
    status: TermStatus,
    agreed_value: TermValue | None = None,
    *,
    expected_version: int | None = None,
) -> Term:
    """Set a term aside as agreed, mark it disagreed, or open it again."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        term = negotiation.set_term_status(name, status, agreed_value)
        negotiation.touch(now)
        uow.commit()
        return term


def revise_negotiation(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    title: str | None = None,
    problem_statement: str | None = None,
    our_goals: Sequence[str] | None = None,
    approach: Approach | None = None,
    deadline: date | None = None,
    patient_ref: str | None = None,
    expected_version: int | None = None,
) -> Negotiation:
    """Correct a negotiation's title, problem, goals, approach, deadline or case number."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        negotiation.revise(
            title=title, problem_statement=problem_statement,
            our_goals=None if our_goals is None else list(our_goals), approach=approach,
            deadline=deadline, patient_ref=patient_ref,
        )  # fmt: skip
        negotiation.touch(now)
        uow.commit()
        return negotiation


def revise_term(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    name: str,
    changes: dict[str, object],
    *,
    expected_version: int | None = None,
) -> Term:
    """Change a term's range, plan, priority or billing code; the result is checked whole."""
    if not changes:
        raise ValidationError("say what to change", field="changes")
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        term = negotiation.term(name)
        term.revise(changes)
        negotiation.touch(now)
        uow.commit()
        return term
