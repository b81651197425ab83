"""The store on real SQLite and real PostgreSQL: migrations, round trips, concurrency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from accord.adapters.store import migrate
from accord.adapters.store.store import Store
from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.domain.agreements import RateChange, SoftSaving, SoftSavingCategory
from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.offers import Channel, Side
from accord.domain.preparation import CompetitorPrice
from accord.domain.stages import Stage
from accord.errors import ConfigurationError, ConflictError
from accord.services import activity, agreements, negotiations, preparation
from tests.support.factories import decision_maker, rate_negotiation


def test_migrations_from_empty_reach_head_and_match_the_tables(database_url: str) -> None:
    store = Store(database_url)
    try:
        before, after = store.migrate()
        assert before is None
        assert after == migrate.head_revision()
        inspector = sa.inspect(store.engine)
        assert set(inspector.get_table_names()) - {"alembic_version"} == set(metadata.tables)
        for table in metadata.tables.values():
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
        # Running again changes nothing.
        assert store.migrate() == (after, after)
    finally:
        store.dispose()


def test_the_schema_revision_constant_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_REVISION


def test_an_unmigrated_database_is_reported_with_the_command_to_run(database_url: str) -> None:
    store = Store(database_url)
    try:
        with pytest.raises(ConfigurationError, match="accord migrate"):
            store.check_schema()
    finally:
        store.dispose()


def test_a_full_negotiation_round_trips_with_every_part(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    nid = negotiation.id
    assert nid is not None
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    contact = decision_maker(accord, negotiation.counterparty_id)
    negotiations.advance_stage(uow(), now, nid, Stage.GOALS_AGREED)
    negotiations.agree_goals(uow(), now, nid, ["Keep members in network"])
    negotiations.advance_stage(uow(), now, nid, Stage.BARGAINING)
    activity.record_offer(uow(), now, nid, side=Side.OURS, values={"rate_97110": 42.5})
    activity.log_interaction(
        uow(), now, nid, channel=Channel.CALL, direction=InteractionDirection.OUTBOUND,
        contact_id=contact, their_points="Budget is tight", our_questions="How tight?",
        follow_up_due=now + timedelta(days=3), replied_at=now + timedelta(hours=2),
    )  # fmt: skip
    preparation.answer_checklist(uow(), now, nid, "why not", "Budget neutrality")
    preparation.add_competitor_price(uow(), now, nid, CompetitorPrice("Median", 36.1, "TiC"))
    preparation.add_leverage(
        uow(), now, nid, kind=LeverageKind.NETWORK_GAP, description="Only clinic", strength=5
    )
    preparation.add_ally(uow(), now, nid, kind=AllyKind.PATIENTS, name="Members")
    agreements.record_agreement(
        uow(), now, nid, final_terms={"rate_97110": 38.25, "visit_cap": 30},
        effective=date(2026, 4, 1), expires=date(2027, 3, 31),
        soft_savings=[SoftSaving(SoftSavingCategory.OTHER, Decimal("12.34"))],
        rate_changes=[RateChange("97110", Decimal("30.50"), Decimal("38.25"), 4200)],
    )  # fmt: skip

    loaded = negotiations.get_negotiation(uow(), nid)
    assert loaded.stage is Stage.AGREED
    assert [c.to_stage for c in loaded.stage_history] == [
        Stage.PREPARING, Stage.GOALS_AGREED, Stage.BARGAINING, Stage.AGREED,
    ]  # fmt: skip
    assert loaded.agreed_goals == ["Keep members in network"]
    assert loaded.goals_agreed_at == now
    assert [t.name for t in loaded.terms] == ["rate_97110", "visit_cap", "payment_days"]
    assert loaded.offers[0].values == {"rate_97110": 42.5}
    assert loaded.offers[0].at == now and loaded.offers[0].at.tzinfo is not None
    interaction = loaded.interactions[0]
    assert interaction.their_points == "Budget is tight"
    assert interaction.replied_at == now + timedelta(hours=2)
    assert loaded.checklist.answers["why_not"] == "Budget neutrality"
    assert loaded.checklist.competitor_prices[0].amount == 36.1
    assert loaded.leverage[0].strength == 5
    assert loaded.allies[0].name == "Members"
    assert loaded.agreement is not None
    assert loaded.agreement.rate_changes[0].new_rate == Decimal("38.25")
    assert loaded.agreement.yearly_revenue_effect == Decimal("32550.00")
    assert loaded.agreement.soft_savings_total == Decimal("12.34")
    assert loaded.term("rate_97110").agreed_value == 38.25
    assert contact in loaded.contact_ids


def test_datetimes_come_back_in_utc_whatever_zone_they_were_given_in(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    eastern = datetime(2026, 3, 2, 9, 30, tzinfo=UTC) - timedelta(hours=5)
    from datetime import timezone

    local = eastern.astimezone(timezone(timedelta(hours=-5)))
    activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation.id,
        side=Side.THEIRS, values={"visit_cap": 20}, at=local,
    )  # fmt: skip
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation.id)
    assert loaded.offers[0].at == eastern
    assert loaded.offers[0].at.utcoffset() == timedelta(0)


def test_two_editors_of_one_negotiation_never_silently_overwrite(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    first = accord.store.unit_of_work()
    second = accord.store.unit_of_work()
    now = accord.clock.now()
    version = negotiation.version
    with first, second:
        mine = first.negotiations.get(negotiation.id)
        theirs = second.negotiations.get(negotiation.id)
        mine.problem_statement = "ours"
        mine.touch(now)
        first.commit()
        theirs.problem_statement = "theirs"
        theirs.touch(now)
        with pytest.raises(ConflictError, match="changed by someone else"):
            second.commit()
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation.id)
    assert loaded.problem_statement == "ours"
    assert loaded.version == version + 1


def test_nothing_is_saved_without_commit(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    with accord.store.unit_of_work() as uow:
        uow.negotiations.get(negotiation.id).problem_statement = "not saved"
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation.id)
    assert loaded.problem_statement == ""


def test_deleting_a_negotiation_removes_its_children(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation.id,
        side=Side.OURS, values={"visit_cap": 40},
    )  # fmt: skip
    with accord.store.unit_of_work() as uow:
        uow.negotiations.delete(uow.negotiations.get(negotiation.id))
        uow.commit()
    with accord.store.engine.connect() as connection:
        for table in ("terms", "offers", "stage_changes"):
            count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == 0, table


def test_terms_survive_a_downgrade_to_the_first_revision_and_the_upgrade_back(
    accord: Accord,
) -> None:
    from alembic import command
    from alembic.config import Config

    negotiation = rate_negotiation(accord)
    nid = negotiation.id
    assert nid is not None
    negotiations.revise_term(
        accord.store.unit_of_work(), accord.clock.now(), nid, "rate_97110",
        {"their_priority": 5, "their_walk_away": 36},
    )  # fmt: skip
    accord.store.engine.dispose()
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    config.attributes["engine"] = accord.store.engine
    command.downgrade(config, "0001")
    assert migrate.current_revision(accord.store.engine) == "0001"
    assert accord.store.migrate() == ("0001", migrate.SCHEMA_REVISION)
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    term = loaded.term("rate_97110")
    assert [t.name for t in loaded.terms] == [t.name for t in negotiation.terms]
    assert (term.walk_away, term.priority) == (33.0, negotiation.term("rate_97110").priority)
    # The declared counterpart model did not exist at 0001: it is empty, not invented.
    assert (term.their_priority, term.their_walk_away) == (None, None)
