"""Contract rules in the domain: validation, the rate for a line, renewal and notice dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.domain.economics.contracts import Contract, contract_deadlines, contract_in_force
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.errors import ValidationError

D = Decimal


def entry(code: str, modifier: str = "", place: str = "", amount: str = "30") -> FeeScheduleEntry:
    return FeeScheduleEntry(code, modifier, place, RateBasis.AMOUNT, D(amount))


def test_the_most_specific_rate_wins_for_a_line() -> None:
    c = Contract(
        "Acme",
        date(2025, 1, 1),
        entries=(
            entry("97110", amount="30"),
            entry("97110", "GP", amount="32"),
            entry("97110", "GP", "11", amount="34"),
            entry("97110", "", "22", amount="25"),
        ),
    )
    assert c.rate_for("97110", ("GP",), "11").value == D(34)  # type: ignore[union-attr]
    assert c.rate_for("97110", ("59", "GP"), "12").value == D(32)  # type: ignore[union-attr]
    assert c.rate_for("97110", (), "22").value == D(25)  # type: ignore[union-attr]
    assert c.rate_for("97110", (), "11").value == D(30)  # type: ignore[union-attr]
    assert c.rate_for("97140") is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: entry("9711"), "HCPCS code of 5"),
        (lambda: entry("97110", "G"), "2-character modifier"),
        (lambda: entry("97110", amount="NaN"), "dollar amount"),
        (lambda: entry("97110", amount="-1"), "dollar amount"),
        (
            lambda: FeeScheduleEntry("97110", "", "", RateBasis.PERCENT_OF_MEDICARE, D(110)),
            "needs the year of the Medicare schedule",
        ),
        (
            lambda: FeeScheduleEntry("97110", "", "", RateBasis.AMOUNT, D(1), medicare_year=2025),
            "belongs only to a % of Medicare rate",
        ),
        (lambda: Contract("Acme", date(2025, 2, 1), date(2025, 1, 31)), "before the effective"),
        (lambda: Contract(" ", date(2025, 1, 1)), "payer name"),
        (lambda: Contract("Acme", date(2025, 1, 1), tin="12345678"), "9 digits"),
        (lambda: Contract("Acme", date(2025, 1, 1), npi="1234567890"), "check digit"),
        (lambda: Contract("Acme", date(2025, 1, 1), notice_days=-1), "0 to 3650 days"),
        (
            lambda: Contract("Acme", date(2025, 1, 1), entries=(entry("97110"), entry("97110"))),
            "has two rates",
        ),
    ],
)
def test_invalid_contracts_and_rates_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()  # type: ignore[operator]


def test_hcpcs_codes_are_alphanumeric_and_upper_cased() -> None:
    assert entry("g0283").code == "G0283"
    assert Contract("Acme", date(2025, 1, 1), npi="1234567893").npi == "1234567893"


def test_the_contract_in_force_is_the_payers_latest_effective_on_the_date() -> None:
    old = Contract("Acme Health", date(2024, 1, 1), date(2024, 12, 31))
    new = Contract("Acme Health", date(2025, 1, 1), date(2025, 12, 31))
    other = Contract("Beacon", date(2024, 1, 1))
    contracts = [old, new, other]
    assert contract_in_force(contracts, "acme  health", date(2024, 6, 1)) is old
    assert contract_in_force(contracts, "Acme Health", date(2025, 6, 1)) is new
    assert contract_in_force(contracts, "Acme Health", date(2026, 1, 1)) is None


def test_an_auto_renewing_contract_rolls_its_deadlines_to_the_next_term() -> None:
    c = Contract("Acme", date(2023, 1, 1), date(2023, 12, 31), auto_renews=True, notice_days=90)
    deadlines = contract_deadlines(c, today=date(2025, 3, 1))
    assert [(d.kind, d.due) for d in deadlines] == [
        ("notice", date(2025, 10, 2)),
        ("renewal", date(2025, 12, 31)),
    ]
    assert "90 days before the term renews on 2025-12-31" in deadlines[0].description
    assert c.in_force(date(2025, 6, 1))


def test_a_missed_notice_date_says_so_and_names_the_next_one() -> None:
    c = Contract("Acme", date(2025, 1, 1), date(2026, 12, 31), auto_renews=True, notice_days=90)
    notice, renewal = contract_deadlines(c, today=date(2026, 12, 7))
    assert (notice.kind, notice.due, renewal.due) == (
        "notice",
        date(2026, 10, 2),
        date(2026, 12, 31),
    )
    assert notice.description == (
        "missed: the last day to give Acme notice was 2026-10-02 (90 days before the term "
        "renews on 2026-12-31); the next is 2027-10-02"
    )
    ending = Contract("Acme", date(2025, 1, 1), date(2026, 12, 31), notice_days=30)
    assert contract_deadlines(ending, today=date(2026, 12, 7))[0].description == (
        "missed: the last day to give Acme notice was 2026-12-01 (30 days before the term "
        "ends on 2026-12-31)"
    )
    on_the_day = contract_deadlines(ending, today=date(2026, 12, 1))[0]
    assert on_the_day.description.startswith("last day to give Acme notice (30 days")


def test_an_evergreen_contract_renews_on_its_anniversary() -> None:
    c = Contract("Acme", date(2024, 3, 15), auto_renews=True, notice_days=60)
    deadlines = contract_deadlines(c, today=date(2025, 4, 1))
    assert [(d.kind, d.due) for d in deadlines] == [
        ("notice", date(2026, 1, 13)),
        ("renewal", date(2026, 3, 14)),
    ]


def test_an_ended_contract_has_no_deadlines_and_is_not_in_force() -> None:
    c = Contract("Acme", date(2024, 1, 1), date(2024, 12, 31), notice_days=30)
    assert contract_deadlines(c, today=date(2025, 1, 1)) == []
    assert not c.in_force(date(2025, 1, 1))


def test_agreed_rates_start_a_successor_and_close_the_old_contract_the_day_before() -> None:
    from accord.domain.economics.contracts import revise_rates

    c = Contract(
        "Acme", date(2024, 1, 1), date(2025, 12, 31), auto_renews=True,
        entries=(entry("97110", amount="30"), entry("97140", amount="28")),
    )  # fmt: skip
    closed, successor = revise_rates(
        c, [entry("97110", amount="34.50"), entry("97530", amount="40")], effective=date(2025, 7, 1)
    )
    assert (closed.end, closed.auto_renews) == (date(2025, 6, 30), False)
    assert closed.entries == c.entries
    assert successor.effective == date(2025, 7, 1) and successor.auto_renews
    assert [(e.code, e.value) for e in successor.entries] == [
        ("97110", D("34.50")),
        ("97140", D(28)),
        ("97530", D(40)),
    ]
    contracts = [closed, successor]
    assert contract_in_force(contracts, "Acme", date(2025, 6, 30)) is closed
    assert contract_in_force(contracts, "Acme", date(2025, 7, 1)) is successor
    with pytest.raises(ValidationError, match="must start after"):
        revise_rates(c, [], effective=date(2024, 1, 1))
