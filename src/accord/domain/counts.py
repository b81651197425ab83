"""Counts said as people say them, the same at every door: ``1 line``, ``3,062 lines``.

Messages wrote ``line(s)``; a clinic's billing lead reads "3,062 service lines".

    >>> counted(1, "line"), counted(3062, "service line"), counted(2, "reply", "replies")
    ('1 line', '3,062 service lines', '2 replies')
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with thousands separators and ``noun`` in the singular for one, else
    in the plural (``noun + "s"`` unless ``plural`` is given)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
