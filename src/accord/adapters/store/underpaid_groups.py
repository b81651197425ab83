"""A worklist row's underpaid lines as one set (SQLAlchemy Core, the same statements on
SQLite and PostgreSQL): its status changed by two set-based statements and the
worklist roll-up of its days recomputed in SQL, and its line ids read a page at a time.

A row is a payer, code, reason and current status over the worklist's period and
tolerance; its lines are found exactly as the worklist finds them
(:func:`accord.adapters.store.economics_rollup.underpaid_where`), so marking a row marks
the lines the row counted, and no line id travels to the browser or the API to do it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.audit_changes import Recorder
from accord.adapters.store.economics_rollup import underpaid_where
from accord.adapters.store.economics_scope import owned_lines
from accord.adapters.store.tables import (
    economics_lines,
    economics_underpaid,
    underpayment_statuses,
)
from accord.domain.audit import AuditAction, Change
from accord.domain.economics.underpayments import Tolerance
from accord.services.economics_ports import PeriodFilter, UnderpaidGroupKey

__all__ = ["SqlUnderpaidGroups"]

_L, _S, _U = economics_lines, underpayment_statuses, economics_underpaid
_NEW = "new"  # a line without a stored status is new


def _of_group(query: sa.Select[Any], key: UnderpaidGroupKey, *, sqlite: bool) -> sa.Select[Any]:
    # The payer as the worklist row names it (its stored 835 name), not case-folded. On
    # SQLite as an expression (payer || ''), so that it reads the few lines short beyond
    # the tolerance from the shortfall index rather than every line of the payer from the
    # payer's index (0.5 s instead of 0.02 s at 1 M lines). PostgreSQL uses the payer as
    # a condition on the shortfall index, and misjudges the expression (7× slower).
    payer = _L.c.payer.concat("") if sqlite else _L.c.payer
    return query.where(payer == key.payer, _L.c.code == key.code, _L.c.reason == key.reason)


def _status() -> sa.ColumnElement[str]:
    return sa.func.coalesce(_S.c.status, _NEW)


class SqlUnderpaidGroups:
    """Marks a worklist row's lines and lists their ids (``uow.underpaid_groups``)."""

    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record
        self._sqlite = session.get_bind().dialect.name == "sqlite"

    def _group(self, query: sa.Select[Any], key: UnderpaidGroupKey) -> sa.Select[Any]:
        return _of_group(query, key, sqlite=self._sqlite)

    def _members(
        self, columns: list[Any], key: UnderpaidGroupKey, f: PeriodFilter, tolerance: Tolerance
    ) -> sa.Select[Any]:
        query = sa.select(*columns).select_from(_L).outerjoin(_S, _S.c.line_id == _L.c.line_id)
        query = underpaid_where(self._group(query, key), PeriodFilter(f.start, f.end), tolerance)
        return query.where(_status() == key.status, *owned_lines(self._session))

    def mark(
        self,
        key: UnderpaidGroupKey,
        f: PeriodFilter,
        tolerance: Tolerance,
        status: str,
        *,
        at: datetime,
    ) -> int:
        """Set ``status`` on every line of the row; return how many lines it had."""
        span = self._members(
            [sa.func.count(), sa.func.min(_L.c.day), sa.func.max(_L.c.day)], key, f, tolerance
        )
        count, first, last = self._session.execute(span).one()
        if not count:
            return 0
        lines = underpaid_where(
            self._group(sa.select(_L.c.line_id), key), PeriodFilter(f.start, f.end), tolerance
        )
        # Lines with a stored status change in place; a new line has no stored status
        # (or "new", when someone moved it back), so a new row's lines are inserted.
        self._session.execute(
            sa.update(_S)
            .where(_S.c.status == key.status, _S.c.line_id.in_(lines.scalar_subquery()))
            .values(status=status, changed_at=at)
        )
        if key.status == _NEW:
            missing = lines.add_columns(
                sa.literal(status, _S.c.status.type), sa.literal(at, _S.c.changed_at.type)
            ).where(~sa.exists().where(_S.c.line_id == _L.c.line_id))
            self._session.execute(
                sa.insert(_S).from_select(["line_id", "status", "changed_at"], missing)
            )
        self._refresh_rollup(key, first, last)
        self._record(
            Change(
                AuditAction.UPDATE, "underpayment_group", f"{key.code} {key.reason}"[:80],
                before={"payer": key.payer, "code": key.code, "reason": key.reason,
                        "status": key.status, "lines": int(count),
                        "from": f.start.isoformat() if f.start else None,
                        "to": f.end.isoformat() if f.end else None,
                        "tolerance_dollars": str(tolerance.dollars),
                        "tolerance_percent": str(tolerance.percent)},
                after={"status": status},
            )
        )  # fmt: skip
        return int(count)

    def _refresh_rollup(self, key: UnderpaidGroupKey, first: date, last: date) -> None:
        # Only the worklist roll-up depends on a status; its rows of this payer, code and
        # reason over the row's days are recomputed whole (every status, the default
        # tolerance), which is exact whatever tolerance the row was marked at.
        self._session.execute(
            sa.delete(_U).where(
                _U.c.payer == key.payer, _U.c.code == key.code, _U.c.reason == key.reason,
                _U.c.day >= first, _U.c.day <= last,
            )
        )  # fmt: skip
        s = _status()
        select = sa.select(
            _L.c.payer, _L.c.day, _L.c.code, _L.c.reason, s, sa.func.count(),
            sa.func.sum(_L.c.expected_cents), sa.func.sum(_L.c.allowed_cents),
        ).select_from(_L).outerjoin(_S, _S.c.line_id == _L.c.line_id)  # fmt: skip
        select = underpaid_where(self._group(select, key), PeriodFilter(first, last), Tolerance())
        select = select.group_by(_L.c.payer, _L.c.day, _L.c.code, _L.c.reason, s)
        columns = ["payer", "day", "code", "reason", "status", "lines", "expected_cents",
                   "allowed_cents"]  # fmt: skip
        self._session.execute(sa.insert(_U).from_select(columns, select))

    def line_ids(
        self,
        key: UnderpaidGroupKey,
        f: PeriodFilter,
        tolerance: Tolerance,
        *,
        offset: int,
        limit: int,
    ) -> tuple[list[int], int]:
        """A page of the row's line ids, ascending, and how many lines the row has."""
        total = self._session.execute(
            self._members([sa.func.count()], key, f, tolerance)
        ).scalar_one()
        page = self._members([_L.c.line_id], key, f, tolerance)
        # ordered by an expression: for ORDER BY line_id, SQLite would walk every line in
        # id order instead of sorting the row's few from the shortfall index
        page = page.order_by(_L.c.line_id + 0).offset(offset).limit(limit)
        return [int(i) for i in self._session.scalars(page)], int(total)
