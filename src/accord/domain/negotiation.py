"""The negotiation: the aggregate that holds a case's terms, offers, interactions and stages.

All changes to a negotiation go through its methods, which keep it consistent: offers
are checked against the terms, stage moves follow the process, an agreement closes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar

from accord.domain.agreements import Agreement
from accord.domain.interactions import Interaction
from accord.domain.leverage import Ally, LeverageFactor
from accord.domain.negotiation_facts import (
    Approach,
    NegotiationKind,
    TeamMember,
    TeamRole,
    check_patient_ref,
    check_uid,
    new_uid,
)
from accord.domain.offers import Offer, Side, check_package
from accord.domain.preparation import Checklist
from accord.domain.stages import Stage, StageChange, check_transition
from accord.domain.terms import Term, TermStatus, TermValue
from accord.domain.text_limits import check_length
from accord.errors import ConflictError, InvalidTransitionError, NotFoundError, ValidationError

__all__ = [
    "Approach",
    "Negotiation",
    "NegotiationKind",
    "TeamMember",
    "TeamRole",
    "check_patient_ref",
    "check_uid",
]

HARDBALL_WARNING = (
    "hardball recorded: positional bargaining tends to damage the relationship and "
    "leave value on the table; healthcare counterparts are repeat partners"
)


@dataclass(eq=False)
class Negotiation:
    """A negotiation with a counterparty, from preparation to agreement or walk-away."""

    title: str
    kind: NegotiationKind
    our_org_id: int
    counterparty_id: int
    created_at: datetime
    patient_ref: str | None = None
    problem_statement: str = ""
    our_goals: list[str] = field(default_factory=list)
    agreed_goals: list[str] = field(default_factory=list)
    goals_agreed_at: datetime | None = None
    approach: Approach = Approach.WIN_WIN
    deadline: date | None = None
    stage: Stage = Stage.PREPARING
    team: list[TeamMember] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)
    checklist: Checklist = field(default_factory=Checklist)
    terms: list[Term] = field(default_factory=list)
    offer_history: list[Offer] = field(default_factory=list)
    """Every offer ever recorded, withdrawn and corrected ones included."""
    interaction_history: list[Interaction] = field(default_factory=list)
    """Every interaction ever logged, withdrawn and corrected ones included."""
    leverage: list[LeverageFactor] = field(default_factory=list)
    allies: list[Ally] = field(default_factory=list)
    stage_history: list[StageChange] = field(default_factory=list)
    agreement: Agreement | None = None
    is_demo: bool = False
    updated_at: datetime | None = None
    uid: str = field(default_factory=new_uid)
    version: int = 1
    id: int | None = None

    def __post_init__(self) -> None:
        self.uid = check_uid(self.uid)
        self.title = self.title.strip()
        if not self.title:
            raise ValidationError("a negotiation needs a title", field="title")
        check_length(self.title, "negotiations.title", field="title")
        if self.our_org_id == self.counterparty_id:
            raise ValidationError(
                "the counterparty must be another organisation", field="counterparty"
            )
        if self.patient_ref is not None:
            self.patient_ref = check_patient_ref(self.patient_ref)
        if not self.stage_history:
            self.stage_history.append(StageChange(None, self.stage, self.created_at))

    # -- record -------------------------------------------------------------------------
    @property
    def offers(self) -> list[Offer]:
        """The offers that stand: withdrawn ones stay in ``offer_history`` only."""
        return [o for o in self.offer_history if o.withdrawn_at is None]

    @property
    def interactions(self) -> list[Interaction]:
        """The interactions that stand: withdrawn ones stay in ``interaction_history``."""
        return [i for i in self.interaction_history if i.withdrawn_at is None]

    def touch(self, now: datetime) -> None:
        """Mark a change: a new version, so that a concurrent editor's change is refused."""
        self.updated_at = now
        self.version += 1

    @property
    def warnings(self) -> list[str]:
        return [HARDBALL_WARNING] if self.approach is Approach.HARDBALL else []

    def revise(
        self,
        *,
        title: str | None = None,
        problem_statement: str | None = None,
        our_goals: list[str] | None = None,
        approach: Approach | None = None,
        deadline: date | None = None,
        patient_ref: str | None = None,
    ) -> None:
        """Correct the negotiation's description; ``None`` leaves a field as it is."""
        if title is not None:
            if not title.strip():
                raise ValidationError("a negotiation needs a title", field="title")
            self.title = check_length(title.strip(), "negotiations.title", field="title")
        if problem_statement is not None:
            self.problem_statement = problem_statement.strip()
        if our_goals is not None:
            self.our_goals = [g.strip() for g in our_goals if g.strip()]
        if approach is not None:
            self.approach = approach
        if deadline is not None:
            self.deadline = deadline
        if patient_ref is not None:
            self.patient_ref = check_patient_ref(patient_ref)

    def term(self, name: str) -> Term:
        for term in self.terms:
            if term.name == name:
                return term
        known = ", ".join(t.name for t in self.terms) or "none yet"
        raise NotFoundError(f"negotiation {self.id} has no term {name!r} (terms: {known})")

    def add_term(self, term: Term) -> Term:
        if any(t.name == term.name for t in self.terms):
            raise ConflictError(f"a term named {term.name!r} exists already")
        self.terms.append(term)
        return term

    def set_term_status(
        self, name: str, status: TermStatus, agreed_value: TermValue | None = None
    ) -> Term:
        """Mark a term agreed (and set it aside), disagreed or open again."""
        term = self.term(name)
        if status is TermStatus.AGREED:
            if agreed_value is None:
                raise ValidationError("say the value both sides agreed", field="agreed_value")
            term.agreed_value = term.coerce(agreed_value, field="agreed_value")
        elif status is TermStatus.OPEN:
            term.agreed_value = None
        term.status = status
        return term

    def record_offer(self, offer: Offer) -> Offer:
        """Add an offer after checking its values against the terms.

        A term's range bounds our plan, not what the other side may say: their values
        outside it are recorded as said (and flagged where shown).
        """
        if self.stage.is_closed:
            raise ConflictError(
                f"this negotiation is {self.stage.label}; move it back to bargaining "
                "before logging new offers"
            )
        offer.values = check_package(self.terms, offer.values, bounded=offer.side is Side.OURS)
        self.offer_history.append(offer)
        self.offer_history.sort(key=lambda o: o.at)
        return offer

    def log_interaction(self, interaction: Interaction) -> Interaction:
        self.interaction_history.append(interaction)
        self.interaction_history.sort(key=lambda i: i.at)
        return interaction

    def withdraw_offer(self, offer_id: int, at: datetime, reason: str) -> Offer:
        """Withdraw a standing offer: it stays in the history, out of every analysis."""
        offer = _standing(self.offer_history, offer_id, "offer")
        offer.withdrawn_at = at
        offer.withdrawn_reason = _reason(reason)
        return offer

    def correct_offer(self, offer_id: int, corrected: Offer, at: datetime, reason: str) -> Offer:
        """Replace a standing offer by ``corrected``; the original is kept, withdrawn."""
        original = _standing(self.offer_history, offer_id, "offer")
        why = _reason(reason)
        corrected.corrects_id = original.id
        self.record_offer(corrected)
        original.withdrawn_at = at
        original.withdrawn_reason = f"corrected: {why}"
        return corrected

    def withdraw_interaction(self, interaction_id: int, at: datetime, reason: str) -> Interaction:
        """Withdraw a logged interaction: kept in the history, out of relationship health."""
        interaction = _standing(self.interaction_history, interaction_id, "interaction")
        interaction.withdrawn_at = at
        interaction.withdrawn_reason = _reason(reason)
        return interaction

    def correct_interaction(
        self, interaction_id: int, corrected: Interaction, at: datetime, reason: str
    ) -> Interaction:
        """Replace a logged interaction by ``corrected``; the original is kept, withdrawn."""
        original = _standing(self.interaction_history, interaction_id, "interaction")
        why = _reason(reason)
        corrected.corrects_id = original.id
        self.log_interaction(corrected)
        original.withdrawn_at = at
        original.withdrawn_reason = f"corrected: {why}"
        return corrected

    def agree_goals(self, goals: list[str], at: datetime) -> None:
        """Record the problem and goals agreed with the other party."""
        cleaned = [g.strip() for g in goals if g.strip()]
        if not cleaned:
            raise ValidationError("name at least one goal agreed with them", field="goals")
        self.agreed_goals = cleaned
        self.goals_agreed_at = at

    def answer_checklist(self, item: str, text: str) -> None:
        # A fresh object, so that a store tracking the field sees the change.
        updated = Checklist.from_dict(self.checklist.to_dict())
        updated.answer(item, text)
        self.checklist = updated

    # -- stages -------------------------------------------------------------------------
    def advance(self, target: Stage, at: datetime, note: str = "") -> StageChange:
        """Move to ``target`` if the process allows it; record the move.

        Walking away ends the negotiation, so it needs a reason, kept in the history.
        """
        if target is self.stage:
            # the record's state, not the request, is in the way: a conflict (409, exit 4)
            raise InvalidTransitionError(f"the negotiation is already {target.label}")
        if target is Stage.AGREED and self.agreement is None:
            raise ConflictError(
                "record the agreement with its final terms first; recording it moves "
                "the negotiation to agreed"
            )
        note = note.strip()
        if target is Stage.WALKED_AWAY and not note:
            raise ValidationError(
                "walking away ends the negotiation: say why (kept in the stage history)",
                field="note",
            )
        reopened = check_transition(self.stage, target)
        if reopened and self.agreement is not None and target is Stage.BARGAINING:
            note = note or "reopened after agreement"
        change = StageChange(self.stage, target, at, reopened=reopened, note=note)
        self.stage = target
        self.stage_history.append(change)
        return change

    def record_agreement(self, agreement: Agreement, at: datetime, note: str = "") -> Agreement:
        """Record the agreement; its final terms must be valid and it moves the stage."""
        if not agreement.final_terms:
            raise ValidationError(
                "an agreement needs its final terms (or terms marked agreed first)",
                field="final_terms",
            )
        if self.stage is Stage.WALKED_AWAY:
            raise ConflictError(
                "this negotiation was walked away from; move it back to bargaining "
                "before recording an agreement"
            )
        agreement.final_terms = check_package(self.terms, agreement.final_terms)
        self.agreement = agreement
        for name, value in agreement.final_terms.items():
            term = self.term(name)
            term.status = TermStatus.AGREED
            term.agreed_value = value
        if self.stage is not Stage.AGREED:
            # From any open stage: an agreement reached early still closes the case,
            # and the history says where it was reached.
            change = StageChange(self.stage, Stage.AGREED, at, note=note or "agreement recorded")
            self.stage = Stage.AGREED
            self.stage_history.append(change)
        return agreement

    def latest_offer(self, side: object) -> Offer | None:
        offers = [o for o in self.offers if o.side == side]
        return offers[-1] if offers else None

    def agreed_terms(self) -> Mapping[str, TermValue]:
        return {
            t.name: t.agreed_value
            for t in self.terms
            if t.status is TermStatus.AGREED and t.agreed_value is not None
        }


class _Withdrawable(Protocol):
    id: int | None
    withdrawn_at: datetime | None


_W = TypeVar("_W", bound=_Withdrawable)


def _standing(entries: list[_W], entry_id: int, what: str) -> _W:
    for entry in entries:
        if entry.id == entry_id:
            if entry.withdrawn_at is not None:
                raise ConflictError(f"{what} {entry_id} was already withdrawn or corrected")
            return entry
    raise NotFoundError(f"no {what} {entry_id} in this negotiation")


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise ValidationError(
            "say why (kept in the history with the original entry)", field="reason"
        )
    return reason
