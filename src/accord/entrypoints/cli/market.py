"""CLI commands of the market capability (filled in as the capability lands)."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this group's commands to the ``accord`` application."""
    del app
