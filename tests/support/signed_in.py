"""Signing tests in once, centrally: a user of a given role and a live session for them.

``live_server`` puts the session's cookie on every request that carries no credentials
of its own, as a browser that signed in would; the server checks it like any other
(a real session row, looked up by its hash). Tests about signing in pass
``signed_in=None`` and get the bare server.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR
from accord.services import accounts
from accord.services.sign_in import issue_sign_in_link, redeem_sign_in_link
from accord.services.sign_in_throttle import WINDOW

COOKIE = "accord_session"


def user_of_role(accord: Accord, role: Role) -> int:
    """The id of the user ``test-<role>``, made (without a password) if missing."""
    name = f"test-{role.value}"
    with accord.store.unit_of_work() as uow:
        found = uow.accounts.find(name)
    if found is not None:
        return found.id
    user = accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, OPERATOR, name, role, None,
        accord.clock.now(),
    )  # fmt: skip
    return user.id


def session_secret(accord: Accord, role: Role = Role.OWNER) -> str:
    """A new session for ``test-<role>``, lasting a year of the test clock."""
    uow = accord.store.unit_of_work
    link = issue_sign_in_link(uow(), user_of_role(accord, role), accord.clock.now())
    _, secret = redeem_sign_in_link(uow(), link, accord.clock.now(), WINDOW * 4 * 24 * 365)
    return secret


class SignedInBrowser:
    """ASGI wrapper: the session cookie on every request that has no credentials."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.cookie = f"{COOKIE}={secret}".encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = list(scope["headers"])
            names = {name for name, _ in headers}
            cookies = b"; ".join(v for n, v in headers if n == b"cookie")
            if b"authorization" not in names and COOKIE.encode() + b"=" not in cookies:
                rest = [(n, v) for n, v in headers if n != b"cookie"]
                joined = b"; ".join(c for c in (cookies, self.cookie) if c)
                scope = {**scope, "headers": [*rest, (b"cookie", joined)]}
        await self.app(scope, receive, send)
