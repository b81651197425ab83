"""Withdrawn and corrected offers and interactions, on both databases: kept in the
history, out of the analysis and the relationship figures; stage moves recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel, Side
from accord.domain.stages import Stage
from accord.errors import ConflictError, ValidationError
from accord.services import activity, agreements, briefs, corrections, negotiations
from accord.services.analysis import analyze_stored_negotiation
from accord.services.transfer import export_archive, import_archive
from tests.support.clock import FixedClock
from tests.support.factories import decision_maker, rate_negotiation


def _offer(app: Accord, nid: int, side: Side, **values: float) -> int:
    offer = activity.record_offer(
        app.store.unit_of_work(), app.clock.now(), nid, side=side, values=values
    )
    assert offer.id is not None
    return offer.id


def test_a_withdrawn_offer_stays_in_the_history_and_leaves_the_analysis(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    _offer(accord, nid, Side.OURS, rate_97110=42, visit_cap=40, payment_days=21)
    clock.advance(minutes=10)
    wrong = _offer(accord, nid, Side.THEIRS, rate_97110=3.5, visit_cap=20, payment_days=60)
    clock.advance(minutes=10)
    with pytest.raises(ValidationError, match="say why"):
        corrections.withdraw_offer(accord.store.unit_of_work(), clock.now(), nid, wrong, " ")
    corrections.withdraw_offer(
        accord.store.unit_of_work(), clock.now(), nid, wrong, "typed 3.5 for 35"
    )

    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert [o.id for o in n.offers] != [] and wrong not in [o.id for o in n.offers]
    kept = next(o for o in n.offer_history if o.id == wrong)
    assert kept.withdrawn_reason == "typed 3.5 for 35"
    assert kept.withdrawn_at == clock.now()
    assert kept.values["rate_97110"] == 3.5
    result = analyze_stored_negotiation(accord.store.unit_of_work(), clock.now(), nid).result
    assert len(result.their_offers) == 0 and len(result.our_offers) == 1
    with pytest.raises(ConflictError, match="already withdrawn"):
        corrections.withdraw_offer(accord.store.unit_of_work(), clock.now(), nid, wrong, "again")


def test_a_corrected_offer_replaces_the_original_which_is_kept(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    original = _offer(accord, nid, Side.THEIRS, rate_97110=3.5, visit_cap=20)
    said_at = clock.now()
    clock.advance(hours=2)
    fixed = corrections.correct_offer(
        accord.store.unit_of_work(), clock.now(), nid, original, "misheard on the call",
        values={"rate_97110": 35, "visit_cap": 20},
    )  # fmt: skip

    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert [(o.values["rate_97110"], o.corrects_id) for o in n.offers] == [(35.0, original)]
    assert n.offers[0].at == said_at  # the correction restates what was said, when
    assert n.offers[0].side is Side.THEIRS
    history = {o.id: o for o in n.offer_history}
    assert history[original].withdrawn_reason == "corrected: misheard on the call"
    assert fixed.id in history and len(history) == 2


def test_withdrawn_interactions_leave_relationship_health_and_corrections_are_kept(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    karen = decision_maker(accord, n.counterparty_id)
    logged = activity.log_interaction(
        accord.store.unit_of_work(), clock.now(), nid, channel=Channel.CALL,
        direction=InteractionDirection.OUTBOUND, contact_id=karen, summary="wrong case",
    )  # fmt: skip
    assert logged.id is not None
    corrected = corrections.correct_interaction(
        accord.store.unit_of_work(), clock.now(), nid, logged.id, "logged on the wrong case",
        changes={"summary": "asked for the fee schedule"},
    )  # fmt: skip
    assert corrected.id is not None
    clock.advance(days=3)
    brief = briefs.prepare_brief(accord.store.unit_of_work(), clock.now(), nid)
    assert [r.days for r in brief.recency] == [3]
    corrections.withdraw_interaction(
        accord.store.unit_of_work(), clock.now(), nid, corrected.id, "never happened"
    )
    brief = briefs.prepare_brief(accord.store.unit_of_work(), clock.now(), nid)
    assert [r.days for r in brief.recency] == [None]
    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert n.interactions == []
    assert [(i.summary, i.corrects_id) for i in n.interaction_history] == [
        ("wrong case", None), ("asked for the fee schedule", logged.id),
    ]  # fmt: skip


def test_offers_count_as_contact_with_the_people_involved(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    decision_maker(accord, n.counterparty_id)
    for k in range(5):
        clock.advance(days=1)
        _offer(accord, nid, Side.THEIRS if k % 2 else Side.OURS, rate_97110=40 - k)
    clock.advance(days=2)
    brief = briefs.prepare_brief(accord.store.unit_of_work(), clock.now(), nid)
    assert [r.days for r in brief.recency] == [2]


def test_their_out_of_range_quote_is_recorded_and_the_analysis_still_runs(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    _offer(accord, nid, Side.OURS, rate_97110=42, visit_cap=40, payment_days=21)
    _offer(accord, nid, Side.THEIRS, rate_97110=250, visit_cap=20, payment_days=120)
    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert n.offers[-1].values["rate_97110"] == 250.0
    assert not n.term("rate_97110").in_range(250)
    analyze_stored_negotiation(accord.store.unit_of_work(), clock.now(), nid)
    with pytest.raises(ValidationError, match="above the range"):
        _offer(accord, nid, Side.OURS, rate_97110=250)


def test_an_agreement_from_preparing_moves_the_stage_and_says_so_in_the_history(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    agreements.record_agreement(
        accord.store.unit_of_work(), clock.now(), nid,
        final_terms={"rate_97110": 39, "visit_cap": 30, "payment_days": 30},
        effective=date(2027, 1, 1), note="signed on the first call",
    )  # fmt: skip
    n = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert n.stage is Stage.AGREED
    last = n.stage_history[-1]
    assert (last.from_stage, last.to_stage) == (Stage.PREPARING, Stage.AGREED)
    assert last.note == "agreement recorded"


def test_walking_away_records_its_reason_and_refuses_none(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    uow = accord.store.unit_of_work
    negotiations.advance_stage(uow(), clock.now(), nid, Stage.BARGAINING)
    with pytest.raises(ValidationError, match="say why"):
        negotiations.advance_stage(uow(), clock.now(), nid, Stage.WALKED_AWAY)
    clock.advance(hours=1)
    negotiations.advance_stage(uow(), clock.now(), nid, Stage.WALKED_AWAY, "below our floor")
    n = negotiations.get_negotiation(uow(), nid)
    assert [(c.to_stage, c.note) for c in n.stage_history][-2:] == [
        (Stage.BARGAINING, ""), (Stage.WALKED_AWAY, "below our floor"),
    ]  # fmt: skip


def test_withdrawn_and_corrected_entries_survive_an_export_and_import(
    accord: Accord, clock: FixedClock, tmp_path: Path
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    original = _offer(accord, nid, Side.THEIRS, rate_97110=3.5)
    corrections.correct_offer(
        accord.store.unit_of_work(), clock.now(), nid, original, "typo",
        values={"rate_97110": 35},
    )  # fmt: skip
    archive = tmp_path / "all.json"
    export_archive(accord.store.unit_of_work(), accord.archives, clock.now(), archive)
    assert '"offers"' in archive.read_text()  # the archive's keys stay as they were

    target = bootstrap(Settings(data_dir=tmp_path / "copy"), clock=clock)
    try:
        import_archive(target.store.unit_of_work(), target.archives, archive)
        (copy,) = negotiations.list_negotiations(target.store.unit_of_work())
    finally:
        target.close()
    withdrawn, fixed = copy.offer_history
    assert (withdrawn.withdrawn_reason, withdrawn.values) == (
        "corrected: typo",
        {"rate_97110": 3.5},
    )
    assert fixed.corrects_id == withdrawn.id and fixed.withdrawn_at is None
    assert [o.values for o in copy.offers] == [{"rate_97110": 35.0}]
