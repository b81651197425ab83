"""Passwords hashed with argon2id through pwdlib.

pwdlib is maintained and small; fastapi-users, the usual alternative, declares itself in
maintenance mode and brings its own user model, routes and ORM layer, which Accord does
not want. pwdlib's ``verify_and_update`` also hands back a fresh hash when a stored one
used weaker parameters, which :func:`accord.services.sign_in.sign_in` saves.
"""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher

__all__ = ["Argon2Passwords"]


class Argon2Passwords:
    """argon2id with argon2-cffi's defaults (64 MiB, 3 passes; ~0.13 s here)."""

    def __init__(self) -> None:
        self._hash = PasswordHash((Argon2Hasher(),))
        self._dummy: str | None = None  # made on first use: a hash costs ~0.13 s

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, stored: str) -> tuple[bool, str | None]:
        try:
            return self._hash.verify_and_update(password, stored)
        except UnknownHashError:
            return False, None

    def burn(self, password: str) -> None:
        if self._dummy is None:
            self._dummy = self._hash.hash("a password nobody has")
        self._hash.verify(password, self._dummy)
