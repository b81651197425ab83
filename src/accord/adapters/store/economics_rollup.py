"""The practice-economics read model in SQL: each line's stored facts, the daily roll-ups
per payer × day × code, and the worklist and scorecard as aggregates over them
(SQLAlchemy Core, one code path for SQLite and PostgreSQL).

The worklist reads only ``economics_lines`` rows short by more than the dollar tolerance
(an index on the shortfall), and the scorecard and the worklist's totals sum the roll-ups
(a few rows per payer and day), so neither reads every line of a period.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_FLOOR
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.economics_daily import DAILY_COLUMNS as _DAILY_COLUMNS
from accord.adapters.store.economics_daily import rollup_daily_select
from accord.adapters.store.economics_scope import RollupSource, owned_lines, rollup_of_scope
from accord.adapters.store.remittance_rows import SEPARATOR
from accord.adapters.store.remittance_writer import insert_rows
from accord.adapters.store.tables import (
    contracts,
    economics_daily,
    economics_denials,
    economics_lines,
    economics_state,
    economics_underpaid,
    economics_waits,
    fee_schedule_entries,
    remittance_claims,
    remittance_payments,
    underpayment_statuses,
)
from accord.domain.economics.line_facts import (
    DENIED,
    NO_CONTRACT,
    NO_MEDICARE,
    NO_RATE,
    LineFacts,
)
from accord.domain.economics.underpayments import Tolerance
from accord.services.economics_ports import (
    PayerTotals,
    PeriodFilter,
    PeriodTotals,
    UnderpaidGroupRow,
)

__all__ = ["SqlEconomicsRollup", "rollup_daily_select", "underpaid_where"]

_CHUNK = 400
_L, _D = economics_lines, economics_daily
_FACT_COLUMNS = (
    "line_id", "claim_id", "claim_key", "payer", "code", "day", "units", "paid_cents",
    "allowed_cents", "patient_cents", "medicare_cents", "expected_cents", "shortfall_cents",
    "unpriced", "reason", "denial_line", "visit_first", "claim_first", "claim_denied",
    "wait_days",
)  # fmt: skip


def _period(
    table: sa.FromClause, query: sa.Select[Any], f: PeriodFilter, *, payer_column: str = "payer"
) -> sa.Select[Any]:
    if f.start is not None:
        query = query.where(table.c.day >= f.start)
    if f.end is not None:
        query = query.where(table.c.day <= f.end)
    if f.payer is not None:
        query = query.where(sa.func.lower(table.c[payer_column]) == f.payer.strip().lower())
    return query


def underpaid_where(query: sa.Select[Any], f: PeriodFilter, tolerance: Tolerance) -> sa.Select[Any]:
    """``query`` over ``economics_lines`` kept to the lines of ``f`` short beyond
    ``tolerance`` (read from the covering index on the shortfall)."""
    # shortfall > dollars and shortfall > expected × percent / 100, in whole cents:
    # an integer beats x exactly when it beats floor(x); the percentage is taken to
    # 1/10,000 of a percent.
    dollars = int((tolerance.dollars * 100).to_integral_value(rounding=ROUND_FLOOR))
    per_million = int((tolerance.percent * 10_000).to_integral_value(rounding=ROUND_FLOOR))
    query = query.where(
        _L.c.shortfall_cents > dollars,
        _L.c.shortfall_cents * 1_000_000 > _L.c.expected_cents * per_million,
    )
    return _period(_L, query, f)


class SqlEconomicsRollup:
    """Writes each line's facts and the roll-ups; answers the worklist and scorecard."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- what the read model was built from -------------------------------------------
    def state(self, *, lock: bool = False) -> dict[str, str]:
        """The stored build state; with ``lock``, hold its rows until commit (PostgreSQL)."""
        query = sa.select(economics_state.c.key, economics_state.c.value)
        if lock:
            query = query.with_for_update()
        return {k: v for k, v in self._session.execute(query)}

    def set_state(self, values: Mapping[str, str]) -> None:
        """Replace the build state with ``values``."""
        self._session.execute(sa.delete(economics_state))
        if values:
            self._session.execute(
                sa.insert(economics_state), [{"key": k, "value": v} for k, v in values.items()]
            )

    def max_claim_id(self) -> int:
        """The newest stored remittance claim's id (0 when none)."""
        found = self._session.execute(sa.select(sa.func.max(remittance_claims.c.id))).scalar()
        return int(found or 0)

    def contract_fingerprints(self) -> dict[str, str]:
        """A digest of each payer's stored contracts (terms and rate count), by payer."""
        c, e = contracts, fee_schedule_entries
        query = (
            sa.select(
                c.c.payer, c.c.id, c.c.effective, c.c.end_date, c.c.auto_renews,
                c.c.renewal_months, c.c.units_policy, c.c.mppr, sa.func.count(e.c.id),
                sa.func.max(e.c.id),
            )
            .outerjoin(e, e.c.contract_id == c.c.id)
            .group_by(c.c.id)
            .order_by(c.c.id)
        )  # fmt: skip
        digests: dict[str, Any] = {}
        for row in self._session.execute(query):
            payer = " ".join(str(row[0]).split()).casefold()
            digests.setdefault(payer, hashlib.sha256()).update(repr(tuple(row)).encode())
        return {payer: h.hexdigest()[:32] for payer, h in digests.items()}

    def claim_keys(
        self, *, after_claim: int | None = None, payers: Collection[str] | None = None
    ) -> set[str]:
        """Claim keys of claims stored after ``after_claim``, or of lines of ``payers``
        (case-folded names), or of every stored claim when neither is given."""
        keys: set[str] = set()
        if payers is not None:
            # payer names match as contracts match them: spaces collapsed, case folded
            wanted = {" ".join(p.split()).casefold() for p in payers}
            stored = self._session.scalars(sa.select(_L.c.payer).distinct())
            names = sorted(n for n in stored if " ".join(n.split()).casefold() in wanted)
            for start in range(0, len(names), _CHUNK):
                query = (
                    sa.select(_L.c.claim_key)
                    .distinct()
                    .where(_L.c.payer.in_(names[start : start + _CHUNK]))
                )
                keys.update(str(k) for k in self._session.scalars(query))
            if after_claim is None:
                return keys
        c, p = remittance_claims, remittance_payments
        query = sa.select(p.c.originator, c.c.claim_number).join(p, p.c.id == c.c.payment_id)
        if after_claim is not None:
            query = query.where(c.c.id > after_claim)
        keys.update(f"{o}{SEPARATOR}{n}" for o, n in self._session.execute(query))
        return keys

    # -- writing ----------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every line's facts and every roll-up (before a full rebuild)."""
        tables = (economics_daily, economics_waits, economics_denials, economics_underpaid,
                  economics_lines)  # fmt: skip
        for table in tables:
            self._session.execute(sa.delete(table))

    def replace_lines(
        self, claim_keys: Collection[str], facts: Sequence[LineFacts]
    ) -> set[tuple[str, date]]:
        """Replace the facts of the lines of ``claim_keys``; return the (payer, day) pairs
        whose roll-ups changed (for :meth:`refresh_rollups`)."""
        keys = sorted(claim_keys)
        touched: set[tuple[str, date]] = set()
        for start in range(0, len(keys), _CHUNK):
            where = _L.c.claim_key.in_(keys[start : start + _CHUNK])
            touched.update(
                (str(p), d) for p, d in self._session.execute(
                    sa.select(_L.c.payer, _L.c.day).distinct().where(where)
                )
            )  # fmt: skip
            self._session.execute(sa.delete(_L).where(where))
        self.insert_lines(facts)
        touched.update((f.payer, f.day) for f in facts)
        return touched

    def insert_lines(self, facts: Iterable[LineFacts]) -> None:
        """Insert the facts of lines not stored yet (a rebuild, or the benchmark): plain
        rows through the driver's bulk path, as ingest writes remittance lines — the
        per-row parameter handling of ``session.execute(insert, dicts)`` was a fifth of a
        rebuild's time."""
        rows = (
            (f.line_id, f.claim_id, f.claim_key, f.payer, f.code, f.day.isoformat(), f.units,
             f.paid_cents, f.allowed_cents, f.patient_cents, f.medicare_cents,
             f.expected_cents, f.shortfall_cents, f.unpriced, f.reason, f.denial_line,
             f.visit_first, f.claim_first, f.claim_denied, f.wait_days)
            for f in facts
        )  # fmt: skip
        insert_rows(self._session, _L.name, _FACT_COLUMNS, rows)

    def _sources(self) -> dict[str, RollupSource]:
        """How each roll-up table is computed from ``economics_lines``."""
        waits = sa.select(_L.c.payer, _L.c.day, _L.c.wait_days, sa.func.count()).where(
            _L.c.claim_first, _L.c.wait_days.is_not(None)
        )
        denials = sa.select(_L.c.payer, _L.c.day, _L.c.reason, sa.func.count()).where(
            _L.c.denial_line
        )
        s = self._status()
        underpaid = self._underpaid(
            sa.select(_L.c.payer, _L.c.day, _L.c.code, _L.c.reason, s, sa.func.count(),
                      sa.func.sum(_L.c.expected_cents), sa.func.sum(_L.c.allowed_cents))
            .select_from(_L)
            .outerjoin(underpayment_statuses, underpayment_statuses.c.line_id == _L.c.line_id),
            PeriodFilter(), Tolerance(),
        )  # fmt: skip
        return {
            _D.name: (rollup_daily_select(), [_L.c.code], _DAILY_COLUMNS),
            economics_waits.name: (waits, [_L.c.wait_days],
                                   ["payer", "day", "wait_days", "claims"]),
            economics_denials.name: (denials, [_L.c.reason], ["payer", "day", "reason", "lines"]),
            economics_underpaid.name: (underpaid, [_L.c.code, _L.c.reason, s],
                ["payer", "day", "code", "reason", "status", "lines", "expected_cents",
                 "allowed_cents"]),
        }  # fmt: skip

    def _table(self, table: sa.Table) -> sa.FromClause:
        """A roll-up table as the actor reads it (``economics_scope.py``)."""
        return rollup_of_scope(self._session, table, self._sources()[table.name])

    def refresh_rollups(self, pairs: Collection[tuple[str, date]] | None = None) -> None:
        """Recompute the roll-ups of the (payer, day) pairs (``None``: all of them)."""
        chunks: list[list[tuple[str, date]] | None] = [None]
        if pairs is not None:
            ordered = sorted(pairs)
            chunks = [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]
        sources = self._sources()
        for chunk in chunks:
            for table in (_D, economics_waits, economics_denials, economics_underpaid):
                select, group, columns = sources[table.name]
                delete = sa.delete(table)
                if chunk is not None:
                    delete = delete.where(sa.tuple_(table.c.payer, table.c.day).in_(chunk))
                    select = select.where(sa.tuple_(_L.c.payer, _L.c.day).in_(chunk))
                self._session.execute(delete)
                self._session.execute(
                    sa.insert(table).from_select(
                        columns, select.group_by(_L.c.payer, _L.c.day, *group)
                    )
                )

    # -- reading ----------------------------------------------------------------------
    def _underpaid(self, query: sa.Select[Any], f: PeriodFilter, tolerance: Tolerance) -> Any:
        return underpaid_where(query, f, tolerance)

    def _status(self) -> sa.ColumnElement[str]:
        return sa.func.coalesce(underpayment_statuses.c.status, "new")

    def pairs_of_lines(self, line_ids: Collection[int]) -> set[tuple[str, date]]:
        """The (payer, day) pairs of stored lines (to refresh after a status change)."""
        ids = sorted(set(line_ids))
        found: set[tuple[str, date]] = set()
        for start in range(0, len(ids), _CHUNK):
            query = (
                sa.select(_L.c.payer, _L.c.day)
                .distinct()
                .where(_L.c.line_id.in_(ids[start : start + _CHUNK]))
            )
            found.update((str(p), d) for p, d in self._session.execute(query))
        return found

    def underpaid_groups(
        self, f: PeriodFilter, tolerance: Tolerance, *, status: str | None = None
    ) -> list[UnderpaidGroupRow]:
        """Underpaid lines grouped by payer, code, reason and worklist status: from the
        daily roll-up at the default tolerance, else from the lines short enough."""
        if tolerance == Tolerance():
            u = self._table(economics_underpaid)
            query = _period(u, sa.select(
                u.c.payer, u.c.code, u.c.reason, u.c.status, sa.func.sum(u.c.lines),
                sa.func.sum(u.c.expected_cents), sa.func.sum(u.c.allowed_cents)), f)  # fmt: skip
            if status is not None:
                query = query.where(u.c.status == status)
            query = query.group_by(u.c.payer, u.c.code, u.c.reason, u.c.status)
            return [
                UnderpaidGroupRow(
                    str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), int(r[5]), int(r[6])
                )
                for r in self._session.execute(query)
            ]
        s = self._status()
        columns = [_L.c.payer, _L.c.code, _L.c.reason, s.label("status"), sa.func.count(),
                   sa.func.sum(_L.c.expected_cents), sa.func.sum(_L.c.allowed_cents)]  # fmt: skip
        query = sa.select(*columns).outerjoin(
            underpayment_statuses, underpayment_statuses.c.line_id == _L.c.line_id
        )
        query = self._underpaid(query, f, tolerance).where(*owned_lines(self._session))
        if status is not None:
            query = query.where(s == status)
        query = query.group_by(_L.c.payer, _L.c.code, _L.c.reason, s)
        out = []
        for r in self._session.execute(query):
            payer, code, reason, status_, lines, expected, allowed = r
            out.append(UnderpaidGroupRow(str(payer), str(code), str(reason), str(status_),
                                         int(lines), int(expected), int(allowed)))  # fmt: skip
        return out

    def underpaid_line_ids(
        self,
        f: PeriodFilter,
        tolerance: Tolerance,
        groups: Collection[tuple[str, str, str]],
    ) -> dict[tuple[str, str, str, str], list[int]]:
        """The line ids of the underpaid lines of ``groups`` (payer, code, reason), by
        (payer, code, reason, status)."""
        s = self._status()
        found: dict[tuple[str, str, str, str], list[int]] = {}
        ordered = sorted(groups)
        for start in range(0, len(ordered), _CHUNK):
            query = (
                sa.select(_L.c.payer, _L.c.code, _L.c.reason, s, _L.c.line_id)
                .outerjoin(underpayment_statuses, underpayment_statuses.c.line_id == _L.c.line_id)
                .where(
                    sa.tuple_(_L.c.payer, _L.c.code, _L.c.reason).in_(
                        ordered[start : start + _CHUNK]
                    )
                )
            )  # no ORDER BY: SQLite would walk the whole table in line order for it
            for payer, code, reason, status, line_id in self._session.execute(
                self._underpaid(query, f, tolerance).where(*owned_lines(self._session))
            ):
                found.setdefault((payer, code, reason, status), []).append(int(line_id))
        for ids in found.values():
            ids.sort()
        return found

    def totals(self, f: PeriodFilter) -> PeriodTotals:
        """Lines, priced lines, expected and allowed, and unpriced lines by reason."""
        d = self._table(_D)
        query = _period(
            d,
            sa.select(*[sa.func.coalesce(sa.func.sum(d.c[n]), 0) for n in (
                "lines", "priced", "expected_cents", "priced_allowed_cents", "no_contract",
                "no_rate", "no_medicare", "denied_lines")]),
            f,
        )  # fmt: skip
        row = [int(v) for v in self._session.execute(query).one()]
        kinds = (NO_CONTRACT, NO_RATE, NO_MEDICARE, DENIED)
        return PeriodTotals(
            lines=row[0],
            priced=row[1],
            expected_cents=row[2],
            allowed_cents=row[3],
            unpriced={k: n for k, n in zip(kinds, row[4:], strict=True) if n},
        )

    def payer_totals(self, f: PeriodFilter) -> list[PayerTotals]:
        """Each payer's sums over the period, from the daily roll-ups."""
        names = ("lines", "units", "paid_cents", "allowed_cents", "patient_cents",
                 "medicare_allowed_cents", "medicare_cents", "visits", "claims",
                 "denied_claims")  # fmt: skip
        d = self._table(_D)
        query = _period(d, sa.select(d.c.payer, *[sa.func.sum(d.c[n]) for n in names]), f)
        return [
            PayerTotals(str(r[0]), *[int(v) for v in r[1:]])
            for r in self._session.execute(query.group_by(d.c.payer))
        ]

    def code_totals(self, f: PeriodFilter) -> list[tuple[str, str, int, int]]:
        """(payer, code, units, paid cents) over the period."""
        d = self._table(_D)
        query = _period(
            d, sa.select(d.c.payer, d.c.code, sa.func.sum(d.c.units),
                         sa.func.sum(d.c.paid_cents)), f,
        ).group_by(d.c.payer, d.c.code)  # fmt: skip
        return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in self._session.execute(query)]

    def waits(self, f: PeriodFilter) -> list[tuple[str, int, int]]:
        """(payer, days to pay, claims) over the period."""
        w = self._table(economics_waits)
        query = _period(w, sa.select(w.c.payer, w.c.wait_days, sa.func.sum(w.c.claims)), f)
        query = query.group_by(w.c.payer, w.c.wait_days)
        return [(str(r[0]), int(r[1]), int(r[2])) for r in self._session.execute(query)]

    def denial_reasons(self, f: PeriodFilter) -> list[tuple[str, str, int]]:
        """(payer, reason, lines) of denial lines over the period."""
        d = self._table(economics_denials)
        query = _period(d, sa.select(d.c.payer, d.c.reason, sa.func.sum(d.c.lines)), f)
        query = query.group_by(d.c.payer, d.c.reason)
        return [(str(r[0]), str(r[1]), int(r[2])) for r in self._session.execute(query)]
