"""JSON shapes of contracts and the underpayments worklist, shared by the CLI's ``--json``
and the API, so both doors print the same figures (dollars as decimal strings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accord.services.contract_modeller import ModelledContract
from accord.services.contract_store import ContractRow, StoredContract
from accord.services.scorecards import Scorecard, scorecard_rows
from accord.services.underpayment_worklist import Worklist

__all__ = [
    "contract_json",
    "contract_row_json",
    "model_json",
    "scorecard_json",
    "worklist_json",
]


def contract_row_json(r: ContractRow) -> dict[str, Any]:
    """A contract in a list."""
    return {
        "id": r.id,
        "payer": r.payer,
        "effective": r.effective.isoformat(),
        "end": r.end.isoformat() if r.end else None,
        "auto_renews": r.auto_renews,
        "rates": r.rates,
        "source": r.source,
        "demo": r.is_demo,
    }


def contract_json(s: StoredContract) -> dict[str, Any]:
    """A stored contract as JSON: terms, every rate and the next deadlines."""
    c = s.contract
    return {
        "id": s.id,
        "payer": c.payer,
        "effective": c.effective.isoformat(),
        "end": c.end.isoformat() if c.end else None,
        "auto_renews": c.auto_renews,
        "renewal_months": c.renewal_months,
        "notice_days": c.notice_days,
        "timely_filing_days": c.timely_filing_days,
        "units_policy": c.units_policy.value,
        "mppr": c.mppr,
        "tin": c.tin,
        "npi": c.npi,
        "zip": c.zip_code,
        "rates": [
            {
                "code": e.code,
                "modifier": e.modifier,
                "place_of_service": e.place_of_service,
                "basis": e.basis.value,
                "rate": str(e.value),
                "medicare_year": e.medicare_year,
                "described": e.describe(),
            }
            for e in c.entries
        ],
        "deadlines": [
            {"kind": d.kind, "due": d.due.isoformat(), "description": d.description}
            for d in s.deadlines
        ],
    }


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def worklist_json(w: Worklist, *, line_ids: bool = False) -> dict[str, Any]:
    """The worklist as JSON (dollars as decimal strings); each group's ``line_ids`` only
    when asked for (and read: ``underpayment_worklist(..., line_ids=True)``)."""
    return {
        "lines": w.lines,
        "priced": w.priced,
        "unpriced": w.unpriced,
        "expected": _money(w.expected),
        "allowed": _money(w.allowed),
        "at_stake_open": _money(w.at_stake),
        "group_count": w.group_count,
        "offset": w.offset,
        "medicare_localities": w.medicare_localities,
        "groups": [
            {
                "payer": g.group.payer,
                "code": g.group.code,
                "reason": g.group.reason,
                "label": g.group.label,
                "status": g.status.value,
                "lines": g.group.lines,
                **({"line_ids": [int(i) for i in g.group.line_ids]} if line_ids else {}),
                "expected": _money(g.group.expected),
                "allowed": _money(g.group.allowed),
                "at_stake": _money(g.group.amount_at_stake),
            }
            for g in w.groups
        ],
    }


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    """The payer scorecard as JSON: each payer's figures, and per code."""
    rows = scorecard_rows(card)
    return {
        "from": card.start.isoformat() if card.start else None,
        "to": card.end.isoformat() if card.end else None,
        "ranked_by": "paid per unit, lowest first",
        "medicare_localities": card.medicare_localities,
        "payers": [
            {
                **row,
                "codes": [
                    {
                        "code": c.code,
                        "units": c.units,
                        "paid": _money(c.paid),
                        "paid_per_unit": _money(c.paid_per_unit)
                        if c.paid_per_unit is not None
                        else None,
                    }
                    for c in s.codes
                ],
            }
            for row, s in zip(rows, card.payers, strict=True)
        ],
    }


def model_json(m: ModelledContract) -> dict[str, Any]:
    """The contract model as JSON: totals, yearly effects and per-code figures."""
    model = m.model

    def money(value: Decimal | None) -> str | None:
        return None if value is None else _money(value)

    return {
        "contract_id": m.contract_id,
        "payer": model.payer,
        "from": model.start.isoformat(),
        "to": model.end.isoformat(),
        "current": _money(model.current),
        "medicare_locality": m.medicare_locality,
        "unpriced_lines": model.unpriced,
        "proposals": [
            {
                "name": name,
                "total": _money(model.proposed[i]),
                "change": _money(model.proposed[i] - model.current),
                "yearly_effect": _money(model.yearly_effect(i)),
            }
            for i, name in enumerate(m.names)
        ],
        "codes": [
            {
                "code": c.code,
                "lines": c.lines,
                "units": c.units,
                "current": money(c.current),
                "proposed": [money(p) for p in c.proposed],
            }
            for c in model.codes
        ],
    }
