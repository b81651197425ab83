"""The signed-in person's own account page: who they are, their password, and their
personal API tokens.

Everyone manages their own tokens here, whatever their role (an owner or admin manages
others' with ``accord user token``): create one with a name, a scope (read-only or
read-write) and an optional last day; the secret is shown once, on the page that
answers the form, and never again; the list shows when each was last used and when it
ends; revoking asks first. The same services as the CLI decide and record each change
in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.bootstrap import Accord
from accord.domain.accounts import PASSWORD_MIN, ApiToken, TokenScope
from accord.domain.actors import Actor
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.account_tokens import TokenCreate
from accord.entrypoints.http.schemas.accounts import PasswordChange
from accord.entrypoints.web.actions import read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.pages.team import ROLE_SAYS
from accord.entrypoints.web.rendering import FormError, render_page, see_other, signed_in
from accord.entrypoints.web.schema_forms import given
from accord.errors import AccordError, NotFoundError, NotSignedInError, ValidationError
from accord.services import accounts

__all__ = ["AccountPage", "NewToken", "TokenRow", "router"]

router = APIRouter()

SCOPES = [
    (TokenScope.READ.value, "Read-only: it can look, never change"),
    (TokenScope.WRITE.value, "Read and write: whatever your role may do"),
]


class TokenRow(BaseModel):
    id: int
    label: str
    scope: str
    created: str  # "2026-12-07"
    last_used: str | None  # "2026-12-07 14:03 UTC"
    last_day: str | None  # "2027-03-31": works through that day (UTC)
    state: str  # live, ended, revoked


class NewToken(BaseModel):
    """A token just made: its secret, shown on this one answer only."""

    id: int
    label: str
    scope: str
    last_day: str | None
    secret: str


class AccountPage(BaseModel):
    name: str
    role: str
    role_says: str
    has_password: bool
    password_min: int = PASSWORD_MIN
    tokens: list[TokenRow]
    scopes: list[tuple[str, str]]
    today: str
    new_token: NewToken | None = None


def _actor(request: Request) -> Actor:
    actor = signed_in(request)
    if actor is None:  # the authentication middleware lets no anonymous request here
        raise NotSignedInError("sign in first")
    return actor


def _minute(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _row(token: ApiToken, now: datetime) -> TokenRow:
    return TokenRow(
        id=token.id, label=token.label, scope=token.scope.value,
        created=token.created_at.date().isoformat(), last_used=_minute(token.last_used_at),
        last_day=token.last_day.isoformat() if token.last_day else None,
        state=token.state(now),
    )  # fmt: skip


def _account(accord: Accord, actor: Actor, new_token: NewToken | None = None) -> AccountPage:
    uow = accord.store.unit_of_work()
    with uow:
        user = accounts.find_user(uow, actor.name)
    now = accord.clock.now()
    tokens = accounts.list_tokens(accord.store.unit_of_work(), actor, actor.name)
    return AccountPage(
        name=user.name, role=user.role.value, role_says=ROLE_SAYS[user.role],
        has_password=user.has_password, scopes=SCOPES, today=now.date().isoformat(),
        tokens=[_row(t, now) for t in reversed(tokens)], new_token=new_token,
    )  # fmt: skip


def _render(
    request: Request, accord: Accord, *, new_token: NewToken | None = None,
    error: FormError | None = None, form: Form | None = None, status: int = 200,
) -> Response:  # fmt: skip
    page = _account(accord, _actor(request), new_token)
    values = None if form is None else {k: v for k, v in form.data.items() if "password" not in k}
    response = render_page(request, "account.html", page, title="Account", error=error,
                           values=values, status_code=status)  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # a new token's secret is on it
    return response


@router.get("/account", name="account")
def account(request: Request, accord: AccordDep) -> Response:
    """Your own account: who you are, your password, your API tokens
    (JSON twin: ``?format=json``, never a token's secret)."""
    return _render(request, accord)


async def _change(
    request: Request, accord: AccordDep, form: Form, form_name: str,
    action: Callable[[Actor], NewToken | None], done: str,
) -> Response:  # fmt: skip
    actor = _actor(request)
    try:
        made = await run_in_threadpool(action, actor)
    except AccordError as exc:
        error, status = FormError.of(form_name, exc), exc.http_status
        return await run_in_threadpool(
            lambda: _render(request, accord, error=error, form=form, status=status)
        )
    if made is not None:
        return await run_in_threadpool(lambda: _render(request, accord, new_token=made))
    return see_other(done)


@router.post("/account/password")
async def set_password(request: Request, accord: AccordDep) -> Response:
    """Set one's own password (typed twice); every session is signed out, this one too."""
    form = await read_form(request)

    def change(actor: Actor) -> None:
        # as typed (a password is never trimmed); "again" is the form's own check
        body = validate_input(PasswordChange, {"password": form.data.get("password", "")})
        if body.password != form.data.get("again", ""):
            raise ValidationError("the two passwords differ; type the same one twice",
                                  field="again")  # fmt: skip
        accounts.reset_password(
            accord.store.unit_of_work(), accord.passwords, actor, actor.name, body.password
        )

    return await _change(request, accord, form, "password", change, "/login?next=/account")


@router.post("/account/tokens")
async def create_token(request: Request, accord: AccordDep) -> Response:
    """A new personal API token; its secret is on the page that answers, once."""
    form = await read_form(request)

    def create(actor: Actor) -> NewToken:
        body = validate_input(TokenCreate, given(form, "label", "scope", "last_day"))
        token, secret = accounts.create_token(
            accord.store.unit_of_work(), actor, actor.name, body.label, TokenScope(body.scope),
            accord.clock.now(), last_day=body.last_day,
        )  # fmt: skip
        last = token.last_day.isoformat() if token.last_day else None
        return NewToken(id=token.id, label=token.label, scope=token.scope.value, secret=secret,
                        last_day=last)  # fmt: skip

    return await _change(request, accord, form, "token", create, "/account#tokens")


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(request: Request, accord: AccordDep, token_id: int) -> Response:
    """Revoke one of one's own tokens (the page asks first); it stops working at once."""
    form = await read_form(request)

    def revoke(actor: Actor) -> None:
        mine = accounts.list_tokens(accord.store.unit_of_work(), actor, actor.name)
        if all(t.id != token_id for t in mine):  # another's token: as if it did not exist
            raise NotFoundError(f"you have no API token {token_id}")
        accounts.revoke_token(accord.store.unit_of_work(), actor, token_id, accord.clock.now())

    return await _change(request, accord, form, "tokens", revoke,
                         "/account?saved=revoked#tokens")  # fmt: skip
