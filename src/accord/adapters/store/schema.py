"""The schema's one ``MetaData`` and the column shapes its tables share.

Every table module (``tables.py``, ``remittance_tables.py``, ``contract_tables.py``)
registers on this ``metadata``, so Alembic, ``create_all`` and the tests see one schema.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa

__all__ = ["cents", "enum_column", "foreign_key", "metadata", "parent", "primary_id"]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def enum_column(cls: type[enum.Enum]) -> sa.Enum:
    """A domain enum stored as its values in a short text column (no native enum type,
    so adding a member needs no migration on PostgreSQL)."""
    return sa.Enum(
        cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def primary_id() -> sa.Column[int]:
    """The integer primary key ``id`` every table of the record has."""
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def foreign_key(
    column: str,
    table: str,
    *,
    ondelete: str | None = "CASCADE",
    nullable: bool = False,
    index: bool = True,
    unique: bool = False,
) -> sa.Column[int]:
    """An integer column referring to ``table.id``, indexed unless said otherwise."""
    return sa.Column(
        column,
        sa.Integer,
        sa.ForeignKey(f"{table}.id", ondelete=ondelete),
        nullable=nullable,
        index=index,
        unique=unique,
    )


def parent(
    table: str = "negotiations", column: str | None = None, *, unique: bool = False
) -> sa.Column[int]:
    """The row a child belongs to and is deleted with: ``parent("contracts")`` is a
    required ``contract_id`` referring to ``contracts.id`` ON DELETE CASCADE, indexed
    (a unique column needs no second index)."""
    name = column or f"{table.removesuffix('s')}_id"
    return foreign_key(name, table, index=not unique, unique=unique)


def cents(name: str, *, nullable: bool = False) -> sa.Column[int]:
    """Money as whole cents: BIGINT, so that no sum of a year's remittances overflows."""
    return sa.Column(name, sa.BigInteger, nullable=nullable)
