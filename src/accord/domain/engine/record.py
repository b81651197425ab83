"""From a negotiation record to engine input: :class:`TermSpec` and friends.

The foundation's record stores terms with a kind, unit, allowed range or options,
direction for us, our opening / target / walk-away, a priority (1–5) and a status;
offers are ``{term name: value}`` by side. Map each record term to a
:class:`TermSpec` and each offer to an :class:`OfferSpec`, then call
:func:`analyze_negotiation` (or :func:`preferences_from_terms` for the scenario only).

Our utility is declared by the terms: linear in the direction over the range (or the
options ranked best-first), weights proportional to priority, reservation value = our
utility of the package made of every walk-away value. The counterparty's utility is
the mirror of ours. Its weights are declared where the user typed the counterparty's
priority for a term; the other terms share the rest in proportion to the frequency
model of their offers (equally when they have made none). Their reservation value is
their utility of the package made of their declared walk-away values (their worst
level where none is declared), or 0 when no walk-away of theirs is declared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from accord.domain.engine.advice import NextOffer, next_offer
from accord.domain.engine.analysis import OfferPosition, ScenarioAnalysis, analyze, position_of
from accord.domain.engine.opponent import CounterpartReading, FrequencyModel, read_counterpart
from accord.domain.engine.preferences import Preferences, build_preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import DiscreteTerm, categorical_term, numeric_term
from accord.domain.engine.values import CategoricalValue, FloatArray, LinearValue, ValueFunction
from accord.errors import ValidationError

__all__ = [
    "NUMERIC_KINDS",
    "NegotiationAnalysis",
    "OfferSpec",
    "TermSpec",
    "TheirPriority",
    "analyze_negotiation",
    "preferences_from_terms",
]

NUMERIC_KINDS = frozenset(
    {
        "rate_per_unit",
        "per_diem",
        "pct_medicare",
        "pct_billed",
        "days",
        "visits",
        "units",
        "payment_days",
        "duration_months",
    }
)
"""Record term kinds with a numeric range; the others are ``service_included`` and
``categorical``."""


@dataclass(frozen=True, slots=True)
class TermSpec:
    """One term of a negotiation record, as the engine needs it."""

    name: str
    kind: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[str, ...] = ()
    direction: str = "higher_better"
    opening: float | str | bool | None = None
    target: float | str | bool | None = None
    walk_away: float | str | bool | None = None
    priority: int = 3
    status: str = "open"
    their_priority: int | None = None
    """Declared: how much the counterparty cares (1–5); ``None`` leaves it to estimation."""
    their_walk_away: float | str | bool | None = None
    """Declared: the worst value we believe the counterparty would still accept."""
    title: str = ""
    """What people read for the term (its label); messages name the term by it."""


@dataclass(frozen=True, slots=True)
class OfferSpec:
    """One offer of the record: ``side`` is ``ours`` or ``theirs``; values may be partial."""

    side: str
    values: Mapping[str, object]
    at: float | str = 0.0


@dataclass(frozen=True, slots=True)
class TheirPriority:
    """What we know of how much they care about one term, from both sources together."""

    term: str
    declared: int | None
    """The priority (1–5) the user declared for them, if any."""
    read_from_offers: float
    """The frequency model's weight from their offers (equal before any offer)."""
    used: float
    """The weight the analysis uses: declared where given, the estimate sharing the rest."""


@dataclass(frozen=True, slots=True, eq=False)
class NegotiationAnalysis:
    """Analysis of a stored negotiation: scenario, offers' positions, counterpart, advice."""

    analysis: ScenarioAnalysis
    our_offers: tuple[OfferPosition, ...]
    their_offers: tuple[OfferPosition, ...]
    counterpart: CounterpartReading
    next_offer: NextOffer
    notes: tuple[str, ...] = field(default_factory=tuple)
    their_priorities: tuple[TheirPriority, ...] = field(default_factory=tuple)


def _discretise(spec: TermSpec, i: int, resolution: float | None) -> DiscreteTerm:
    return replace(_levels(spec, i, resolution), title=spec.title)


