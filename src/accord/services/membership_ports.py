"""What organisation scope needs of the store: which organisations each user works for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

__all__ = ["MembershipStore"]


class MembershipStore(Protocol):
    """The user ↔ organisation links (``user_organisations``)."""

    def organisations_of(self, user_id: int) -> Sequence[int]:
        """The ids of the organisations ``user_id`` works for, ascending."""
        ...

    def replace(self, user_id: int, organisation_ids: Iterable[int]) -> None:
        """Make ``organisation_ids`` the user's organisations (none: sees everything)."""
        ...

    def every_user(self) -> Mapping[int, Sequence[int]]:
        """Each user with organisations → their ids (users without any are absent)."""
        ...
