"""The practice-economics read model: paid service lines of stored remittances, the
underpayment worklist's statuses and the imported code labels (SQLAlchemy Core, one code
path for SQLite and PostgreSQL).

Reversals are netted by claim: a claim reported with status 22 (a reversal of an earlier
payment) cancels the earliest earlier claim of the same payer and claim number, and both
are left out, so a corrected claim is priced once, by its correction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.audit_changes import Recorder
from accord.adapters.store.remittance_rows import SEPARATOR
from accord.adapters.store.scoping import payment_conditions
from accord.adapters.store.tables import (
    code_labels,
    remittance_adjustments,
    remittance_claims,
    remittance_lines,
    remittance_payments,
    underpayment_statuses,
)
from accord.domain.audit import AuditAction, Change
from accord.domain.economics.service_lines import Adjustment, ServiceLine
from accord.domain.remittance import REVERSAL_STATUS
from accord.errors import ValidationError
from accord.services.economics_ports import PaidLine

__all__ = ["SqlEconomicsQueries"]

_DENIED = "4"  # CLP02 4: denied
_GROUPS = {"CO", "PR", "OA", "PI"}


def _dollars(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


_KEYS_PER_QUERY = 999
"""Claim keys per query: one parameter (the claim number) each, within the 999 of the
most limited SQLite build. Claims are found by number through its index, then kept when
their originator matches too: a row-value ``IN`` of the pairs made SQLite scan every
stored line once per query."""


def _reversed_claims(session: Session, keys: set[tuple[str, str]]) -> set[int]:
    """Ids of reversal claims and of the claims they cancel, among ``keys``' claims."""
    if not keys:
        return set()
    c, p = remittance_claims, remittance_payments
    dropped: set[int] = set()
    by_key: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    key_list = sorted(keys)
    for start in range(0, len(key_list), _KEYS_PER_QUERY):
        end = start + _KEYS_PER_QUERY
        query = (
            sa.select(p.c.originator, c.c.claim_number, c.c.id, c.c.status)
            .join(p, p.c.id == c.c.payment_id)
            .where(
                # the plain IN uses the claim number's index on SQLite (see _paid_lines)
                c.c.claim_number.in_(sorted({k[1] for k in key_list[start:end]})),
                sa.tuple_(p.c.originator, c.c.claim_number).in_(key_list[start:end]),
            )
            .order_by(c.c.id)
        )
        for originator, number, claim_id, status in session.execute(query):
            by_key[originator, number].append((claim_id, status))
    for claims in by_key.values():
        open_claims: list[int] = []
        for claim_id, status in claims:
            if status == REVERSAL_STATUS:
                dropped.add(claim_id)
                if open_claims:
                    dropped.add(open_claims.pop(0))
            else:
                open_claims.append(claim_id)
    return dropped


