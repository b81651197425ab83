"""Offers count as contact, by one rule, on the contacts page and in the brief (issue 9):
a decision maker we only exchanged offers with is not "never contacted"; a listed
contact is reached by the negotiation's offers; a contact of the counterparty who is
neither listed nor a decision maker is not; a withdrawn offer reaches no one."""

from __future__ import annotations

from datetime import timedelta

from accord.bootstrap import Accord
from accord.domain.offers import Side
from accord.domain.organisations import DecisionRole
from accord.services import activity, briefs, corrections, negotiations, organisations
from accord.services.relationships import relationships
from tests.support.clock import FixedClock
from tests.support.factories import decision_maker, rate_negotiation


def test_offers_count_as_contact_on_the_contacts_page_as_in_the_brief(
    accord: Accord, clock: FixedClock
) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    boss = decision_maker(accord, n.counterparty_id, "Karen Lindqvist")
    listed = organisations.add_contact(
        accord.store.unit_of_work(), organisation_id=n.counterparty_id, name="Omar Reyes",
        role=DecisionRole.INFLUENCER,
    )  # fmt: skip
    bystander = organisations.add_contact(
        accord.store.unit_of_work(), organisation_id=n.counterparty_id, name="Ann Bell",
        role=DecisionRole.GATEKEEPER,
    )  # fmt: skip
    assert listed.id is not None and bystander.id is not None
    negotiations.link_contact(accord.store.unit_of_work(), clock.now(), n.id, listed.id)
    offered_at = clock.now() - timedelta(days=6)
    activity.record_offer(accord.store.unit_of_work(), clock.now(), n.id, side=Side.THEIRS,
                          values={"rate_97110": 31}, at=offered_at)  # fmt: skip
    withdrawn = activity.record_offer(
        accord.store.unit_of_work(), clock.now(), n.id, side=Side.OURS,
        values={"rate_97110": 40}, at=clock.now() - timedelta(days=1),
    )  # fmt: skip
    assert withdrawn.id is not None
    corrections.withdraw_offer(accord.store.unit_of_work(), clock.now(), n.id, withdrawn.id,
                               "typed on the wrong case")  # fmt: skip

    now = clock.now()
    page = {h.contact.id: h for h in relationships(accord.store.unit_of_work(), now)}
    assert page[boss].last_contact == offered_at and page[boss].days_since_contact == 6
    assert page[listed.id].days_since_contact == 6
    assert page[bystander.id].last_contact is None  # neither listed nor deciding: never
    brief = briefs.prepare_brief(accord.store.unit_of_work(), now, n.id)
    in_brief = {r.contact.id: r.days for r in brief.recency}
    assert in_brief == {boss: 6, listed.id: 6}
    assert all(page[cid].days_since_contact == days for cid, days in in_brief.items())
