"""Settings → Documents: the letterhead, logo, signers and clauses the team shares.

Forms post here and come back to the page (POST-redirect-GET); a refused value comes
back next to its form with the message. The logo is a multipart upload, checked as an
image by the service before anything is saved.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from accord.bootstrap import Accord
from accord.domain.document_templates import LOGO_MAX_BYTES, logo_label
from accord.domain.documents import DocumentKind
from accord.domain.docx_template_fields import DOCX_TEMPLATE_MAX_BYTES, LIST_FIELDS, TEXT_FIELDS
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.document_templates import LetterheadUpdate, TemplateUpdate
from accord.entrypoints.web.actions import check_same_origin, read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page, see_other
from accord.entrypoints.web.sessions import FIELD, check_csrf_token
from accord.errors import AccordError, NotFoundError, ValidationError
from accord.services import document_templates as templates

__all__ = ["DocumentSettingsPage", "router"]

router = APIRouter()
PATH = "/settings/documents"


class ClauseRow(BaseModel):
    key: str
    text: str
    saved: bool


class KindSettings(BaseModel):
    kind: str
    label: str
    signer_name: str
    signer_title: str
    clauses: list[ClauseRow]
    saved: bool
    docx: str | None = None  # "letter.docx, 24,310 bytes"


class DocumentSettingsPage(BaseModel):
    organisation_name: str
    address_lines: list[str]
    phone: str
    logo: str | None  # "PNG, 12,345 bytes"
    kinds: list[KindSettings]
    fields: list[tuple[str, str]]  # what a Word template may use: ("{{ today }}", "…")


def _page(accord: Accord) -> DocumentSettingsPage:
    kinds: list[KindSettings] = []
    letterhead = None
    for kind in DocumentKind:
        view = templates.show_template(accord.store.unit_of_work(), accord.templates, kind)
        letterhead = view.letterhead
        wording = view.effective
        kinds.append(
            KindSettings(
                kind=kind.value, label=kind.label.capitalize(),
                signer_name=wording.signer_name, signer_title=wording.signer_title,
                clauses=[ClauseRow(key=k, text=t, saved=k in view.saved.clauses)
                         for k, t in wording.clauses.items()],
                saved=not view.saved.is_empty or view.docx is not None,
                docx=view.docx.label if view.docx else None,
            )
        )  # fmt: skip
    assert letterhead is not None
    logo = letterhead.logo
    return DocumentSettingsPage(
        organisation_name=letterhead.name,
        address_lines=list(letterhead.address_lines),
        phone=letterhead.phone,
        logo=None if logo is None else logo_label(logo),
        kinds=kinds,
        fields=[("{{ " + k + " }}", v) for k, v in TEXT_FIELDS.items()] + list(LIST_FIELDS.items()),
    )


def _render(
    request: Request, accord: Accord, error: FormError | None = None, status: int = 200,
    values: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    return render_page(request, "document_settings.html", _page(accord), title="Documents",
                       error=error, values=values, status_code=status)  # fmt: skip


@router.get("/settings", include_in_schema=False)
def settings_home() -> Response:
    """``/settings`` typed by hand: its first page (the menu links there too)."""
    return see_other(PATH)


@router.get(PATH, name="document_settings")
def document_settings(request: Request, accord: AccordDep) -> Response:
    """The organisation's templates (JSON twin: ``?format=json``)."""
    return _render(request, accord)


