"""Demo data: two realistic negotiations, clearly marked, built through the services.

1. A hospital case manager's single case agreement with an out-of-network skilled
   nursing facility: per diem, length of stay and whether therapy is included.
2. A physical-therapy practice renegotiating a commercial payer's rates for 97110,
   97140, 97530 and the evaluation codes 97161–97163.

Dates are relative to ``now`` so that follow-ups and deadlines look current. Each
negotiation is built in its own module (``demo_case_agreement.py``,
``demo_rate_increase.py``).
"""

from __future__ import annotations

from datetime import datetime

from accord.services.demo_case_agreement import skilled_nursing_sca
from accord.services.demo_parties import DEMO_MARK
from accord.services.demo_rate_increase import pt_contract
from accord.services.ports import UnitOfWorkFactory

__all__ = ["DEMO_MARK", "load_demo"]


def load_demo(new_uow: UnitOfWorkFactory, now: datetime, *, reset: bool = False) -> list[int]:
    """Load the demo negotiations (once) and return their ids.

    With ``reset`` the existing demo negotiations are deleted and loaded again.
    """
    with new_uow() as uow:
        existing = [n for n in uow.negotiations.list() if n.is_demo]
        if existing and not reset:
            return [n.id for n in existing if n.id is not None]
        for negotiation in existing:
            uow.negotiations.delete(negotiation)
        uow.commit()
    return [skilled_nursing_sca(new_uow, now), pt_contract(new_uow, now)]
