"""What the API and the pages take for the practice's economics: a worklist row's status
change, and a negotiation opened from a stored contract.

The underpayments page's row form and the contract page's form read into these models,
so a bad value is refused with the API's words at both doors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from accord.domain.economics.underpayments import WorklistStatus
from accord.entrypoints.http.schemas.common import MAX_ID, SAID, Day, InputModel

__all__ = [
    "Dollars",
    "GroupStatusChange",
    "KeyText",
    "NegotiationFromContract",
    "Percent",
    "WorklistPeriod",
]

# A worklist row's key as the worklist sends it: required, not blank, no NUL.
KeyText = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=SAID)]
Dollars = Annotated[Decimal, Field(ge=0, le=1_000_000)]
Percent = Annotated[Decimal, Field(ge=0, lt=100)]


class GroupStatusChange(InputModel):
    """A worklist row (payer, code, reason, its status now) over the worklist's period and
    tolerance, and the status to give every one of its lines."""

    payer: KeyText = Field(description="The row's payer, as the worklist names it.")
    code: KeyText = Field(description="The row's procedure code.")
    reason: KeyText = Field(description="The row's reason code, e.g. CO-45.")
    current_status: WorklistStatus = Field(description="The row's status now.")
    status: WorklistStatus = Field(description="The status to set: new, appealed, "
                                   "recovered or written off.")  # fmt: skip
    start: Day | None = Field(None, alias="from", description="The worklist's first date.")
    end: Day | None = Field(None, alias="to", description="The worklist's last date.")
    tolerance_dollars: Dollars = Decimal("1.00")
    tolerance_percent: Percent = Decimal("2")


class WorklistPeriod(InputModel):
    """The worklist's period and tolerance, as a row's form sends them back with it: the
    bounds of :class:`GroupStatusChange`'s, to show the worklist again over them after a
    refusal."""

    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")
    tolerance_dollars: Dollars = Decimal("1.00")
    tolerance_percent: Percent = Decimal("2")


class NegotiationFromContract(BaseModel):
    """Open a contract-rates negotiation from a stored contract."""

    ours: int = Field(ge=1, le=MAX_ID, description="Id of our organisation (kind 'ours').")
    counterparty: int | None = Field(
        None, ge=1, le=MAX_ID, description="The other side; default: the contract's payer."
    )
    title: str | None = Field(None, max_length=200, description="Default: '<payer> rates'.")
