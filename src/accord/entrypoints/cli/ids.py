"""Record ids on the command line: whole numbers from 1 to the largest id a database holds.

A larger number is refused while parsing (one line, exit code 2) instead of overflowing
the database driver.
"""

from __future__ import annotations

import typer

__all__ = ["MAX_ID", "NEGOTIATION_ID"]

MAX_ID = 2_147_483_647
"""The largest id: PostgreSQL's ``integer`` primary keys (and the API's limit)."""

NEGOTIATION_ID = typer.Argument(..., min=1, max=MAX_ID, help="Negotiation id.")