def _levels(spec: TermSpec, i: int, resolution: float | None) -> DiscreteTerm:
    where = f"terms[{i}]"
    if spec.kind in NUMERIC_KINDS:
        if spec.minimum is None or spec.maximum is None:
            raise ValidationError("a numeric term needs min and max", field=f"{where}.range")
        return numeric_term(
            spec.name,
            float(spec.minimum),
            float(spec.maximum),
            resolution=resolution,
            kind=spec.kind,
            unit=spec.unit,
            field=where,
        )
    if spec.kind == "service_included":
        return categorical_term(spec.name, ["yes", "no"], kind=spec.kind, field=where)
    if spec.kind == "categorical":
        return categorical_term(
            spec.name, spec.options, kind=spec.kind, unit=spec.unit, field=where
        )
    raise ValidationError(f"unknown term kind {spec.kind!r}", field=f"{where}.kind")


def preferences_from_terms(
    terms: Sequence[TermSpec],
    their_offers: Sequence[Mapping[str, object]] = (),
    *,
    resolution: Mapping[str, float] | None = None,
    name: str = "negotiation",
    deadline_rounds: int = 20,
    offers_field: str = "offers",
) -> Scenario:
    """Build a :class:`Scenario` from record terms (and their offers, for their weights).

    ``resolution`` gives the step between levels per numeric term (default: a round
    step giving 6–21 levels, whole numbers for short integral ranges).
    """
    if not terms:
        raise ValidationError("a negotiation needs at least one term", field="terms")
    res = dict(resolution or {})
    disc: list[DiscreteTerm] = []
    ours_fn: dict[str, ValueFunction | CategoricalValue] = {}
    theirs_fn: dict[str, ValueFunction | CategoricalValue] = {}
    weights: dict[str, float] = {}
    walk: dict[str, int] = {}
    for i, spec in enumerate(terms):
        if spec.direction not in ("higher_better", "lower_better"):
            raise ValidationError(
                f"direction must be higher_better or lower_better, got {spec.direction!r}",
                field=f"terms[{i}].direction",
            )
        if not 1 <= spec.priority <= 5:
            raise ValidationError("priority must be 1–5", field=f"terms[{i}].priority")
        term = _discretise(spec, i, res.get(spec.name))
        disc.append(term)
        up = spec.direction == "higher_better"
        ours_fn[spec.name], theirs_fn[spec.name] = _value_functions(spec, term, up)
        weights[spec.name] = float(spec.priority)
        if spec.walk_away is not None:
            walk[spec.name] = _limit_level(term, spec.walk_away, up, field=f"terms[{i}].walk_away")
    ours = build_preferences(disc, weights, ours_fn, walk_away=walk, field="terms")
    ours = ours.with_reservation(ours.utility_of_levels(_reservation_levels(ours, walk, disc)))
    space = OutcomeSpace(tuple(disc))
    mirror = build_preferences(disc, weights, theirs_fn, estimated=True, field="terms")
    estimate = _estimated_weights(space, their_offers, offers_field)
    their_weights, declared_all = _their_weights(terms, estimate)
    their_walk = _their_walk_away(terms, disc)
    theirs = Preferences(
        their_weights, mirror.values, 0.0, estimated=not declared_all, walk_away=their_walk
    )
    if their_walk:
        theirs = theirs.with_reservation(
            theirs.utility_of_levels(_reservation_levels(theirs, their_walk, disc))
        )
    return Scenario(name, space, ours, theirs, deadline_rounds=deadline_rounds)


def _value_functions(
    spec: TermSpec, term: DiscreteTerm, up: bool
) -> tuple[ValueFunction | CategoricalValue, ValueFunction | CategoricalValue]:
    """(our value function of the term, theirs as its mirror)."""
    if term.numeric:
        return LinearValue(up), LinearValue(not up)
    opts = [str(x) for x in term.levels]
    ranked = opts if (spec.kind == "categorical" or up) else opts[::-1]
    return CategoricalValue.ranked(ranked), CategoricalValue.ranked(ranked[::-1])


