"""The read model's queries: counts, dates and sums per negotiation and contact, in SQL.

The negotiations' rows are here; agreements in ``agreement_summaries.py``, contacts in
``contact_summaries.py``.

One code path for SQLite and PostgreSQL (SQLAlchemy Core, with the few spellings that
differ in :mod:`accord.adapters.store.dialect`). Each list is paged in the database and
only the page's rows are completed, so a page costs the same with 50 negotiations or
50,000. Orders match the services' documented orders exactly (text by code point, ties
by id), so that the read model and the whole aggregates agree row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.agreement_summaries import AgreementSummaries
from accord.adapters.store.board_queries import (
    LATE,
    NEXT_DUE,
    ROWS,
    board_query,
    overdue_query,
    visible,
)
from accord.adapters.store.contact_summaries import ContactSummaries
from accord.adapters.store.scoping import negotiation_conditions, scope_of
from accord.domain.stages import Stage
from accord.services.read_model import FollowUpRow, NegotiationRow

__all__ = ["SqlRecordSummaries"]

n = t.negotiations


class SqlRecordSummaries(AgreementSummaries, ContactSummaries):
    """Summaries across negotiations, agreements and contacts (rows of
    ``services.read_model``); the agreements' and contacts' queries are in their own
    modules."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def stage_counts(self, *, include_demo: bool = True) -> dict[Stage, int]:
        """How many negotiations each stage holds (every stage present)."""
        query = sa.select(n.c.stage, sa.func.count()).where(
            *visible(include_demo), *negotiation_conditions(self._session)
        )
        counts: dict[Stage, int] = dict(self._session.execute(query.group_by(n.c.stage)).all())
        return {stage: counts.get(stage, 0) for stage in Stage}

    def board(
        self,
        now: datetime,
        *,
        stages: Sequence[Stage],
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> dict[Stage, list[NegotiationRow]]:
        """Each of ``stages``: its negotiations from ``offset``, nearest deadline first."""
        scoped = self._scope_params()
        query = board_query(tuple(stages), include_demo, bool(scoped))
        picked = sorted(
            self._session.execute(query, {"offset": offset, "limit": limit, **scoped}).all(),
            key=lambda r: (r.deadline is None, r.deadline or date.min, r.title, r.id),
        )
        rows = self._rows([r.id for r in picked], now)
        result: dict[Stage, list[NegotiationRow]] = {stage: [] for stage in stages}
        for r in picked:
            result[r.stage].append(rows[r.id])
        return result

    def overdue(
        self, now: datetime, *, limit: int = 50, include_demo: bool = True
    ) -> tuple[int, list[NegotiationRow]]:
        """(how many open negotiations have a follow-up overdue at ``now``, the ``limit``
        most overdue of them).

        Ties keep the board's order: stage in process order, then nearest deadline.
        """
        scoped = self._scope_params()
        params = {"now": now, "limit": limit, **scoped}
        picked = self._session.execute(overdue_query(include_demo, bool(scoped)), params).all()
        rows = self._rows([nid for nid, _ in picked], now)
        return (picked[0].total if picked else 0), [rows[nid] for nid, _ in picked]

    def next_follow_up_due(self, now: datetime) -> datetime | None:
        """The earliest follow-up owed that is due at or after ``now``."""
        due: datetime | None = self._session.scalar(NEXT_DUE, {"now": now})
        return due

    def by_id(
        self,
        now: datetime,
        *,
        stage: Stage | None = None,
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> tuple[int, list[NegotiationRow]]:
        """(how many match, one page of them by id), optionally of one stage."""
        where = [
            *visible(include_demo),
            *negotiation_conditions(self._session),
            *([n.c.stage == stage] if stage else []),
        ]
        total = self._session.scalar(sa.select(sa.func.count()).select_from(n).where(*where))
        query = sa.select(n.c.id).where(*where).order_by(n.c.id).offset(offset).limit(limit)
        ids = list(self._session.scalars(query))
        rows = self._rows(ids, now)
        return int(total or 0), [rows[nid] for nid in ids]

    def _scope_params(self) -> dict[str, list[int]]:
        """The bound ``orgs`` of the prepared board statements, when the actor is scoped."""
        scope = scope_of(self._session)
        return {} if scope.organisations is None else {"orgs": sorted(scope.organisations)}

    def _rows(self, ids: list[int], now: datetime) -> dict[int, NegotiationRow]:
        """The rows of the negotiations ``ids``: one query, and one for overdue follow-ups."""
        if not ids:
            return {}
        params = {"ids": ids, "now": now}
        overdue: dict[int, list[FollowUpRow]] = {}
        for row in self._session.execute(LATE, params):
            overdue.setdefault(row.negotiation_id, []).append(
                FollowUpRow(
                    at=row.at, channel=row.channel, direction=row.direction,
                    contact_id=row.contact_id, summary=row.summary,
                    their_points=row.their_points, our_questions=row.our_questions,
                    follow_up_due=row.follow_up_due, follow_up_done=row.follow_up_done,
                    replied_at=row.replied_at, id=row.id, corrects_id=row.corrects_id,
                )
            )  # fmt: skip
        return {
            row.id: NegotiationRow(
                id=row.id, title=row.title, kind=row.kind, stage=row.stage,
                our_org_id=row.our_org_id, counterparty_id=row.counterparty_id,
                counterparty=row.name, deadline=row.deadline, is_demo=row.is_demo,
                version=row.version, offers=row.offers, next_follow_up=row.next_follow_up,
                overdue=tuple(overdue.get(row.id, ())),
            )
            for row in self._session.execute(ROWS, params)
        }  # fmt: skip
