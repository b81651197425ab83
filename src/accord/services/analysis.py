"""Use case: the engine's analysis of a stored negotiation (``accord analyze ID``).

Maps the record's terms and offers onto the engine's :class:`TermSpec` and
:class:`OfferSpec`. Numeric terms are analysed over the span that matters — from the
lowest to the highest of our plan, the offers and any agreed value, within the term's
allowed range — cut at a round step that keeps the whole space within a budget, so the
grid is fine where the parties actually are. Counts (days, visits, units) get whole steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time

from accord.domain.engine import (
    NegotiationAnalysis,
    OfferSpec,
    Scenario,
    TermSpec,
    analyze_negotiation,
    preferences_from_terms,
)
from accord.domain.negotiation import Negotiation
from accord.domain.terms import Term, TermKind, TermValue
from accord.errors import ValidationError
from accord.services.ports import UnitOfWork
from accord.services.situation import Situation, read_situation

__all__ = ["StoredAnalysis", "analyze_stored_negotiation", "stored_scenario", "term_specs"]

PAD = 0.1
OUTCOME_BUDGET = 250_000
"""Most packages the analysis enumerates: many-term negotiations get coarser grids."""
MAX_LEVELS = 101
INTEGRAL_KINDS = frozenset({"days", "visits", "units", "payment_days", "duration_months"})


@dataclass(frozen=True)
class StoredAnalysis:
    """The engine's analysis with the negotiation it describes."""

    negotiation: Negotiation
    result: NegotiationAnalysis
    situation: Situation


def analyze_stored_negotiation(
    uow: UnitOfWork, now: datetime, negotiation_id: int, *, plan: str = "boulware"
) -> StoredAnalysis:
    """Frontier, Nash point, ZOPA, counterpart style and next-offer advice."""
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
    if not negotiation.terms:
        raise ValidationError(
            f"negotiation {negotiation_id} has no terms yet: add some with `accord term add`",
            field="terms",
        )
    offers = [
        OfferSpec(
            side=offer.side.value,
            values={k: _engine_value(negotiation.term(k), v) for k, v in offer.values.items()},
            at=offer.at.timestamp(),
        )
        for offer in negotiation.offers
    ]
    specs = term_specs(negotiation)
    steps = _resolutions(specs)
    result = analyze_negotiation(
        _walk_aways_on_grid(specs, steps), offers, t=_time_used(negotiation, now), plan=plan,
        name=negotiation.title, resolution=steps,
    )  # fmt: skip
    return StoredAnalysis(negotiation, result, read_situation(negotiation, result))


def stored_scenario(uow: UnitOfWork, negotiation_id: int) -> Scenario:
    """A stored negotiation as an engine scenario, to rehearse it against an agent.

    The counterpart's weights come from their complete offers (all terms named) when
    there are any, else they are taken as equal.
    """
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
    if not negotiation.terms:
        raise ValidationError(
            f"negotiation {negotiation_id} has no terms yet: add some with `accord term add`",
            field="terms",
        )
    specs = term_specs(negotiation)
    steps = _resolutions(specs)
    specs = _walk_aways_on_grid(specs, steps)
    names = {t.name for t in negotiation.terms}
    theirs = [
        {k: _engine_value(negotiation.term(k), v) for k, v in offer.values.items()}
        for offer in negotiation.offers
        if offer.side.value == "theirs" and set(offer.values) == names
    ]
    return preferences_from_terms(specs, theirs, resolution=steps, name=negotiation.title)


def term_specs(negotiation: Negotiation) -> list[TermSpec]:
    """The engine's view of each term of a negotiation."""
    specs = []
    for term in negotiation.terms:
        values = [v for v in _known_values(negotiation, term) if isinstance(v, float | int)]
        minimum, maximum = term.minimum, term.maximum
        if term.kind.is_numeric:
            minimum, maximum = _span(term, [float(v) for v in values])
        specs.append(
            TermSpec(
                name=term.name,
                kind=term.kind.value,
                unit=term.unit,
                minimum=minimum,
                maximum=maximum,
                options=tuple(term.options),
                direction=term.direction.value,
                opening=_engine_value(term, term.opening),
                target=_engine_value(term, term.target),
                walk_away=_engine_value(term, term.walk_away),
                priority=term.priority,
                status=term.status.value,
                their_priority=term.their_priority,
                their_walk_away=_engine_value(term, term.their_walk_away),
                title=term.label,
            )
        )
    return specs


