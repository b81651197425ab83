"""The key that signs the web forms' tokens.

Each form carries a token derived from the browser's session with this key. The key is
stored in the database (made by migration 0013), so that every worker process behind
one address accepts the forms of pages another one served, and a form survives a
server restart.
"""

from __future__ import annotations

import secrets

from accord.services.ports import UnitOfWork

__all__ = ["form_key"]


def form_key(uow: UnitOfWork) -> bytes:
    """The stored key; a fresh one for this process alone where none is stored."""
    with uow:
        stored = uow.form_key()
    return stored if stored else secrets.token_bytes(32)
