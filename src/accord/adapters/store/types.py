"""Column types that keep values identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from accord.domain.agreements import RateChange, SoftSaving, SoftSavingCategory
from accord.domain.negotiation import TeamMember, TeamRole
from accord.domain.preparation import Checklist

__all__ = [
    "ChecklistType",
    "JSONValue",
    "Money",
    "RateChangesType",
    "SoftSavingsType",
    "TeamType",
    "UTCDateTime",
]


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware datetimes, stored in UTC, returned aware on both databases."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(sa.TypeDecorator[Decimal]):
    """Dollar amounts as integer cents: exact, and the same on every database."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 100).to_integral_value())

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(value) / 100).quantize(Decimal("0.01"))


JSONValue = sa.JSON(none_as_null=True)


class _JSONObject(sa.TypeDecorator[Any]):
    """A value object stored as JSON, converted by :meth:`dump` and :meth:`load`."""

    impl = sa.JSON
    cache_ok = True

    def dump(self, value: Any) -> Any:
        raise NotImplementedError

    def load(self, value: Any) -> Any:
        raise NotImplementedError

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self.dump(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return self.load(value)


class ChecklistType(_JSONObject):
    cache_ok = True  # SQLAlchemy asks every subclass: stateless, safe to cache

    def dump(self, value: Checklist) -> Any:
        return value.to_dict()

    def load(self, value: Any) -> Checklist:
        return Checklist.from_dict(value)


class TeamType(_JSONObject):
    cache_ok = True

    def dump(self, value: list[TeamMember]) -> Any:
        return [{"name": m.name, "role": m.role.value} for m in value]

    def load(self, value: Any) -> list[TeamMember]:
        return [TeamMember(m["name"], TeamRole(m["role"])) for m in value or []]


class SoftSavingsType(_JSONObject):
    cache_ok = True

    def dump(self, value: list[SoftSaving]) -> Any:
        return [
            {"category": s.category.value, "amount": str(s.amount), "note": s.note} for s in value
        ]

    def load(self, value: Any) -> list[SoftSaving]:
        return [
            SoftSaving(SoftSavingCategory(s["category"]), Decimal(s["amount"]), s.get("note", ""))
            for s in value or []
        ]


class RateChangesType(_JSONObject):
    cache_ok = True

    def dump(self, value: list[RateChange]) -> Any:
        return [
            {
                "code": c.code,
                "current_rate": str(c.current_rate),
                "new_rate": str(c.new_rate),
                "yearly_volume": c.yearly_volume,
            }
            for c in value
        ]

    def load(self, value: Any) -> list[RateChange]:
        return [
            RateChange(
                c["code"],
                Decimal(c["current_rate"]),
                Decimal(c["new_rate"]),
                int(c["yearly_volume"]),
            )
            for c in value or []
        ]
