"""Factories for record objects, in one place, built through the services."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.domain.negotiation import Negotiation, NegotiationKind
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.terms import Direction, TermKind
from accord.services import negotiations, organisations


def ours_and_payer(app: Accord) -> tuple[int, int]:
    ours = organisations.create_organisation(
        app.store.unit_of_work(), name="Summit PT", kind=OrganisationKind.OURS, state="MT"
    )
    payer = organisations.create_organisation(
        app.store.unit_of_work(), name="Big Sky Health", kind=OrganisationKind.PAYER
    )
    assert ours.id is not None and payer.id is not None
    return ours.id, payer.id


def decision_maker(app: Accord, organisation_id: int, name: str = "Karen Lindqvist") -> int:
    contact = organisations.add_contact(
        app.store.unit_of_work(),
        organisation_id=organisation_id,
        name=name,
        role=DecisionRole.DECISION_MAKER,
    )
    assert contact.id is not None
    return contact.id


def rate_negotiation(app: Accord) -> Negotiation:
    """A contract-rate negotiation with a rate, a visit cap and payment days."""
    ours, payer = ours_and_payer(app)
    now = app.clock.now()
    negotiation = negotiations.open_negotiation(
        app.store.unit_of_work(),
        now,
        title="Big Sky rates",
        kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=ours,
        counterparty_id=payer,
    )
    assert negotiation.id is not None
    nid = negotiation.id
    negotiations.add_term(
        app.store.unit_of_work(), now, nid, name="rate_97110", kind=TermKind.RATE_PER_UNIT,
        minimum=0, maximum=200, opening=42, target=38, walk_away=33, billing_code="97110",
    )  # fmt: skip
    negotiations.add_term(
        app.store.unit_of_work(), now, nid, name="visit_cap", kind=TermKind.VISITS,
        minimum=10, maximum=60, opening=40, target=30, walk_away=24,
    )  # fmt: skip
    negotiations.add_term(
        app.store.unit_of_work(), now, nid, name="payment_days", kind=TermKind.PAYMENT_DAYS,
        direction=Direction.LOWER_BETTER, minimum=10, maximum=90,
        opening=21, target=30, walk_away=45,
    )  # fmt: skip
    return negotiations.get_negotiation(app.store.unit_of_work(), nid)
