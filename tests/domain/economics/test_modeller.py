"""The contract modeller: by hand, in the domain and over stored remits (both databases)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.bootstrap import Accord
from accord.domain.economics.contracts import Contract
from accord.domain.economics.expected import MedicarePrice
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.modeller import model_contract, raised
from accord.domain.economics.service_lines import ServiceLine
from accord.domain.economics.units import UnitPolicy
from accord.errors import ValidationError
from accord.services import contract_modeller, contract_store, remittances

REVERSAL = "accord_edge_reversal_plb_two_st.835"
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no"
HEAD = "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,code,basis,rate\n"
DAY = date(2026, 3, 2)


def _amount(code: str, dollars: str) -> FeeScheduleEntry:
    return FeeScheduleEntry(code, "", "", RateBasis.AMOUNT, Decimal(dollars))


def test_the_mppr_effect_shows_when_a_proposal_drops_the_reduction() -> None:
    """One visit: 97110 ×1 and 97140 ×1 at $40 and $35, MPPR on. Medicare's PE shares:
    97110 10/30, 97140 12/28 → PE parts $13.33 and $15.00; 97140's is highest and paid in
    full, 97110 loses half its PE part: 40 − 6.67 = $33.33. Current 33.33 + 35 = $68.33;
    the same rates without MPPR $75.00; over one day, a year is 365 × $6.67 = $2,434.55."""
    current = Contract("Acme", date(2026, 1, 1), units_policy=UnitPolicy.PER_CODE,
                       entries=(_amount("97110", "40"), _amount("97140", "35")))  # fmt: skip
    lines = [
        ServiceLine("1", "v1", "Acme", "97110", 1, Decimal(90), DAY, Decimal(30)),
        ServiceLine("2", "v1", "Acme", "97140", 1, Decimal(85), DAY, Decimal(30)),
    ]
    medicare = {
        ("97110", "", 2026): MedicarePrice(Decimal(30), Decimal(10), True),
        ("97140", "", 2026): MedicarePrice(Decimal(28), Decimal(12), True),
    }
    m = model_contract(lines, current, [replace(current, mppr=False)], medicare,
                       start=DAY, end=DAY)  # fmt: skip
    assert (m.current, m.proposed) == (Decimal("68.33"), (Decimal("75.00"),))
    assert m.yearly_effect(0) == Decimal("2434.55")
    assert [(c.code, c.current, c.proposed) for c in m.codes] == [
        ("97110", Decimal("33.33"), (Decimal("40.00"),)),
        ("97140", Decimal("35.00"), (Decimal("35.00"),)),
    ]


def test_a_raise_scales_every_rate_and_refuses_nonsense() -> None:
    c = Contract("Acme", date(2026, 1, 1), entries=(
        _amount("97110", "31.50"),
        FeeScheduleEntry("97140", "", "", RateBasis.PERCENT_OF_MEDICARE, Decimal(110), 2026),
    ))  # fmt: skip
    assert [e.value for e in raised(c, Decimal(10)).entries] == [
        Decimal("34.65"),
        Decimal("121.000"),
    ]
    with pytest.raises(ValidationError, match="above -100%"):
        raised(c, Decimal(-100))


def test_proposals_over_stored_volumes_by_hand(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    """Volumes from the fixture after netting (PT1002's denial left out): 97110 ×2 and
    97140 ×2 on 2025-12-01. Current $50 and $47: 100 + 94 = $194. +10%: 110 + 103.40 =
    $213.40, a year (December, 31 days) 19.40 × 365 / 31 = $228.42. A file with 97110 at
    $60 only: 120 + 94 (97140 stays current) = $214, a year 20 × 365 / 31 = $235.48."""
    remittances.ingest_remittances(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        [shared_fixtures / "remittance" / REVERSAL],
    )  # fmt: skip
    current_file = tmp_path / "current.csv"
    current_file.write_text(HEAD + f"{TERMS},97110,amount,50\n{TERMS},97140,amount,47\n")
    [cid] = contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock, current_file
    )
    offer = tmp_path / "offer.csv"
    offer.write_text(HEAD + f"{TERMS},97110,amount,60\n")
    current = contract_store.show_contract(accord.store.unit_of_work, cid, today=DAY).contract
    proposals = contract_modeller.proposals_from(
        accord.contract_files, current, paths=[offer], increases=[Decimal(10)]
    )
    result = contract_modeller.model_stored_contract(
        accord.store.unit_of_work, accord.medicare_prices, cid, proposals,
        start=date(2025, 12, 1), end=date(2025, 12, 31),
    )  # fmt: skip
    m = result.model
    assert result.names == ["offer.csv: EXAMPLE HEALTH PLAN", "current +10%"]
    assert (m.current, m.proposed, m.unpriced) == (
        Decimal("194.00"), (Decimal("214.00"), Decimal("213.40")), 0,
    )  # fmt: skip
    assert (m.yearly_effect(0), m.yearly_effect(1)) == (Decimal("235.48"), Decimal("228.42"))
    assert [(c.code, c.units) for c in m.codes] == [("97110", 2), ("97140", 2)]
    entered = contract_modeller.model_stored_contract(
        accord.store.unit_of_work, accord.medicare_prices, cid, proposals,
        start=date(2026, 1, 1), end=date(2026, 12, 31), volumes={"97110": 100},
    )  # fmt: skip
    # 100 units × $50 = $5,000; the offer's $60: $6,000, a year (365 days) $1,000
    assert (entered.model.current, entered.model.yearly_effect(0)) == (
        Decimal("5000.00"), Decimal("1000.00"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="at least one proposal"):
        contract_modeller.model_stored_contract(
            accord.store.unit_of_work, accord.medicare_prices, cid, [],
            start=date(2025, 12, 1), end=date(2025, 12, 31),
        )  # fmt: skip


def test_each_offer_of_a_rate_negotiation_gets_its_yearly_value(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    """The same December volumes; the payer offers 97110 at $52 and we ask $58: 2 × 2 =
    $4 and 2 × 8 = $16 more over 31 days, a year $47.10 and $188.39."""
    from accord.domain.offers import Side
    from accord.services import activity
    from tests.support.factories import rate_negotiation

    remittances.ingest_remittances(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        [shared_fixtures / "remittance" / REVERSAL],
    )  # fmt: skip
    current_file = tmp_path / "current.csv"
    current_file.write_text(HEAD + f"{TERMS},97110,amount,50\n{TERMS},97140,amount,47\n")
    [cid] = contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock, current_file
    )
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    current = contract_store.show_contract(accord.store.unit_of_work, cid, today=DAY).contract
    with pytest.raises(ValidationError, match="no offer that sets a coded rate"):
        contract_modeller.proposals_from_negotiation(
            accord.store.unit_of_work, current, negotiation.id, year=2025
        )
    for side, rate in ((Side.THEIRS, 52), (Side.OURS, 58)):
        activity.record_offer(accord.store.unit_of_work(), accord.clock.now(), negotiation.id,
                              side=side, values={"rate_97110": rate})  # fmt: skip
    proposals = contract_modeller.proposals_from_negotiation(
        accord.store.unit_of_work, current, negotiation.id, year=2025
    )
    assert [name.split(" (")[0] for name, _ in proposals] == ["offer 1", "offer 2"]
    m = contract_modeller.model_stored_contract(
        accord.store.unit_of_work, accord.medicare_prices, cid, proposals,
        start=date(2025, 12, 1), end=date(2025, 12, 31),
    ).model  # fmt: skip
    assert (m.yearly_effect(0), m.yearly_effect(1)) == (Decimal("47.10"), Decimal("188.39"))