def _resolutions(specs: Sequence[TermSpec]) -> dict[str, float]:
    """Steps for the numeric terms so that the whole space stays within the budget."""
    numeric = [s for s in specs if s.minimum is not None and s.maximum is not None]
    fixed = 1
    for spec in specs:
        if spec not in numeric:
            fixed *= max(2, len(spec.options))
    if not numeric:
        return {}
    levels = int((OUTCOME_BUDGET / fixed) ** (1 / len(numeric)))
    levels = max(3, min(MAX_LEVELS, levels))
    steps = {}
    for spec in numeric:
        assert spec.minimum is not None and spec.maximum is not None
        span = spec.maximum - spec.minimum
        if span > 0:
            step = _round_step(span / (levels - 1))
            if spec.kind in INTEGRAL_KINDS:
                step = max(1.0, float(math.ceil(step)))
            steps[spec.name] = step
    return steps


def _walk_aways_on_grid(specs: Sequence[TermSpec], steps: dict[str, float]) -> list[TermSpec]:
    """Move each numeric term's grid down (by less than a step) so that our walk-away is
    one of its levels: advice may then go right up to the limit, never past it, and is
    not pushed a whole step inside it. Terms whose grid cannot move down stay as they are
    (the engine then takes the nearest level within the limit)."""
    out = []
    for spec in specs:
        step, walk = steps.get(spec.name), spec.walk_away
        if (
            step is not None and spec.minimum is not None
            and isinstance(walk, float | int) and not isinstance(walk, bool)
        ):  # fmt: skip
            low = float(walk) - math.ceil((float(walk) - spec.minimum) / step - 1e-9) * step
            if low >= 0.0 and low > spec.minimum - step:
                spec = replace(spec, minimum=round(low, 10))
        out.append(spec)
    return out


def _round_step(step: float) -> float:
    """The next round step at or above ``step``: 1, 2, 2.5 or 5 times a power of ten."""
    scale = 10.0 ** math.floor(math.log10(step))
    for nice in (1.0, 2.0, 2.5, 5.0, 10.0):
        if nice * scale >= step * (1 - 1e-9):
            return nice * scale
    return 10.0 * scale


def _known_values(negotiation: Negotiation, term: Term) -> list[TermValue]:
    values = [term.opening, term.target, term.walk_away, term.agreed_value, term.their_walk_away]
    values += [offer.values.get(term.name) for offer in negotiation.offers]
    return [v for v in values if v is not None and not isinstance(v, bool)]


def _span(term: Term, values: Sequence[float]) -> tuple[float, float]:
    if not values:
        if term.minimum is None or term.maximum is None:
            raise ValidationError(
                f"term {term.name} needs a range (--min/--max), an opening or a walk-away "
                "before it can be analysed",
                field=f"terms.{term.name}",
            )
        return term.minimum, term.maximum
    low, high = min(values), max(values)
    if high == low:  # one known value: look a tenth either side of it
        pad = max(abs(high) * PAD, 1.0)
        low, high = low - pad, high + pad
    if term.minimum is not None:
        low = max(low, term.minimum)
    if term.maximum is not None:
        high = min(high, term.maximum)
    # Their quote may lie outside the range we planned for (the range bounds our plan,
    # not what they say): the outcome space still has to hold every value said.
    low, high = min(low, *values), max(high, *values)
    return max(low, 0.0), high


def _engine_value(term: Term, value: TermValue | None) -> float | str | bool | None:
    """Yes/no terms are the options 'yes' and 'no' to the engine."""
    if value is None:
        return None
    if term.kind is TermKind.SERVICE_INCLUDED:
        return "yes" if value is True or value == "yes" else "no"
    return value


def _time_used(negotiation: Negotiation, now: datetime) -> float | None:
    """Share of the time from opening to the deadline already used, when there is one."""
    if negotiation.deadline is None:
        return None
    end = datetime.combine(negotiation.deadline, time(23, 59), tzinfo=UTC)
    total = (end - negotiation.created_at).total_seconds()
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, (now - negotiation.created_at).total_seconds() / total))
