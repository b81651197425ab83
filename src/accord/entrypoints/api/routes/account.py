"""``/api/account``: the signed-in user's own password and personal API tokens.

The same services as the account page and ``accord user token``: every role sets its
own password and manages its own tokens, and no one else's (the user is the one signed
in, never named in the path); a read-only token may change nothing (it may only read).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from accord.domain.accounts import TokenScope
from accord.domain.actors import Actor
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.account_tokens import (
    NewTokenPublic,
    TokenCreate,
    TokenPublic,
)
from accord.entrypoints.http.schemas.accounts import PasswordChange
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.errors import NotFoundError, NotSignedInError
from accord.services import accounts

__all__ = ["router"]

router = APIRouter(tags=["account"])

TokenId = Annotated[int, Path(ge=1, le=MAX_ID, description="The token's id.")]


def _actor(request: Request) -> Actor:
    actor = getattr(request.state, "actor", None)
    if not isinstance(actor, Actor):  # the authentication middleware lets none through
        raise NotSignedInError("sign in first")
    return actor


@router.get("/account/tokens")
def my_tokens(request: Request, accord: AccordDep) -> list[TokenPublic]:
    """Your API tokens, oldest first: last use, last day and state; never a secret."""
    actor = _actor(request)
    now = accord.clock.now()
    tokens = accounts.list_tokens(accord.store.unit_of_work(), actor, actor.name)
    return [TokenPublic.of(t, now) for t in tokens]


@router.post("/account/tokens", status_code=201)
def create_my_token(request: Request, accord: AccordDep, body: TokenCreate) -> NewTokenPublic:
    """A new API token for you; its ``secret`` is in this answer only."""
    actor = _actor(request)
    now = accord.clock.now()
    token, secret = accounts.create_token(
        accord.store.unit_of_work(), actor, actor.name, body.label, TokenScope(body.scope), now,
        last_day=body.last_day,
    )  # fmt: skip
    return NewTokenPublic(**TokenPublic.of(token, now).model_dump(), secret=secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_my_token(request: Request, accord: AccordDep, token_id: TokenId) -> TokenPublic:
    """Revoke one of your tokens; it stops working at once."""
    actor = _actor(request)
    mine = accounts.list_tokens(accord.store.unit_of_work(), actor, actor.name)
    if all(t.id != token_id for t in mine):
        raise NotFoundError(f"you have no API token {token_id}")
    now = accord.clock.now()
    return TokenPublic.of(
        accounts.revoke_token(accord.store.unit_of_work(), actor, token_id, now), now
    )


@router.put("/account/password", status_code=204, response_class=Response)
def set_my_password(request: Request, accord: AccordDep, body: PasswordChange) -> Response:
    """Set your own password, as the account page does (no current password asked:
    the page asks none). Every browser session of yours is signed out; API tokens go
    on working."""
    actor = _actor(request)
    accounts.reset_password(
        accord.store.unit_of_work(), accord.passwords, actor, actor.name, body.password
    )
    return Response(status_code=204)
