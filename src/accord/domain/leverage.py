"""Sources of leverage and the allies who can lend weight to our position."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from accord.domain.text_limits import check_length
from accord.errors import ValidationError

__all__ = ["Ally", "AllyKind", "LeverageFactor", "LeverageKind"]


class LeverageKind(enum.StrEnum):
    NETWORK_GAP = "network_gap"  # rural area or a gap in the payer's network
    SPECIAL_SERVICE = "special_service"  # a service nobody nearby offers
    VOLUME = "volume"
    OUTCOMES = "outcomes"  # outcomes and cost per episode
    OTHER = "other"


class AllyKind(enum.StrEnum):
    PATIENTS = "patients"
    INSURANCE_COMMISSIONER = "insurance_commissioner"
    PATIENT_ORGANISATION = "patient_organisation"
    SUPPORT_GROUP = "support_group"
    MEDICAL_COMMUNITY = "medical_community"
    PROFESSIONAL_ASSOCIATION = "professional_association"


@dataclass(eq=False)
class LeverageFactor:
    kind: LeverageKind
    description: str
    strength: int = 3  # 1 (weak) .. 5 (decisive)
    evidence: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.strength <= 5:
            raise ValidationError(f"strength is 1..5, got {self.strength}", field="strength")
        if not self.description.strip():
            raise ValidationError("describe the leverage", field="description")


@dataclass(eq=False)
class Ally:
    kind: AllyKind
    name: str
    role: str = ""  # what they will do for us: a letter, a complaint, testimony, data
    organisation_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("an ally needs a name", field="name")
        check_length(self.name, "allies.name", field="name")
