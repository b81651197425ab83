"""``accord user orgs``: which organisations a person works for (organisation scope).

A user with organisations chosen sees only those organisations' negotiations, contracts
and remittances; with none chosen (the default), or as an owner or admin, everything.
"""

from __future__ import annotations

import typer

from accord.domain.actors import OPERATOR
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json
from accord.entrypoints.cli.users import user_app
from accord.services.memberships import UserScope, set_user_organisations, user_scope

__all__ = ["register", "scope_data"]


def register(app: typer.Typer) -> None:
    """Add ``orgs`` to the ``user`` group (which ``users.register`` adds to ``app``)."""
    user_app.command("orgs")(orgs)


def scope_data(scope: UserScope) -> dict[str, object]:
    """A user's scope as plain JSON data."""
    return {
        "user": scope.user,
        "role": scope.role.value,
        "sees_all": scope.sees_all,
        "organisations": [{"id": oid, "name": name} for oid, name in scope.organisations],
    }


_ADD = typer.Option([], "--add", help="An organisation (id or name) they work for; repeatable.")
_REMOVE = typer.Option([], "--remove", help="An organisation (id or name) to take away.")
_CLEAR = typer.Option(False, "--clear", help="Choose none again: they see every organisation.")


def orgs(
    name: str = typer.Argument(..., help="The user's login name."),
    add: list[str] = _ADD,
    remove: list[str] = _REMOVE,
    clear: bool = _CLEAR,
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Show or change which organisations' records a user sees.

    Without --add, --remove or --clear it only shows them. A user with no organisations
    chosen, and every owner and admin, sees all of them.
    """
    accord = get_app()
    uow = accord.store.unit_of_work()
    if clear:
        scope = set_user_organisations(uow, OPERATOR, name, replace=())
    elif add or remove:
        scope = set_user_organisations(uow, OPERATOR, name, add=add, remove=remove)
    else:
        scope = user_scope(uow, OPERATOR, name)
    if as_json:
        print_json(scope_data(scope))
        return
    note = " (owners and admins see everything)" if scope.role.value in ("owner", "admin") else ""
    console.print(f"{scope.user} sees: {scope.sees}{note}", markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip
    if scope.sees_all and scope.organisations:
        chosen = ", ".join(n for _, n in scope.organisations)
        console.print(f"chosen: {chosen}", markup=False, highlight=False, soft_wrap=True)