@router.get(PATH + "/logo", name="document_logo")
def document_logo(accord: AccordDep) -> Response:
    """The saved logo, for the page's preview (an SVG cannot run scripts here)."""
    view = templates.show_template(
        accord.store.unit_of_work(), accord.templates, DocumentKind.PROPOSAL
    )
    if view.letterhead.logo is None:
        raise NotFoundError("no logo is saved")
    return Response(
        view.letterhead.logo.content,
        media_type=view.letterhead.logo.media_type,
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                 "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )  # fmt: skip


def _letterhead(form: Form) -> dict[str, object]:
    """The letterhead form as the API's ``LetterheadUpdate``: every box is on the form,
    so an emptied one clears its saved value."""
    return {"organisation_name": form.text("organisation_name"),
            "address_lines": form.lines("address_lines"), "phone": form.text("phone")}  # fmt: skip


def _wording(form: Form, view: templates.TemplateView) -> dict[str, object]:
    """A kind's form as the API's ``TemplateUpdate``: the signer, and the clauses whose
    text differs from the files' wording (the others stay the files'), replacing what
    was saved."""
    clauses: dict[str, str] = {}
    for key in view.effective.clauses:
        # Line breaks typed in the box are spaces: a clause is one paragraph.
        text = " ".join(form.text(f"clause_{key}").split())
        if text != " ".join(view.file_clauses.get(key, "").split()):
            clauses[key] = text
    return {"signer_name": form.text("signer_name"), "signer_title": form.text("signer_title"),
            "clauses": clauses, "replace_clauses": True}  # fmt: skip


@router.post(PATH + "/letterhead")
async def save_letterhead(request: Request, accord: AccordDep) -> Response:
    """Save the letterhead and, if a file was chosen, the logo (checked as an image)."""
    check_same_origin(request)
    data = await request.form(max_files=1, max_part_size=LOGO_MAX_BYTES + 4096)
    check_csrf_token(request, data.get(FIELD))
    upload = data.get("logo")
    form = Form({k: v for k, v in data.items() if isinstance(v, str)})
    content = b""
    name = "logo"
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(LOGO_MAX_BYTES + 1)
        name = upload.filename

    def save() -> None:
        uow, now = accord.store.unit_of_work, accord.clock.now()
        body = validate_input(LetterheadUpdate, _letterhead(form))
        if content:  # checked before anything is saved: a bad image saves nothing
            accord.logo_images.check(content, filename=name)
        templates.set_letterhead(
            uow(), now, organisation_name=body.organisation_name,
            address_lines=None if body.address_lines is None else tuple(body.address_lines),
            phone=body.phone,
        )  # fmt: skip
        if content:
            templates.set_logo(uow(), accord.logo_images, now, content, filename=name)
        elif form.text("remove_logo") == "yes":
            templates.remove_logo(uow(), now)

    return await _submit(request, accord, "letterhead", save, form)


@router.post(PATH + "/letterhead/reset")
async def reset_letterhead(request: Request, accord: AccordDep) -> Response:
    """Forget the saved letterhead and logo."""
    form = await read_form(request)
    return await _submit(
        request, accord, "letterhead",
        lambda: templates.reset_letterhead(accord.store.unit_of_work(), accord.clock.now()),
        form,
    )  # fmt: skip


def _kind(text: str) -> DocumentKind:
    """The document kind of the path, read after the form's token was checked (a form
    from elsewhere is refused as such, whatever its path says)."""
    try:
        return DocumentKind(text)
    except ValueError as exc:
        kinds = ", ".join(k.value for k in DocumentKind)
        raise ValidationError(f"choose one of {kinds}", field="kind") from exc


@router.post(PATH + "/{kind_name}/docx")
async def save_docx(request: Request, accord: AccordDep, kind_name: str) -> Response:
    """Upload the organisation's Word template for this kind, checked whole first."""
    check_same_origin(request)
    data = await request.form(max_files=1, max_part_size=DOCX_TEMPLATE_MAX_BYTES + 4096)
    check_csrf_token(request, data.get(FIELD))
    kind = _kind(kind_name)
    upload = data.get("docx")
    form = Form({k: v for k, v in data.items() if isinstance(v, str)})
    content, name = b"", ""
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(DOCX_TEMPLATE_MAX_BYTES + 1)
        name = upload.filename

    def save() -> None:
        if not name:
            raise ValidationError("choose a .docx file to upload", field="docx")
        templates.set_docx_template(
            accord.store.unit_of_work, accord.docx_templates, accord.templates,
            accord.clock.now(), kind, content, filename=name,
        )  # fmt: skip

    return await _submit(request, accord, f"{kind.value}-docx", save, form)


@router.post(PATH + "/{kind_name}/docx/remove")
async def remove_docx(request: Request, accord: AccordDep, kind_name: str) -> Response:
    """Forget this kind's Word template: its DOCX goes back to the built-in layout."""
    form = await read_form(request)
    kind = _kind(kind_name)
    return await _submit(
        request, accord, f"{kind.value}-docx",
        lambda: templates.remove_docx_template(
            accord.store.unit_of_work(), accord.clock.now(), kind),
        form,
    )  # fmt: skip


@router.post(PATH + "/{kind_name}")
async def save_kind(request: Request, accord: AccordDep, kind_name: str) -> Response:
    """Save a kind's signer and clauses; a clause left as the files word it stays theirs."""
    form = await read_form(request)
    kind = _kind(kind_name)

    def save() -> None:
        view = templates.show_template(accord.store.unit_of_work(), accord.templates, kind)
        body = validate_input(TemplateUpdate, _wording(form, view))
        templates.set_template(
            accord.store.unit_of_work(), accord.clock.now(), kind,
            signer_name=body.signer_name, signer_title=body.signer_title,
            clauses=body.clauses, replace_clauses=body.replace_clauses,
        )  # fmt: skip

    return await _submit(request, accord, kind.value, save, form)


@router.post(PATH + "/{kind_name}/reset")
async def reset_kind(request: Request, accord: AccordDep, kind_name: str) -> Response:
    """Forget what was saved for this kind: the files' wording applies again."""
    form = await read_form(request)
    kind = _kind(kind_name)
    return await _submit(
        request, accord, kind.value,
        lambda: templates.reset_template(accord.store.unit_of_work(), accord.clock.now(), kind),
        form,
    )  # fmt: skip


async def _submit(
    request: Request, accord: Accord, form_name: str, action: Any, form: Form
) -> Response:
    try:
        await run_in_threadpool(action)
    except AccordError as exc:
        error, status = FormError.of(form_name, exc), exc.http_status
        return await run_in_threadpool(lambda: _render(request, accord, error, status, form.data))
    return see_other(f"{PATH}#{form_name}")
