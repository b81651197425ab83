"""A paid service line as the practice's remittance reports it, with no patient identity.

``visit`` groups the lines of one patient on one day (for the units rules and the
multiple-procedure reduction): a keyed hash or the practice's own claim number, never a
name or member id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accord.domain.economics.fee_schedule import check_code, check_modifier, check_money
from accord.errors import ValidationError

__all__ = ["PATIENT_RESPONSIBILITY", "Adjustment", "ServiceLine"]

PATIENT_RESPONSIBILITY = "PR"
"""The adjustment group the patient owes (deductible, coinsurance, copay)."""
_GROUPS = {"CO", "PR", "OA", "PI"}


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One claim adjustment (835 CAS): group (CO, PR, OA, PI), reason code (CARC), dollars."""

    group: str
    reason: str
    amount: Decimal

    def __post_init__(self) -> None:
        if self.group not in _GROUPS:
            raise ValidationError(
                f"expected an adjustment group CO, PR, OA or PI, found {self.group!r}"
            )
        if not self.amount.is_finite():
            raise ValidationError(f"expected a dollar amount, found {self.amount}")

    @property
    def key(self) -> str:
        """``CO-45``: group and reason, as payers print them."""
        return f"{self.group}-{self.reason}"


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One service line of a claim: what was billed, allowed and paid.

    ``minutes`` are the timed minutes behind a timed code's units (``None`` when unknown
    or the code is untimed); ``allowed`` is the payer's allowed amount (835 AMT*B6) when
    reported.
    """

    line_id: str
    visit: str
    payer: str
    code: str
    units: int
    charge: Decimal
    date_of_service: date
    paid: Decimal
    modifiers: tuple[str, ...] = ()
    place_of_service: str = ""
    allowed: Decimal | None = None
    minutes: int | None = None
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code))
        object.__setattr__(self, "modifiers", tuple(check_modifier(m) for m in self.modifiers))
        if self.units < 0 or (self.minutes is not None and self.minutes < 0):
            raise ValidationError(f"{self.line_id}: units and minutes cannot be negative")
        check_money(self.charge, "charge")
        # paid and allowed may be negative on a reversal, but never infinite or NaN
        for what, amount in (("paid", self.paid), ("allowed", self.allowed)):
            if amount is not None and not amount.is_finite():
                raise ValidationError(
                    f"{self.line_id}: expected a dollar amount, found {amount}", field=what
                )

    @property
    def patient_responsibility(self) -> Decimal:
        """What the payer says the patient owes on this line (its PR adjustments)."""
        return sum(
            (a.amount for a in self.adjustments if a.group == PATIENT_RESPONSIBILITY), Decimal(0)
        )

    @property
    def allowed_or_derived(self) -> Decimal:
        """The allowed amount, or paid + patient responsibility when the payer left it out."""
        return self.allowed if self.allowed is not None else self.paid + self.patient_responsibility
