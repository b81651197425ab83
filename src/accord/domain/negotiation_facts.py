"""What describes a negotiation besides its history: its kind, approach and team, its
uid, and the opaque patient reference a case may carry.

:mod:`accord.domain.negotiation` re-exports these names beside the aggregate.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from accord.domain.text_limits import limit
from accord.errors import ValidationError

__all__ = [
    "Approach",
    "NegotiationKind",
    "TeamMember",
    "TeamRole",
    "check_patient_ref",
    "check_uid",
    "new_uid",
]


class NegotiationKind(enum.StrEnum):
    SINGLE_CASE_AGREEMENT = "single_case_agreement"
    CONTRACT_RATES = "contract_rates"
    LENGTH_OF_STAY = "length_of_stay"
    SERVICE_AUTHORISATION = "service_authorisation"
    EXTRA_CONTRACTUAL_BENEFIT = "extra_contractual_benefit"
    PLAN_OF_CARE = "plan_of_care"
    OUT_OF_NETWORK_BILL = "out_of_network_bill"

    @property
    def is_case_management(self) -> bool:
        """Kinds whose result is measured as savings rather than revenue."""
        return self is not NegotiationKind.CONTRACT_RATES

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def we_pay(self) -> bool:
        """True when our side pays for the care (case management); False when we are
        paid (a practice's contract rates). Term directions default from it."""
        return self.is_case_management


class Approach(enum.StrEnum):
    WIN_WIN = "win_win"
    HARDBALL = "hardball"


class TeamRole(enum.StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    ADVISOR = "advisor"


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: TeamRole = TeamRole.MEMBER


def new_uid() -> str:
    """A fresh negotiation uid: 32 hex digits."""
    return uuid.uuid4().hex


def check_uid(text: str) -> str:
    """A negotiation's uid: a UUID in any of its spellings, kept as 32 hex digits.

    >>> check_uid("6F9619FF-8B86-D011-B42D-00C04FC964FF")
    '6f9619ff8b86d011b42d00c04fc964ff'
    """
    try:
        return uuid.UUID(text).hex
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValidationError(f"expected a UUID, got {text!r}", field="uid") from exc


def check_patient_ref(value: str) -> str:
    """An opaque internal reference: no spaces, letters, digits and - _ . / only.

    Accord keeps no patient names; a value that looks like a name is refused.
    """
    ref = value.strip()
    if not ref:
        raise ValidationError("leave the patient reference out or give one", field="patient_ref")
    if len(ref) > limit("negotiations.patient_ref") or not all(
        c.isalnum() or c in "-_./#" for c in ref
    ):
        raise ValidationError(
            "a patient reference is an internal case number (letters, digits, - _ . / #), "
            "not a name",
            field="patient_ref",
        )
    if ref.isalpha():
        raise ValidationError(
            "a patient reference must contain digits: use the internal case number, "
            "never the patient's name",
            field="patient_ref",
        )
    return ref
