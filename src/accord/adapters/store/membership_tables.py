"""Which organisations each user works for (migration 0014): organisation scope.

A user with rows here sees only those organisations' records (``domain/scope.py``); the
index on ``negotiations.our_org_id`` keeps a scoped list as fast as an unscoped one.
"""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.tables import metadata, negotiations

__all__ = ["NEGOTIATIONS_BY_OWNER", "user_organisations"]

user_organisations = sa.Table(
    "user_organisations",
    metadata,
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "organisation_id",
        sa.Integer,
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

# Scoped lists filter negotiations by their own-side organisation.
NEGOTIATIONS_BY_OWNER = sa.Index("ix_negotiations_our_org", negotiations.c.our_org_id)