def _estimated_weights(
    space: OutcomeSpace, their_offers: Sequence[Mapping[str, object]], offers_field: str
) -> FloatArray:
    """Their weights as their offers suggest (a frequency model); equal without offers."""
    if not their_offers:
        return np.full(len(space.terms), 1.0 / len(space.terms))
    model = FrequencyModel(space.shape)
    for j, offer in enumerate(their_offers):
        model.observe(space.levels_of(space.offer_index(offer, field=f"{offers_field}[{j}]")))
    return np.asarray(model.weights(), dtype=float)


def _limit_level(term: DiscreteTerm, value: object, up: bool, *, field: str) -> int:
    """Our walk-away's level: the nearest level *within* the limit, never one beyond it.

    A walk-away of 30 on a grid of 29.5, 31, … is the level 31 for a higher-is-better
    term (29.5 would let advice go below the limit), 29.5 for a lower-is-better one.
    """
    nearest = term.level_of(value, field=field)
    if not term.numeric:
        return nearest
    x = float(value) if isinstance(value, int | float) else float(str(value))
    levels = term.numeric_levels()
    tol = 1e-9 * max(1.0, abs(x))
    inside = np.flatnonzero(levels >= x - tol) if up else np.flatnonzero(levels <= x + tol)
    if inside.size == 0:
        return nearest
    return int(inside[0] if up else inside[-1])


def _their_weights(terms: Sequence[TermSpec], estimate: FloatArray) -> tuple[FloatArray, bool]:
    """Declared priorities where given; the estimate shares the rest (mean priority 3).

    Returns the normalised weights and whether every term's priority was declared.
    """
    raw = np.zeros(len(terms))
    open_terms = [i for i, spec in enumerate(terms) if spec.their_priority is None]
    for i, spec in enumerate(terms):
        if spec.their_priority is not None:
            if not 1 <= spec.their_priority <= 5:
                raise ValidationError(
                    "their priority must be 1–5", field=f"terms[{i}].their_priority"
                )
            raw[i] = float(spec.their_priority)
    if open_terms:
        share = estimate[open_terms]
        total = float(share.sum())
        # The undeclared terms keep the estimate's proportions at an average priority of 3.
        raw[open_terms] = 3.0 * len(open_terms) * (share / total) if total > 0 else 3.0
    return raw / raw.sum(), not open_terms


def _their_walk_away(terms: Sequence[TermSpec], disc: Sequence[DiscreteTerm]) -> dict[str, int]:
    return {
        spec.name: term.level_of(spec.their_walk_away, field=f"terms[{i}].their_walk_away")
        for i, (spec, term) in enumerate(zip(terms, disc, strict=True))
        if spec.their_walk_away is not None
    }


def _reservation_levels(
    prefs: Preferences, walk: Mapping[str, int], terms: Sequence[DiscreteTerm]
) -> list[int]:
    worst = prefs.worst_levels()
    return [walk.get(t.name, worst[i]) for i, t in enumerate(terms)]


