"""``accord user``: accounts, roles and personal API tokens.

The command line acts as the machine's operator (whoever can open the database can do
everything), so these commands are how the first owner and a lost password are fixed.
Passwords are never command-line arguments (they would stay in the shell's history and
in ``ps``): they are asked for with a hidden prompt, or read from standard input with
``--password-stdin``.
"""

from __future__ import annotations

import sys
from datetime import datetime

import typer

from accord.domain.accounts import ApiToken, Role, TokenScope, User
from accord.domain.actors import OPERATOR
from accord.domain.input_text import parse_date
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json, record_table
from accord.errors import ValidationError
from accord.services import accounts

__all__ = ["register"]

user_app = typer.Typer(help="Users, their roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens (Authorization: Bearer …).", no_args_is_help=True)
user_app.add_typer(token_app, name="token")

_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from standard input (first line)."
)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        try:
            line = sys.stdin.readline()
        except OSError as exc:
            raise ValidationError("standard input cannot be read", field="password") from exc
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError(
            "no terminal to ask for the password in; pipe it with --password-stdin",
            field="password",
        )
    first: str = typer.prompt("Password", hide_input=True)
    again: str = typer.prompt("Password again", hide_input=True)
    if first != again:
        raise ValidationError("the two passwords differ", field="password")
    return first


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _user_data(user: User) -> dict[str, object]:
    return {"id": user.id, "name": user.name, "role": user.role.value, "active": user.active,
            "has_password": user.has_password, "created_at": _when(user.created_at)}  # fmt: skip


def _token_data(token: ApiToken) -> dict[str, object]:
    return {"id": token.id, "user": token.user_name, "label": token.label,
            "scope": token.scope.value, "created_at": _when(token.created_at),
            "last_used_at": _when(token.last_used_at),
            "revoked_at": _when(token.revoked_at),
            "last_day": token.last_day.isoformat() if token.last_day else None,
            "expires_at": _when(token.expires_at)}  # fmt: skip


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


@user_app.command("add")
def add(
    name: str = typer.Argument(..., help="Login name: a–z, 0–9, . _ @ - (staff, not patients)."),
    role: Role = typer.Option(Role.NEGOTIATOR, help="owner, admin, negotiator, viewer or auditor."),
    password_stdin: bool = _STDIN,
    as_json: bool = typer.Option(False, "--json", help="Print the new user as JSON."),
) -> None:  # fmt: skip
    """Add a user with a password (asked for, or read with --password-stdin)."""
    accord = get_app()
    password = _read_password(password_stdin)
    user = accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, OPERATOR, name, role, password,
        accord.clock.now(),
    )  # fmt: skip
    if as_json:
        print_json(_user_data(user))
        return
    _say(f"user {user.name} added ({user.role.value})")


@user_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List every user with role and state."""
    accord = get_app()
    users = accounts.list_users(accord.store.unit_of_work(), OPERATOR)
    if as_json:
        print_json([_user_data(u) for u in users])
        return
    table = record_table("Users", ["name", "role", "state", "password", "since"])
    for user in users:
        table.add_row(
            user.name, user.role.value, "active" if user.active else "disabled",
            "set" if user.has_password else "none (sign-in link)",
            user.created_at.date().isoformat(),
        )  # fmt: skip
    console.print(table)


@user_app.command("disable")
def disable(name: str = typer.Argument(..., help="The user's login name.")) -> None:
    """Disable a user: signed out everywhere, their tokens stop working."""
    accord = get_app()
    user = accounts.set_active(accord.store.unit_of_work(), OPERATOR, name, active=False)
    _say(f"user {user.name} disabled and signed out")


@user_app.command("enable")
def enable(name: str = typer.Argument(..., help="The user's login name.")) -> None:
    """Enable a disabled user again."""
    accord = get_app()
    user = accounts.set_active(accord.store.unit_of_work(), OPERATOR, name, active=True)
    _say(f"user {user.name} enabled")


@user_app.command("reset-password")
def reset_password(
    name: str = typer.Argument(..., help="The user's login name."),
    password_stdin: bool = _STDIN,
) -> None:
    """Set a user's password (asked for, or read with --password-stdin); signs them out."""
    accord = get_app()
    password = _read_password(password_stdin)
    accounts.reset_password(accord.store.unit_of_work(), accord.passwords, OPERATOR, name, password)
    _say(f"password of {name.strip().lower()} set; their sessions are signed out")


@user_app.command("role")
def role(
    name: str = typer.Argument(..., help="The user's login name."),
    new_role: Role = typer.Argument(..., metavar="ROLE", help="The new role."),
) -> None:  # fmt: skip
    """Give a user another role; signs them out."""
    accord = get_app()
    user = accounts.change_role(accord.store.unit_of_work(), OPERATOR, name, new_role)
    _say(f"user {user.name} is now {user.role.value}; their sessions are signed out")


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="Whose token (login name)."),
    label: str = typer.Option(..., "--label", help="What uses it, e.g. 'nightly export'."),
    scope: TokenScope = typer.Option(TokenScope.READ, help="read (GET only) or write."),
    expires: str | None = typer.Option(
        None, "--expires", metavar="YYYY-MM-DD",
        help="The last day it works (UTC); without it the token works until revoked.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with the secret)."),
) -> None:  # fmt: skip
    """Create an API token; its secret is shown once — store it like a password."""
    accord = get_app()
    last_day = parse_date(expires, field="--expires")
    try:
        token, secret = accounts.create_token(
            accord.store.unit_of_work(), OPERATOR, name, label, scope, accord.clock.now(),
            last_day=last_day,
        )  # fmt: skip
    except ValidationError as exc:
        if exc.field != "last_day":
            raise
        raise ValidationError(exc.message.removeprefix("last_day: "), field="--expires") from exc
    if as_json:
        print_json({**_token_data(token), "secret": secret})
        return
    until = f", works through {token.last_day.isoformat()}" if token.last_day else ""
    _say(f"token {token.id} for {token.user_name} ({token.scope.value}{until}): {secret}")
    _say("send it as 'Authorization: Bearer <token>'; it is not shown again")


@token_app.command("list")
def token_list(
    name: str | None = typer.Option(None, "--user", help="Only this user's tokens."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List API tokens (never their secrets), with when each was last used."""
    accord = get_app()
    tokens = accounts.list_tokens(accord.store.unit_of_work(), OPERATOR, name)
    now = accord.clock.now()
    if as_json:
        print_json([{**_token_data(t), "state": t.state(now)} for t in tokens])
        return
    columns = ["id", "user", "label", "scope", "last used", "last day", "state"]
    table = record_table("API tokens", columns)
    for token in tokens:
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
        last_day = token.last_day.isoformat() if token.last_day else "no end"
        table.add_row(token.id, token.user_name, token.label, token.scope.value, used,
                      last_day, token.state(now))  # fmt: skip
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: int = typer.Argument(..., min=1, help="The token's id (token list)."),
) -> None:
    """Revoke an API token for good."""
    accord = get_app()
    token = accounts.revoke_token(
        accord.store.unit_of_work(), OPERATOR, token_id, accord.clock.now()
    )
    _say(f"token {token.id} of {token.user_name} revoked")
