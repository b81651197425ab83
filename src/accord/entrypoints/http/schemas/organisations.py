"""Organisations and contacts on the wire."""

from __future__ import annotations

from pydantic import BaseModel, Field

from accord.domain.organisations import Contact, DecisionRole, Organisation, OrganisationKind
from accord.entrypoints.http.schemas.common import (
    ContactName,
    ContactText,
    County,
    Id,
    InputModel,
    LongText,
    OrganisationName,
    Phone,
    ShortText,
)

__all__ = ["ContactCreate", "ContactPublic", "OrganisationCreate", "OrganisationPublic"]


class OrganisationCreate(InputModel):
    name: OrganisationName
    kind: OrganisationKind
    npi: ShortText | None = Field(default=None, description="10-digit NPI with check digit.")
    tin: ShortText | None = Field(default=None, description="Tax id, stored as NN-NNNNNNN.")
    state: ShortText | None = Field(default=None, description="US state code, e.g. MT.")
    county: County | None = None
    zip_code: ShortText | None = None
    parent_id: Id | None = None
    departments: list[ShortText] = Field(default_factory=list, max_length=50)
    notes: LongText = ""


class OrganisationPublic(BaseModel):
    id: int
    name: str
    kind: OrganisationKind
    npi: str | None
    tin: str | None
    state: str | None
    county: str | None
    zip_code: str | None
    parent_id: int | None
    departments: list[str]
    notes: str

    @classmethod
    def of(cls, org: Organisation) -> OrganisationPublic:
        assert org.id is not None
        return cls(
            id=org.id, name=org.name, kind=org.kind, npi=org.npi, tin=org.tin, state=org.state,
            county=org.county, zip_code=org.zip_code, parent_id=org.parent_id,
            departments=list(org.departments), notes=org.notes,
        )  # fmt: skip


class ContactCreate(InputModel):
    organisation_id: Id
    name: ContactName
    role: DecisionRole = DecisionRole.INFLUENCER
    title: ContactText = ""
    department: ContactText = ""
    email: ContactText = ""
    phone: Phone = ""
    notes: LongText = ""


class ContactPublic(BaseModel):
    id: int
    organisation_id: int
    name: str
    role: DecisionRole
    title: str
    department: str
    email: str
    phone: str
    notes: str

    @classmethod
    def of(cls, c: Contact) -> ContactPublic:
        assert c.id is not None
        return cls(
            id=c.id, organisation_id=c.organisation_id, name=c.name, role=c.role,
            title=c.title, department=c.department, email=c.email, phone=c.phone, notes=c.notes,
        )  # fmt: skip