def _complete(
    offers: Sequence[OfferSpec], terms: Sequence[TermSpec], space: OutcomeSpace, prefs: Scenario
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Fill the terms an offer leaves out with that side's previous value (or its ideal)."""
    best_ours = space.offer_of(space.index_of(prefs.ours.best_levels()))
    best_theirs = space.offer_of(space.index_of(prefs.ours.worst_levels()))
    last: dict[str, dict[str, object]] = {"ours": dict(best_ours), "theirs": dict(best_theirs)}
    for spec in terms:
        if spec.opening is not None:
            last["ours"][spec.name] = spec.opening
    out: dict[str, list[dict[str, object]]] = {"ours": [], "theirs": []}
    for i, o in enumerate(offers):
        if o.side not in out:
            raise ValidationError("side must be 'ours' or 'theirs'", field=f"offers[{i}].side")
        unknown = [k for k in o.values if k not in space.names]
        if unknown:
            raise ValidationError(f"unknown term {unknown[0]!r}", field=f"offers[{i}].{unknown[0]}")
        last[o.side].update(o.values)
        out[o.side].append(dict(last[o.side]))
    return out["ours"], out["theirs"]


def _utility_as_made(scenario: Scenario, offer: Mapping[str, object]) -> float:
    """Our utility of an offer at the values made, between grid levels where it falls
    there (so a move from 780 to 650 counts in full, not as a move between levels)."""
    total = 0.0
    for term, w, v in zip(scenario.space.terms, scenario.ours.weights, scenario.ours.values,
                          strict=True):  # fmt: skip
        value = offer[term.name]
        if term.numeric and isinstance(value, int | float) and not isinstance(value, bool):
            total += float(w) * float(np.interp(float(value), term.numeric_levels(), v))
        else:
            total += float(w) * float(v[term.level_of(value, field=term.name)])
    return total


def _as_made(analysis: ScenarioAnalysis, index: int, offer: Mapping[str, object]) -> OfferPosition:
    """The position of an offer, described at the values made (the grid package it was
    analysed as kept aside when it differs)."""
    position = position_of(analysis, index)
    parts = []
    for term in analysis.scenario.space.terms:
        value = offer[term.name]
        if term.numeric and isinstance(value, int | float) and not isinstance(value, bool):
            text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
            parts.append(f"{term.name}={text} {term.unit}".rstrip())
        else:
            parts.append(f"{term.name}={term.label(term.level_of(value, field=term.name))}")
    made = ", ".join(parts)
    if made == position.description:
        return position
    return replace(position, description=made, snapped_to=position.description)


def _counterpart_note(terms: Sequence[TermSpec]) -> str:
    declared = sum(spec.their_priority is not None for spec in terms)
    walks = sum(spec.their_walk_away is not None for spec in terms)
    if not declared and not walks:
        return "the counterparty's preferences are estimated (mirror of ours)"
    parts = []
    if declared:
        parts.append(f"their priorities declared for {declared} of {len(terms)} terms")
    if walks:
        parts.append(f"their walk-away declared for {walks}")
    return "counterparty model: " + ", ".join(parts) + "; the rest is estimated"


def analyze_negotiation(
    terms: Sequence[TermSpec],
    offers: Sequence[OfferSpec] = (),
    *,
    t: float | None = None,
    plan: str = "boulware",
    resolution: Mapping[str, float] | None = None,
    name: str = "negotiation",
) -> NegotiationAnalysis:
    """Everything ``accord analyze ID`` shows, from record terms and offers (oldest first).

    ``t`` is the share of the time to the deadline already used (0–1), when known.
    """
    base = preferences_from_terms(terms, resolution=resolution, name=name)
    ours_raw, theirs_raw = _complete(offers, terms, base.space, base)
    scenario = preferences_from_terms(
        terms, theirs_raw, resolution=resolution, name=name, offers_field="offers.theirs"
    )
    space = scenario.space
    our_idx = [space.offer_index(o, field=f"offers.ours[{i}]") for i, o in enumerate(ours_raw)]
    their_idx = [
        space.offer_index(o, field=f"offers.theirs[{i}]") for i, o in enumerate(theirs_raw)
    ]
    analysis = analyze(scenario)
    reading = read_counterpart(
        scenario, their_idx, our_idx, t=t,
        their_curve=[_utility_as_made(scenario, o) for o in theirs_raw],
        our_curve=[_utility_as_made(scenario, o) for o in ours_raw],
    )  # fmt: skip
    clock = t if t is not None else min(1.0, 0.1 * len(our_idx))
    nxt = next_offer(scenario, our_idx, their_idx, t=clock, plan=plan)
    notes = [_counterpart_note(terms)]
    if t is None:
        notes.append("no deadline known: time is taken as 10% per offer we made")
    return NegotiationAnalysis(
        analysis,
        tuple(_as_made(analysis, i, o) for i, o in zip(our_idx, ours_raw, strict=True)),
        tuple(_as_made(analysis, i, o) for i, o in zip(their_idx, theirs_raw, strict=True)),
        reading,
        nxt,
        tuple(notes),
        tuple(
            TheirPriority(
                spec.name, spec.their_priority, reading.estimated_weights[spec.name], float(w)
            )
            for spec, w in zip(terms, scenario.theirs.weights, strict=True)
        ),
    )
