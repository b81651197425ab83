"""``accord org`` and ``accord contact``: the organisations and people we deal with."""

from __future__ import annotations

import typer

from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID
from accord.entrypoints.cli.output import JSON_OPTION, print_json
from accord.entrypoints.cli.render import contacts_table, organisations_table
from accord.services import organisations
from accord.services.plain_data import plain_data

__all__ = ["register"]

org_app = typer.Typer(help="Organisations: payers, providers, facilities, allies, our own.",
                      no_args_is_help=True)  # fmt: skip
contact_app = typer.Typer(help="Contacts at organisations, with their decision role.",
                          no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
    app.add_typer(contact_app, name="contact")


@org_app.command("add")
def org_add(
    name: str = typer.Argument(..., help="Organisation name (unique)."),
    kind: OrganisationKind = typer.Option(..., "--kind", "-k", help="What it is to us."),
    npi: str | None = typer.Option(None, help="10-digit NPI (check digit verified)."),
    tin: str | None = typer.Option(None, help="Tax id, NN-NNNNNNN."),
    state: str | None = typer.Option(None, help="Two-letter state code."),
    county: str | None = typer.Option(None, help="County name."),
    zip_code: str | None = typer.Option(None, "--zip", help="ZIP or ZIP+4."),
    parent: int | None = typer.Option(None, min=1, max=MAX_ID,
                                      help="Id of the parent organisation."),
    department: list[str] = typer.Option([], "--department", "-d",
                                         help="A department (repeat for several)."),
    notes: str = typer.Option("", help="Free notes."),
) -> None:  # fmt: skip
    """Add an organisation."""
    org = organisations.create_organisation(
        get_app().store.unit_of_work(),
        name=name, kind=kind, npi=npi, tin=tin, state=state, county=county,
        zip_code=zip_code, parent_id=parent, departments=department, notes=notes,
    )  # fmt: skip
    console.print(f"organisation {org.id}: {org.name} ({org.kind.value})")


@org_app.command("list")
def org_list(
    kind: OrganisationKind | None = typer.Option(None, "--kind", "-k", help="Only this kind."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List organisations."""
    rows = organisations.list_organisations(get_app().store.unit_of_work(), kind)
    if as_json:
        print_json(plain_data(rows))
        return
    console.print(organisations_table(rows))


@contact_app.command("add")
def contact_add(
    organisation_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Organisation id."),
    name: str = typer.Argument(..., help="The person's name."),
    role: DecisionRole = typer.Option(DecisionRole.INFLUENCER, "--role", "-r",
                                      help="Their part in the decision."),
    title: str = typer.Option("", help="Job title."),
    department: str = typer.Option("", help="Department."),
    email: str = typer.Option("", help="E-mail address."),
    phone: str = typer.Option("", help="Phone number."),
    notes: str = typer.Option("", help="Free notes."),
) -> None:  # fmt: skip
    """Add a contact to an organisation."""
    contact = organisations.add_contact(
        get_app().store.unit_of_work(), organisation_id=organisation_id, name=name, role=role,
        title=title, department=department, email=email, phone=phone, notes=notes,
    )  # fmt: skip
    console.print(f"contact {contact.id}: {contact.name} ({contact.role.value})")


@contact_app.command("list")
def contact_list(
    organisation_id: int | None = typer.Option(
        None, "--org", min=1, max=MAX_ID, help="Only this organisation."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List contacts."""
    accord = get_app()
    rows = organisations.list_contacts(accord.store.unit_of_work(), organisation_id)
    if as_json:
        print_json(plain_data(rows))
        return
    names = {o.id: o.name for o in organisations.list_organisations(accord.store.unit_of_work())}
    console.print(contacts_table(rows, {k: v for k, v in names.items() if k is not None}))
