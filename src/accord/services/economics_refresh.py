"""Keep the stored economics read model in step with remittances, contracts and Medicare.

Each stored service line is priced once — by the same domain rules as every other path
(:func:`accord.services.contracts.expected_vs_paid`, then
:func:`accord.domain.economics.line_facts.line_facts`) — and kept with its shortfall and
the scorecard's per-line facts; daily roll-ups per payer × day × code are recomputed for
the days that changed, in the same transaction. What needs pricing again:

* claims stored since the last refresh (a new claim, or a reversal or correction of an
  older one: every claim of the same payer and claim number is priced again, so netting
  and the visit's units rule and MPPR see the whole visit);
* every line of a payer whose stored contracts changed (imported, revised, closed);
* everything, when the Medicare fee schedule Accord serves changed, or the rules here did
  (:data:`FACTS_VERSION`), or nothing was built yet (a database just migrated).

The worklist and the scorecard call :func:`refresh_economics` before they read, so any
door that stores remittances or contracts (CLI, API, browser, demo) is covered without a
hook in ingest; when nothing changed it costs three small queries::

    refresh_economics(accord.store.unit_of_work, accord.medicare_prices)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accord.domain.economics.contracts import Contract
from accord.domain.economics.line_facts import LineFacts, line_facts
from accord.domain.economics.medicare_locality import PracticePlace
from accord.domain.economics.scorecard import PaidLine
from accord.domain.economics.service_lines import ServiceLine
from accord.services.contract_ports import MedicarePriceSource
from accord.services.contracts import expected_vs_paid
from accord.services.medicare_localities import LocalMedicare, practice_place
from accord.services.ports import UnitOfWorkFactory

__all__ = ["FACTS_VERSION", "Refreshed", "price_paid_lines", "refresh_economics"]

FACTS_VERSION = "3"
"""Bump when the facts stored per line change meaning: every line is priced again."""
_CONTRACT = "contract:"
_BATCH = 2000  # claim keys priced at a time: a few thousand lines in memory


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh did: claims priced again, and whether it rebuilt everything."""

    claims: int
    lines: int
    rebuilt: bool


def price_paid_lines(
    paid: Sequence[PaidLine],
    contracts: Sequence[Contract],
    medicare: MedicarePriceSource,
    *,
    practice: PracticePlace | None = None,
) -> list[LineFacts]:
    """The stored facts of ``paid`` (whole claims, reversals netted): expected amounts for
    the lines that are not denials, then each line's figures. Medicare's amounts are those
    of each line's contract locality (the practice's when no contract is in force)."""
    kept = [p.line for p in paid if not (p.denied or p.line.allowed_or_derived == 0)]
    priced = {
        e.line.line_id: e for e in expected_vs_paid(kept, contracts, medicare, practice=practice)
    }
    local = LocalMedicare(medicare, practice or PracticePlace())
    cache: dict[tuple[str, int, str], Decimal | None] = {}

    def medicare_amount(line: ServiceLine) -> Decimal | None:
        # The scorecard's % of Medicare: the code's own amount (no pricing modifier) in
        # the year of service, else the year before's — CMS publishes a year's schedule
        # weeks before it starts, so early in a year only the previous one may be loaded.
        where = local.for_line(contracts, line.payer, line.date_of_service)
        key = (line.code, line.date_of_service.year, where.key)
        if key not in cache:
            price = local.price(line.code, "", key[1], where) or local.price(
                line.code, "", key[1] - 1, where
            )
            cache[key] = None if price is None else price.total
        return cache[key]

    return line_facts(paid, priced, medicare_amount)


def refresh_economics(uow_factory: UnitOfWorkFactory, medicare: MedicarePriceSource) -> Refreshed:
    """Price again what changed since the last refresh (see the module's docstring)."""
    with uow_factory() as uow:
        rollup = uow.economics_rollup
        state = rollup.state(lock=True)  # one refresh at a time on PostgreSQL
        fingerprints = rollup.contract_fingerprints()
        practice = practice_place(uow)
        wanted = {
            "version": FACTS_VERSION,
            # the practice's place chooses the Medicare locality: a move prices again
            "medicare": hashlib.sha256(
                f"{medicare.fingerprint} at {practice}".encode()
            ).hexdigest(),
            "last_claim": str(rollup.max_claim_id()),
            **{f"{_CONTRACT}{payer}"[:250]: digest for payer, digest in fingerprints.items()},
        }
        if state == wanted:
            return Refreshed(0, 0, rebuilt=False)
        rebuilt = any(state.get(k) != wanted[k] for k in ("version", "medicare"))
        if rebuilt:
            rollup.clear()
            keys = rollup.claim_keys()
        else:
            old = {k[len(_CONTRACT) :]: v for k, v in state.items() if k.startswith(_CONTRACT)}
            stale = {
                p for p in old.keys() | fingerprints.keys() if old.get(p) != fingerprints.get(p)
            }
            keys = rollup.claim_keys(
                after_claim=int(state.get("last_claim", "0")), payers=stale or None
            )
        contracts = [c for _, c in uow.contracts.all(whole_practice=True)] if keys else []
        ordered = sorted(keys)
        touched: set[tuple[str, date]] = set()
        lines = 0
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start : start + _BATCH]
            facts = price_paid_lines(
                uow.economics.paid_lines_of_claims(batch), contracts, medicare, practice=practice
            )
            lines += len(facts)
            if rebuilt:
                rollup.insert_lines(facts)
            else:
                touched |= rollup.replace_lines(batch, facts)
        rollup.refresh_rollups(None if rebuilt else touched)
        rollup.set_state(wanted)
        uow.commit()
    return Refreshed(len(ordered), lines, rebuilt=rebuilt)
