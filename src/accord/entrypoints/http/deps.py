"""Typed dependencies of the API routes: the wired Accord and the If-Match version."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request, Response

from accord.bootstrap import Accord
from accord.domain.validation import is_ascii_digits
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.errors import ValidationError
from accord.services.negotiations import get_negotiation

__all__ = [
    "AccordDep",
    "ExpectedVersion",
    "NegotiationId",
    "Offset",
    "etag",
    "get_accord",
    "parse_if_match",
    "set_etag",
]


def get_accord(request: Request) -> Accord:
    """The Accord instance the application was built with."""
    accord: Accord = request.app.state.accord
    return accord


def etag(version: int) -> str:
    """The ETag of a negotiation at ``version``: its version number, quoted."""
    return f'"{version}"'


IF_MATCH_PATTERN = r'^\s*(\*|null|(W/)?"?[0-9]{1,9}"?)?\s*$'
"""What ``If-Match`` accepts, as the OpenAPI document states it."""


def parse_if_match(value: str | None) -> int | None:
    """``"3"``, ``W/"3"`` or ``3`` → 3; ``*``, ``null`` or nothing → None (no check).

    ``null`` is what a client that serialises a missing value sends; the document
    says the header may be null, so it means "no check" rather than a 422.
    """
    if value is None or value.strip() in ("", "*", "null"):
        return None
    text = value.strip().removeprefix("W/").strip().strip('"')
    if not is_ascii_digits(text) or len(text) > 9:
        raise ValidationError(
            f'If-Match must be the ETag of the negotiation, e.g. "3"; got {value!r}',
            field="If-Match",
        )
    return int(text)


def _expected_version(
    if_match: Annotated[
        str | None,
        Header(
            description=(
                'The negotiation\'s ETag as read (`"3"`, `W/"3"` or `3`); a stale one '
                "gets 409 Conflict. `*`, `null` or no header: no check."
            ),
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> int | None:
    return parse_if_match(if_match)


def set_etag(response: Response, accord: Accord, negotiation_id: int, expected: int | None) -> None:
    """Send the negotiation's new ETag with a response that changed it.

    An edit made under ``If-Match: N`` committed only if the version was N, and every
    change adds exactly one: the new version is N + 1, with no second read in which
    another client's change could slip. Without If-Match, and after an append (which
    never checks If-Match), pass ``None``: the version is read back.
    """
    if expected is not None:
        response.headers["ETag"] = etag(expected + 1)
        return
    negotiation = get_negotiation(accord.store.unit_of_work(), negotiation_id)
    response.headers["ETag"] = etag(negotiation.version)


AccordDep = Annotated[Accord, Depends(get_accord)]
ExpectedVersion = Annotated[int | None, Depends(_expected_version)]
NegotiationId = Annotated[int, Path(ge=1, le=MAX_ID, description="Negotiation id.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
"""Where a page of a list starts (API routes and web pages alike)."""
