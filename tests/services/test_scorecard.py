"""The payer scorecard over stored remittances, by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.bootstrap import Accord
from accord.services import contract_store, economics_views, remittances, scorecards

REVERSAL = "accord_edge_reversal_plb_two_st.835"
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no"
CONTRACT = (
    "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,code,basis,rate\n"
    f"{TERMS},97110,amount,50.00\n{TERMS},97140,amount,47.00\n"
)


def test_the_scorecard_figures_match_the_hand_count(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    """By hand, from the fixture, after netting PT1001's reversal:
    PT1001 (corrected) 97110 ×2 paid $85 + 97140 ×2 paid $85, PR $10 each, allowed $95
    each; PT1002 denied (CO-50), 97530 ×2 paid $0. Revenue $170; visits 2 (two claim-days);
    units 6; paid per visit $85.00; per unit 170 / 6 = $28.33; denied 1 of 2 claims = 50%;
    patient share 20 / 190 = 10.5%; no DTM*050 → no days to pay; underpaid $5 (97110:
    2 × $50 − $95)."""
    remittances.ingest_remittances(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        [shared_fixtures / "remittance" / REVERSAL],
    )  # fmt: skip
    contract = tmp_path / "c.csv"
    contract.write_text(CONTRACT, encoding="utf-8")
    contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock, contract
    )
    card = scorecards.payer_scorecard(accord.store.unit_of_work, accord.medicare_prices)
    [s] = card.payers
    assert (s.rank, s.payer, s.revenue, s.visits, s.units, s.claims) == (
        1, "EXAMPLE HEALTH PLAN", Decimal("170"), 2, 6, 2,
    )  # fmt: skip
    assert (s.paid_per_visit, s.denied_claims, s.top_denial_reasons) == (
        Decimal("85"), 1, (("CO-50", 1),),
    )  # fmt: skip
    assert (s.days_to_pay, s.medicare_share, s.underpaid) == (None, None, Decimal("5"))
    [row] = scorecards.scorecard_rows(card)
    assert (row["paid_per_unit"], row["denial_rate_percent"], row["patient_share_percent"]) == (
        "28.33", "50.0", "10.5",
    )  # fmt: skip
    assert [(c.code, c.units, c.paid) for c in s.codes] == [
        ("97110", 2, Decimal("85")), ("97140", 2, Decimal("85")), ("97530", 2, Decimal("0")),
    ]  # fmt: skip
    # a period without the services scores no payer
    empty = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=date(2026, 1, 1)
    )
    assert empty.payers == []
    out = tmp_path / "card.csv"
    scorecards.export_scorecard_csv(accord.document_files, out, card)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("rank,payer,revenue,visits,units")
    assert lines[1].startswith(
        "1,EXAMPLE HEALTH PLAN,170.00,2,6,2,85.00,28.33,,,50.0,CO-50 ×1,5.00"
    )
    assert economics_views.scorecard_json(card)["payers"][0]["codes"][0]["paid_per_unit"] == "42.50"
