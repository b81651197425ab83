"""The organisation's document templates: letterhead, logo, signer and clauses per kind.

What is saved here wins over ``ACCORD_TEMPLATES_DIR`` and the packaged wording, field by
field and clause by clause; deleting a kind's template lets the files speak again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from accord.domain.documents import DocumentKind
from accord.domain.docx_template_fields import DOCX_TEMPLATE_MAX_BYTES, TEMPLATE_FIELDS
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.common import NO_NUL
from accord.entrypoints.http.schemas.document_templates import LetterheadUpdate, TemplateUpdate
from accord.errors import NotFoundError
from accord.services import document_templates as templates

__all__ = ["router"]

router = APIRouter(tags=["document templates"])


def _view(accord: AccordDep, kind: DocumentKind) -> dict[str, Any]:
    view = templates.show_template(accord.store.unit_of_work(), accord.templates, kind)
    return view.as_data()


@router.get("/document-templates/{kind}")
def get_template(accord: AccordDep, kind: DocumentKind) -> dict[str, Any]:
    """What the team saved for this kind and the wording its documents will use."""
    return _view(accord, kind)


@router.put("/document-templates/{kind}")
def put_template(accord: AccordDep, kind: DocumentKind, body: TemplateUpdate) -> dict[str, Any]:
    """Save the signer and clauses of a kind; a bad placeholder is refused (422)."""
    templates.set_template(
        accord.store.unit_of_work(), accord.clock.now(), kind,
        signer_name=body.signer_name, signer_title=body.signer_title,
        clauses=body.clauses, replace_clauses=body.replace_clauses,
    )  # fmt: skip
    return _view(accord, kind)


@router.delete("/document-templates/{kind}", status_code=204)
def delete_template(accord: AccordDep, kind: DocumentKind) -> Response:
    """Forget what was saved for this kind."""
    templates.reset_template(accord.store.unit_of_work(), accord.clock.now(), kind)
    return Response(status_code=204)


@router.put("/document-letterhead")
def put_letterhead(accord: AccordDep, body: LetterheadUpdate) -> dict[str, Any]:
    """Save the organisation name, address lines and phone of every document."""
    templates.set_letterhead(
        accord.store.unit_of_work(), accord.clock.now(),
        organisation_name=body.organisation_name,
        address_lines=None if body.address_lines is None else tuple(body.address_lines),
        phone=body.phone,
    )  # fmt: skip
    return _view(accord, DocumentKind.PROPOSAL)["saved"]  # type: ignore[no-any-return]


@router.delete("/document-letterhead", status_code=204)
def delete_letterhead(accord: AccordDep) -> Response:
    """Forget the saved letterhead and logo."""
    templates.reset_letterhead(accord.store.unit_of_work(), accord.clock.now())
    return Response(status_code=204)


@router.put(
    "/document-letterhead/logo",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}}
                        for t in ("image/png", "image/jpeg", "image/svg+xml")},
        }
    },
)  # fmt: skip
async def put_logo(
    request: Request,
    accord: AccordDep,
    filename: Annotated[
        str, Query(max_length=200, pattern=NO_NUL, description="For error messages.")
    ] = "logo",
) -> dict[str, Any]:
    """Upload the logo as the raw request body (PNG, JPEG or SVG, at most 512 KB)."""
    content = await request.body()
    logo = templates.set_logo(
        accord.store.unit_of_work(), accord.logo_images, accord.clock.now(), content,
        filename=filename,
    )  # fmt: skip
    return {"media_type": logo.media_type, "bytes": len(logo.content)}


@router.delete("/document-letterhead/logo", status_code=204)
def delete_logo(accord: AccordDep) -> Response:
    """Documents go back to a letterhead without a logo."""
    templates.remove_logo(accord.store.unit_of_work(), accord.clock.now())
    return Response(status_code=204)


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.put(
    "/document-templates/{kind}/docx",
    openapi_extra={
        "requestBody": {
            "required": True,
            # The .docx file's bytes, whatever Content-Type the client sends.
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_docx_template(
    request: Request,
    accord: AccordDep,
    kind: DocumentKind,
    filename: Annotated[
        str,
        Query(
            max_length=200,
            pattern=NO_NUL,
            description="The file's name, kept for the settings page.",
        ),
    ] = "",
) -> dict[str, Any]:
    """Upload the organisation's own Word template for this kind as the raw body (.docx,
    at most 2 MB). It is checked whole before it is saved: a bad placeholder answers 422
    naming the paragraph (or table cell) and the placeholder."""
    content = await request.body()
    template = await run_in_threadpool(
        templates.set_docx_template, accord.store.unit_of_work, accord.docx_templates,
        accord.templates, accord.clock.now(), kind, content, filename=filename or f"{kind}.docx",
    )  # fmt: skip
    return {
        "kind": kind.value,
        "filename": template.filename,
        "bytes": len(template.content),
        "placeholders": list(template.placeholders),
    }


@router.get(
    "/document-templates/{kind}/docx",
    response_class=Response,
    responses={200: {"content": {_DOCX: {}}, "description": "The saved Word template."}},
)
def get_docx_template(accord: AccordDep, kind: DocumentKind) -> Response:
    """The saved Word template of this kind, to edit it again (404 when none is saved)."""
    template = templates.docx_template(accord.store.unit_of_work(), kind)
    if template is None:
        raise NotFoundError(f"no Word template is saved for the {kind.label}")
    ascii_name = "".join(c if c.isascii() and c not in '"\\' else "_" for c in template.filename)
    return Response(
        template.content,
        media_type=_DOCX,
        headers={"Content-Disposition": f'attachment; filename="{ascii_name}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@router.delete("/document-templates/{kind}/docx", status_code=204)
def delete_docx_template(accord: AccordDep, kind: DocumentKind) -> Response:
    """Forget this kind's Word template: its DOCX goes back to the built-in layout."""
    templates.remove_docx_template(accord.store.unit_of_work(), accord.clock.now(), kind)
    return Response(status_code=204)


@router.get("/document-template-fields")
def docx_template_fields() -> dict[str, Any]:
    """The placeholders a Word template may use, with what each holds."""
    return {"max_bytes": DOCX_TEMPLATE_MAX_BYTES, "fields": dict(TEMPLATE_FIELDS)}
