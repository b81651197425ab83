"""Field types shared by the API schemas: bounded text, money, ids, term values, pages."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from accord.domain.input_text import MAX_TERM_NUMBER, MAX_TERM_TEXT
from accord.domain.text_limits import LONG_TEXT, limit
from accord.domain.validation import check_datetime_in_range
from accord.errors import ValidationError

__all__ = [
    "MAX_ID",
    "SAID",
    "AllyName",
    "AwareDatetime",
    "BillingCode",
    "ContactName",
    "ContactText",
    "County",
    "Day",
    "ErrorBody",
    "ErrorDetail",
    "Id",
    "InputModel",
    "LongText",
    "Money",
    "Name",
    "OrganisationName",
    "PatientRef",
    "Phone",
    "Reason",
    "ShortText",
    "TermName",
    "TermValueIn",
    "TermValueOut",
    "Title",
    "Unit",
]

# Ids are 32-bit integers in the store; larger numbers can never name a record.
MAX_ID = 2_147_483_647
_NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters
NO_NUL = _NO_NUL
"""Any text PostgreSQL can take (no NUL): for filters in a query string, too."""
SAID = r"^[^\x00]*[^\x00\s][^\x00]*$"
"""Text that says something: no NUL, and not only white space (the domain strips it)."""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # pydantic's lax date also takes a number (or digits) as a Unix time: 'to=-4e-215'
    # would be read as 1970-01-01, where the document says a date YYYY-MM-DD
    if (isinstance(value, str) and _ISO_DAY.fullmatch(value)) or isinstance(value, date):
        return value
    raise ValueError(f"expected a date YYYY-MM-DD, found {value!r}"[:120])


Day = Annotated[date, BeforeValidator(_iso_day)]
"""A date written YYYY-MM-DD (in a query or a body), as the OpenAPI document says."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_NUL)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT, pattern=_NO_NUL)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=LONG_TEXT, pattern=SAID)]
"""Why an entry is withdrawn or corrected: required, not blank."""


# One alias per limit of the domain's table (accord.domain.text_limits), so that the
# OpenAPI maxLength is what both databases hold.
OrganisationName = Annotated[
    str, StringConstraints(min_length=1, max_length=limit("organisations.name"), pattern=_NO_NUL)
]
County = Annotated[
    str, StringConstraints(max_length=limit("organisations.county"), pattern=_NO_NUL)
]
ContactName = Annotated[
    str, StringConstraints(min_length=1, max_length=limit("contacts.name"), pattern=_NO_NUL)
]
ContactText = Annotated[
    str, StringConstraints(max_length=limit("contacts.title"), pattern=_NO_NUL)
]  # title, department, e-mail
Phone = Annotated[str, StringConstraints(max_length=limit("contacts.phone"), pattern=_NO_NUL)]
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=limit("negotiations.title"), pattern=_NO_NUL)
]
PatientRef = Annotated[
    str, StringConstraints(max_length=limit("negotiations.patient_ref"), pattern=_NO_NUL)
]
TermName = Annotated[
    str, StringConstraints(min_length=1, max_length=limit("terms.name"), pattern=_NO_NUL)
]
Unit = Annotated[str, StringConstraints(max_length=limit("terms.unit"), pattern=_NO_NUL)]
BillingCode = Annotated[
    str, StringConstraints(max_length=limit("terms.billing_code"), pattern=_NO_NUL)
]
AllyName = Annotated[
    str, StringConstraints(min_length=1, max_length=limit("allies.name"), pattern=_NO_NUL)
]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), max_digits=16, decimal_places=2)]
# The limits of a term value are the domain's (the CLI and the forms parse by them).
TermValueIn = Annotated[
    bool
    | Annotated[float, Field(allow_inf_nan=False, ge=-MAX_TERM_NUMBER, le=MAX_TERM_NUMBER)]
    | Annotated[str, StringConstraints(max_length=MAX_TERM_TEXT, pattern=_NO_NUL)],
    Field(description="A number, yes/no (true/false) or one of a categorical term's options."),
]
TermValueOut = bool | float | str


def _utc(value: datetime) -> datetime:
    """A date-time without a zone is taken as UTC (as on the command line); one whose
    conversion to UTC would overflow is refused (422), by the domain's one rule."""
    try:
        return check_datetime_in_range(value)
    except ValidationError as exc:
        # pydantic reports a ValueError with the field's real location.
        raise ValueError(exc.message) from exc


AwareDatetime = Annotated[datetime, AfterValidator(_utc)]


class InputModel(BaseModel):
    """Base of request bodies: unknown fields are refused rather than ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    type: str = Field(description="The error class, e.g. ValidationError, ConflictError.")
    message: str
    field: str | None = Field(default=None, description="The input field at fault, if known.")


class ErrorBody(BaseModel):
    """The one shape of every error the API returns."""

    error: ErrorDetail
