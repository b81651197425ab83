"""Organisations on either side of a negotiation, and the people in them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from accord.domain.identifiers import normalise_tin, validate_npi
from accord.domain.text_limits import check_length, check_storable
from accord.domain.validation import is_ascii_digits
from accord.errors import ValidationError

__all__ = [
    "Contact",
    "DecisionRole",
    "Organisation",
    "OrganisationKind",
    "us_state",
]


class OrganisationKind(enum.StrEnum):
    """What an organisation is to us."""

    PAYER = "payer"
    PROVIDER = "provider"
    FACILITY = "facility"
    VENDOR = "vendor"
    ALLY = "ally"
    REGULATOR = "regulator"
    OURS = "ours"


class DecisionRole(enum.StrEnum):
    """A contact's part in the other side's decision."""

    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    REPRESENTATIVE = "representative"  # speaks for them, without authority to agree
    GATEKEEPER = "gatekeeper"


US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "PR",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)


def us_state(code: str, *, field: str = "state") -> str:
    """``code`` as a US state code (upper case); a :class:`ValidationError` naming
    ``field`` when it is not one. The one rule for a state, wherever it is typed (an
    organisation's address, a market region, an ingest's ``--state``).

    >>> us_state(" mt ")
    'MT'
    """
    value = code.strip().upper()
    if value not in US_STATES:
        raise ValidationError(f"unknown US state code {value!r}", field=field)
    return value


@dataclass(eq=False)
class Organisation:
    """A payer, provider, facility, vendor, ally, regulator or our own organisation."""

    name: str
    kind: OrganisationKind
    npi: str | None = None
    tin: str | None = None
    state: str | None = None
    county: str | None = None
    zip_code: str | None = None
    parent_id: int | None = None
    departments: list[str] = field(default_factory=list)
    notes: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check the identifiers and address fields; raise :class:`ValidationError`."""
        self.name = self.name.strip()
        if not self.name:
            raise ValidationError("an organisation needs a name", field="name")
        check_length(self.name, "organisations.name", field="name")
        check_storable(self.notes, field="notes")
        for department in self.departments:
            check_storable(department, field="departments")
        if self.county:
            check_length(self.county, "organisations.county", field="county")
        if self.npi:
            self.npi = validate_npi(self.npi)
        if self.tin:
            self.tin = normalise_tin(self.tin)
        if self.state:
            self.state = us_state(self.state)
        if self.zip_code:
            digits = self.zip_code.strip()
            if not (len(digits) in (5, 10) and is_ascii_digits(digits[:5])):
                raise ValidationError(
                    f"a ZIP code is 5 digits or ZIP+4, got {self.zip_code!r}", field="zip"
                )
            self.zip_code = digits
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValidationError("an organisation cannot be its own parent", field="parent")


@dataclass(eq=False)
class Contact:
    """A person at an organisation, with their part in its decisions."""

    organisation_id: int
    name: str
    role: DecisionRole = DecisionRole.INFLUENCER
    title: str = ""
    department: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        self.name = self.name.strip()
        if not self.name:
            raise ValidationError("a contact needs a name", field="name")
        for name in ("name", "title", "department", "email", "phone"):
            check_length(getattr(self, name), f"contacts.{name}", field=name)
        if self.email and "@" not in self.email:
            raise ValidationError(f"not an e-mail address: {self.email!r}", field="email")

    @property
    def is_decision_maker(self) -> bool:
        return self.role is DecisionRole.DECISION_MAKER