class SqlEconomicsQueries:
    """Reads stored remittances for expected-vs-paid, the worklist and the scorecard."""

    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record

    def paid_lines(
        self, *, start: date | None = None, end: date | None = None, payer: str | None = None
    ) -> list[PaidLine]:
        """The paid lines of the period (a payer's) in the actor's organisation scope (the
        modeller's volumes); the roll-ups' re-pricing reads every practice's, by claim."""
        return self._paid_lines(start=start, end=end, payer=payer, scoped=True)

    def paid_lines_of_claims(self, claim_keys: Collection[str]) -> list[PaidLine]:
        """Every line of the claims ``originator:claim number`` (reversals netted)."""
        pairs = sorted(tuple(k.split(SEPARATOR, 1)) for k in claim_keys)
        out: list[PaidLine] = []
        for start in range(0, len(pairs), _KEYS_PER_QUERY):
            out += self._paid_lines(claims=pairs[start : start + _KEYS_PER_QUERY])
        return out

    def _paid_lines(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        payer: str | None = None,
        claims: Sequence[tuple[str, ...]] | None = None,
        scoped: bool = False,
    ) -> list[PaidLine]:
        ln, c, p = remittance_lines, remittance_claims, remittance_payments
        day = sa.func.coalesce(ln.c.service_date, c.c.statement_from)
        query = (
            sa.select(
                ln.c.id,
                ln.c.code,
                ln.c.modifiers,
                ln.c.charge_cents,
                ln.c.paid_cents,
                ln.c.allowed_cents,
                ln.c.units_hundredths,
                ln.c.remark_codes,
                day.label("day"),
                c.c.id.label("claim_id"),
                c.c.claim_number,
                c.c.status,
                c.c.received,
                p.c.originator,
                p.c.payer_name,
                p.c.payment_date,
            )
            .join(c, c.c.id == ln.c.claim_id)
            .join(p, p.c.id == c.c.payment_id)
            .where(day.is_not(None), *(payment_conditions(self._session) if scoped else []))
            .order_by(ln.c.id)
        )
        if start is not None:
            query = query.where(day >= start)
        if end is not None:
            query = query.where(day <= end)
        if payer is not None:
            query = query.where(sa.func.lower(p.c.payer_name) == payer.strip().lower())
        if claims is not None:
            # by claim number through its index, the originator checked below (see
            # _KEYS_PER_QUERY)
            query = query.where(c.c.claim_number.in_(sorted({k[1] for k in claims})))
        # plain rows, unpacked by position: a mapping per row cost a tenth of a re-pricing
        rows = [tuple(r) for r in self._session.execute(query)]
        if claims is not None:
            wanted = {(k[0], k[1]) for k in claims}
            rows = [r for r in rows if (r[13], r[10]) in wanted]
        dropped = _reversed_claims(
            self._session, {(r[13], r[10]) for r in rows if r[11] == REVERSAL_STATUS}
        )
        rows = [r for r in rows if r[9] not in dropped]
        adjustments = self._line_adjustments([r[0] for r in rows])
        lines = (_paid_line(r, tuple(adjustments.get(r[0], ()))) for r in rows)
        return [line for line in lines if line is not None]

    def _line_adjustments(self, line_ids: list[int]) -> dict[int, list[Adjustment]]:
        a = remittance_adjustments
        found: dict[int, list[Adjustment]] = defaultdict(list)
        for start in range(0, len(line_ids), 900):
            query = (
                sa.select(a.c.line_id, a.c.group_code, a.c.reason, a.c.amount_cents)
                .where(a.c.line_id.in_(line_ids[start : start + 900]))
                .order_by(a.c.id)
            )
            for line_id, group, reason, cents in self._session.execute(query):
                if group in _GROUPS:
                    found[line_id].append(Adjustment(group, reason, Decimal(cents) / 100))
        return found

    def statuses(self) -> dict[str, str]:
        """Worklist status by line id, for lines whose status was set."""
        t = underpayment_statuses
        return {str(r[0]): r[1] for r in self._session.execute(sa.select(t.c.line_id, t.c.status))}

    def set_status(self, line_ids: Sequence[int], status: str, *, at: datetime) -> int:
        """Set the status of stored lines; return how many exist (unknown ids are skipped)."""
        ids = sorted(set(line_ids))
        known = [
            int(r[0])
            for start in range(0, len(ids), 900)
            for r in self._session.execute(
                sa.select(remittance_lines.c.id).where(
                    remittance_lines.c.id.in_(ids[start : start + 900])
                )
            )
        ]
        t = underpayment_statuses
        before: dict[int, str] = {}
        for start in range(0, len(known), 900):
            chunk = known[start : start + 900]
            query = sa.select(t.c.line_id, t.c.status).where(t.c.line_id.in_(chunk))
            before.update((int(r[0]), r[1]) for r in self._session.execute(query))
        for line_id in known:
            old = before.get(line_id, "new")
            if old != status:
                self._record(Change(AuditAction.UPDATE, "underpayment_line", str(line_id),
                                    before={"status": old}, after={"status": status}))  # fmt: skip
        for start in range(0, len(known), 900):
            self._session.execute(sa.delete(t).where(t.c.line_id.in_(known[start : start + 900])))
        if known:
            self._session.execute(
                sa.insert(t), [{"line_id": i, "status": status, "changed_at": at} for i in known]
            )
        return len(known)

    def code_labels(self) -> list[tuple[str, str, str]]:
        t = code_labels
        query = sa.select(t.c.list, t.c.code, t.c.meaning).order_by(t.c.list, t.c.code)
        return [(r[0], r[1], r[2]) for r in self._session.execute(query)]

    def replace_code_labels(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """Replace every stored label with ``rows`` (an import is the whole list)."""
        old = self._session.execute(sa.select(sa.func.count()).select_from(code_labels))
        before, after = {"labels": old.scalar_one()}, {"labels": len(rows)}
        self._record(Change(AuditAction.IMPORT, "code_labels", "all", None, before, after))
        self._session.execute(sa.delete(code_labels))
        if rows:
            self._session.execute(
                sa.insert(code_labels),
                [{"list": k, "code": c, "meaning": m[:1000]} for k, c, m in rows],
            )


def _paid_line(row: tuple[Any, ...], adjustments: tuple[Adjustment, ...]) -> PaidLine | None:
    """One stored line (a plain row of ``_paid_lines``' query, by position) as a priced
    service line, or None when it is not one to price."""
    (line_id, code, modifiers, charge_cents, paid_cents, allowed_cents, units_hundredths,
     remark_codes, day, claim_id, claim_number, status, received, originator, payer_name,
     payment_date) = row  # fmt: skip
    charge = _dollars(charge_cents) or Decimal(0)
    if charge < 0:  # a stray negative line is not a service to price
        return None
    units = round((units_hundredths or 100) / 100)
    try:
        line = ServiceLine(
            line_id=str(line_id),
            # the payer's claim number groups a visit: no patient identity needed
            visit=f"{originator}{SEPARATOR}{claim_number}",
            payer=payer_name or originator,
            code=code,
            units=units,
            charge=charge,
            date_of_service=day,
            paid=_dollars(paid_cents) or Decimal(0),
            modifiers=tuple(x for x in modifiers.split(SEPARATOR) if x),
            allowed=_dollars(allowed_cents),
            adjustments=adjustments,
            remarks=tuple(x for x in remark_codes.split(SEPARATOR) if x),
        )
    except ValidationError:
        return None  # not a HCPCS line (a revenue code, an NDC): not in a fee schedule
    return PaidLine(
        line=line, claim_id=claim_id, received=received, paid_on=payment_date,
        denied=status == _DENIED,
    )  # fmt: skip
