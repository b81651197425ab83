"""The daily roll-up of the practice-economics lines, as one SQL select (SQLAlchemy Core,
the same on SQLite and PostgreSQL): what :mod:`accord.adapters.store.economics_rollup`
stores per payer × day × code, and what a benchmark or a rebuild inserts in bulk.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from accord.adapters.store.tables import economics_lines as _L
from accord.domain.economics.line_facts import DENIED, NO_CONTRACT, NO_MEDICARE, NO_RATE

__all__ = ["DAILY_COLUMNS", "rollup_daily_select"]


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def rollup_daily_select() -> sa.Select[Any]:
    """The daily roll-up rows of ``economics_lines`` (before a filter and the grouping)."""
    priced = _L.c.expected_cents.is_not(None)
    return sa.select(
        _L.c.payer,
        _L.c.day,
        _L.c.code,
        sa.func.count(),
        sa.func.sum(_L.c.units),
        sa.func.sum(_L.c.paid_cents),
        sa.func.sum(_L.c.allowed_cents),
        sa.func.sum(_L.c.patient_cents),
        sa.func.sum(sa.case((_L.c.medicare_cents.is_not(None), _L.c.allowed_cents), else_=0)),
        sa.func.sum(sa.func.coalesce(_L.c.medicare_cents, 0)),
        _count(priced),
        sa.func.sum(sa.func.coalesce(_L.c.expected_cents, 0)),
        sa.func.sum(sa.case((priced, _L.c.allowed_cents), else_=0)),
        _count(_L.c.unpriced == NO_CONTRACT),
        _count(_L.c.unpriced == NO_RATE),
        _count(_L.c.unpriced == NO_MEDICARE),
        _count(_L.c.unpriced == DENIED),
        _count(_L.c.visit_first),
        _count(_L.c.claim_first),
        _count(sa.and_(_L.c.claim_first, _L.c.claim_denied)),
    )


DAILY_COLUMNS = [
    "payer", "day", "code", "lines", "units", "paid_cents", "allowed_cents", "patient_cents",
    "medicare_allowed_cents", "medicare_cents", "priced", "expected_cents",
    "priced_allowed_cents", "no_contract", "no_rate", "no_medicare", "denied_lines", "visits",
    "claims", "denied_claims",
]  # fmt: skip
