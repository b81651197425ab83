"""``accord doc template``: the organisation's letterhead, logo, signers and clauses.

What is saved here is shared with the browser's Settings → Documents page and wins over
``ACCORD_TEMPLATES_DIR`` and the packaged wording.
"""

from __future__ import annotations

from pathlib import Path

import typer

from accord.domain.documents import DocumentKind
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json
from accord.errors import ValidationError
from accord.services import document_templates as templates

__all__ = ["register"]

template_app = typer.Typer(
    help="The organisation's document templates: letterhead, logo, signer, clauses.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(template_app, name="template")


@template_app.command("show")
def show(
    kind: DocumentKind = typer.Argument(..., help="proposal, agreement, brief or savings."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the API's fields)."),
) -> None:
    """Show the wording a kind of document uses, and what the team saved for it."""
    accord = get_app()
    view = templates.show_template(accord.store.unit_of_work(), accord.templates, kind)
    if as_json:
        print_json(view.as_data())
        return
    wording = view.effective
    logo = wording.logo
    lines = [
        f"{kind.label} ({'saved by your team' if not view.saved.is_empty else 'from the files'})",
        f"organisation name: {wording.organisation_name or '(the name in the record)'}",
        f"letterhead lines: {' | '.join(wording.letterhead_lines) or '(from the record)'}",
        f"logo: {f'{logo.media_type}, {len(logo.content):,} bytes' if logo else 'none'}",
        f"signer: {wording.signer_name or '(the team lead)'}"
        + (f", {wording.signer_title}" if wording.signer_title else ""),
        "Word template: "
        + (
            f"{view.docx.label} (DOCX is filled from it; PDF keeps the built-in layout)"
            if view.docx
            else "none (the built-in DOCX layout)"
        ),
    ]
    for key, text in wording.clauses.items():
        origin = "saved" if key in view.saved.clauses else "files"
        lines.append(f"clause {key} [{origin}]: {text}")
    for line in lines:
        console.print(line, markup=False, soft_wrap=True, highlight=False)


@template_app.command("set")
def set_(
    kind: DocumentKind = typer.Argument(..., help="proposal, agreement, brief or savings."),
    signer_name: str | None = typer.Option(None, "--signer-name", help="Who signs this kind."),
    signer_title: str | None = typer.Option(None, "--signer-title", help="The signer's title."),
    clause: list[str] = typer.Option(
        [], "--clause", help="NAME=TEXT with {placeholders}; NAME= removes the saved clause. "
        "Repeatable."),
    organisation_name: str | None = typer.Option(
        None, "--organisation-name", help="Letterhead name on every document."),
    address_line: list[str] = typer.Option(
        [], "--address-line", help="Letterhead address line (repeat; replaces the saved lines)."),
    phone: str | None = typer.Option(None, "--phone", help="Letterhead phone."),
    logo: Path | None = typer.Option(
        None, "--logo", help="PNG, JPEG or SVG file, at most 512 KB, for every document."),
    docx: Path | None = typer.Option(
        None, "--docx", help="The organisation's own Word template (.docx with "
        "{{ placeholders }}, at most 2 MB) for this kind's DOCX; checked before saving."),
    remove_docx: bool = typer.Option(
        False, "--remove-docx", help="Forget this kind's Word template (built-in layout)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:  # fmt: skip
    """Save part of a template; what is not given keeps its saved value.

    --docx uploads the organisation's own Word template for this kind: it is checked
    whole before it is saved, and a bad placeholder is refused naming the paragraph.
    """
    clauses: dict[str, str] = {}
    for pair in clause:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"expected NAME=TEXT, got {pair!r}", field="clause")
        clauses[name.strip()] = text
    accord = get_app()
    uow, now = accord.store.unit_of_work, accord.clock.now()
    if docx is not None and remove_docx:
        raise ValidationError("give --docx FILE or --remove-docx, not both", field="docx")
    if logo is not None:  # checked first, so a bad image saves nothing
        accord.logo_images.read(logo)
    word = None
    if docx is not None:  # checked first, so a bad template saves nothing
        word = templates.check_docx_template(uow(), accord.docx_templates, accord.templates,
                                             kind, docx)  # fmt: skip
    templates.set_template(uow(), now, kind, signer_name=signer_name,
                           signer_title=signer_title, clauses=clauses)  # fmt: skip
    if organisation_name is not None or address_line or phone is not None:
        templates.set_letterhead(
            uow(), now, organisation_name=organisation_name,
            address_lines=tuple(address_line) if address_line else None, phone=phone,
        )  # fmt: skip
    if logo is not None:
        templates.set_logo(uow(), accord.logo_images, now, logo, filename=str(logo))
    if word is not None:
        templates.save_docx_template(uow(), now, word)
    if remove_docx:
        templates.remove_docx_template(uow(), now, kind)
    view = templates.show_template(uow(), accord.templates, kind)
    if as_json:
        print_json(view.as_data())
    else:
        console.print(f"saved the {kind.label} template", markup=False, soft_wrap=True)


@template_app.command("reset")
def reset(
    kind: DocumentKind | None = typer.Argument(
        None, help="Forget what was saved for this kind (proposal, agreement, brief, savings)."),
    letterhead: bool = typer.Option(
        False, "--letterhead", help="Also forget the saved letterhead and logo."),
    as_json: bool = typer.Option(False, "--json", help="Print what was reset as JSON."),
) -> None:  # fmt: skip
    """Go back to the wording files (ACCORD_TEMPLATES_DIR, then the packaged defaults)
    and the built-in layout (the kind's Word template is forgotten too)."""
    if kind is None and not letterhead:
        raise ValidationError("name a kind, or give --letterhead", field="kind")
    accord = get_app()
    uow, now = accord.store.unit_of_work, accord.clock.now()
    if kind is not None:
        templates.reset_template(uow(), now, kind)
    if letterhead:
        templates.reset_letterhead(uow(), now)
    if as_json:
        print_json({"kind": kind.value if kind else None, "letterhead": letterhead})
    else:
        what = [f"the {kind.label} template"] if kind else []
        what += ["the letterhead and logo"] if letterhead else []
        console.print(f"reset {' and '.join(what)}", markup=False, soft_wrap=True)
