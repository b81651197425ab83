"""Rehearsal one move at a time, for the web workbench: the page sends the moves so far,
and the negotiation is REPLAYED from the start through :func:`accord.services.rehearsal.rehearse`
(deterministic agents, no clock), stopping where the moves run out.

No state is kept on the server between requests::

    state = replay(scenario, "hardball", ["rate_pct_medicare=140, visit_cap=60, ..."])
    state.waiting            # the Turn now awaiting your move (None once it has ended)
    moves = play_move(scenario, "hardball", state_moves, "accept")   # checked, canonical
    state = replay(scenario, "hardball", moves)
    state.debrief            # the Debrief when the negotiation has ended
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from accord.domain.engine.advice import CONCESSION_PLANS
from accord.domain.engine.agents import ACCEPT, WALK_AWAY
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.terms import DiscreteTerm
from accord.domain.engine.tournament import AGENT_STYLES
from accord.errors import ValidationError
from accord.services.chart_ports import Charts
from accord.services.rehearsal import Debrief, Turn, parse_move, rehearse
from accord.services.scenario_ports import ScenarioLibrary

__all__ = [
    "MAX_MOVE",
    "SHORT_LIST",
    "LibraryScenario",
    "Replay",
    "Step",
    "TermGuide",
    "check_options",
    "library",
    "move_text",
    "offer_move",
    "play_move",
    "replay",
    "replay_chart",
    "term_guide",
]

MAX_MOVE = 2_000
"""Longest move text accepted (characters)."""


@dataclass(frozen=True, slots=True)
class LibraryScenario:
    """A built-in scenario as offered for rehearsal."""

    ref: str
    name: str
    description: str
    our_label: str
    their_label: str


def library(scenarios: ScenarioLibrary) -> list[LibraryScenario]:
    """The built-in scenarios, by reference name."""
    out = []
    for ref in scenarios.names():
        sc = scenarios.builtin(ref)
        out.append(LibraryScenario(ref, sc.name, sc.description, sc.our_label, sc.their_label))
    return out


SHORT_LIST = 6
"""Most values a term may have for the move form to offer them as a list to pick from."""


@dataclass(frozen=True, slots=True)
class TermGuide:
    """A term of a scenario and the values a move may give it, as the move form shows it."""

    name: str
    values: tuple[str, ...]
    """Every value, as a move writes it (``350``, ``yes``)."""
    unit: str
    label: str = ""
    """What people read: the term's title, else its name in words (``Per diem``)."""
    shown: tuple[str, ...] = ()
    """Every value as people read it (``$350``, ``30 days``, ``yes``)."""
    low: float | None = None
    high: float | None = None
    step: float | None = None
    """The step between numeric values, when they are evenly spaced."""
    summary: str = ""
    """The values in one line: ``from $350 to $650/day, in steps of $25``, ``yes or no``."""

    @property
    def pick(self) -> bool:
        """True when the form offers the values as a list (options, or a few numbers)."""
        return self.low is None or len(self.values) <= SHORT_LIST


def _value(value: str | float) -> str:
    """A level as a move writes it, exactly (``1000012.5``, not ``1.00001e+06``): the form's
    fields start with it and must read back as the same level."""
    if not isinstance(value, float):
        return str(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _amount(value: float, unit: str, *, with_unit: bool = True) -> str:
    """``$350`` for dollars (``$350/day`` with the unit), ``30 days`` otherwise."""
    if unit.startswith("USD"):
        return f"${_number(value)}{unit[3:] if with_unit else ''}"
    return f"{_number(value)} {unit}".rstrip() if with_unit else _number(value)


def _step(levels: Sequence[float]) -> float | None:
    steps = {round(b - a, 9) for a, b in pairwise(levels)}
    return steps.pop() if len(steps) == 1 else None


def _summary(levels: Sequence[float], unit: str, step: float | None) -> str:
    low, high = _amount(levels[0], unit, with_unit=False), _amount(levels[-1], unit)
    if step is None:
        return f"from {low} to {high} ({len(levels)} values)"
    return f"from {low} to {high}, in steps of {_amount(step, unit, with_unit=False)}"


def _guide(term: DiscreteTerm) -> TermGuide:
    values = tuple(_value(v) for v in term.levels)
    unit = str(getattr(term, "unit", "") or "")
    label = term.title or term.name.replace("_", " ").capitalize()
    if not term.numeric:
        options = [str(v) for v in term.levels]
        summary = " or ".join(options) if len(options) <= 2 else "one of " + ", ".join(options)
        return TermGuide(term.name, values, unit, label, values, summary=summary)
    levels = [float(v) for v in term.levels]
    step = _step(levels)
    return TermGuide(term.name, values, unit, label, tuple(_amount(v, unit) for v in levels),
                     levels[0], levels[-1], step, _summary(levels, unit, step))  # fmt: skip


def term_guide(scenario: Scenario) -> list[TermGuide]:
    """Each term with the values a move may use (as typed: ``140``, ``none``), its label
    and those values in one line."""
    return [_guide(t) for t in scenario.space.terms]


def offer_move(scenario: Scenario, fields: Mapping[str, str]) -> str:
    """The move of an offer given one field per term (``{term name: value as typed}``).

    Every term needs a value the engine uses: a number between the steps is refused with
    the nearest values rather than moved to one, so that what you offer is what you
    typed. Raises ValidationError naming the term's field (``move.<term>``).
    """
    offer: dict[str, str | float] = {}
    for term, guide in zip(scenario.space.terms, term_guide(scenario), strict=True):
        field = f"move.{term.name}"
        raw = fields.get(term.name, "").replace("\x00", "").strip()
        choose = f"choose {guide.summary}" if guide.pick else f"enter one {guide.summary}"
        if not raw:
            raise ValidationError(f"no value; {choose}", field=field)
        typed = raw if len(raw) <= 40 else raw[:40] + "…"
        try:
            index = term.level_of(raw, field=field)
        except ValidationError:
            what = "is out of range" if _is_number(raw) else "is not a value it takes"
            raise ValidationError(f"{typed} {what}; {choose}", field=field) from None
        level = term.levels[index]
        if isinstance(level, float) and not _on_level(float(raw), level):
            raise ValidationError(
                f"{typed} falls between the steps; {choose} "
                f"(nearest: {_nearest(term, float(raw), guide)})",
                field=field,
            )
        offer[term.name] = level
    return move_text(offer)


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _on_level(value: float, level: float) -> bool:
    return abs(value - level) <= 1e-9 * max(1.0, abs(level))


def _nearest(term: DiscreteTerm, value: float, guide: TermGuide) -> str:
    """The one or two values either side of ``value`` (``$475 or $480``)."""
    levels = term.numeric_levels().tolist()
    below = [i for i, v in enumerate(levels) if v < value]
    above = [i for i, v in enumerate(levels) if v > value]
    sides = ([below[-1]] if below else []) + ([above[0]] if above else [])
    return " or ".join(guide.shown[i] for i in sides)


def move_text(offer: dict[str, str | float]) -> str:
    """An offer as a move: ``term=value, term=value`` (every term named)."""
    return ", ".join(f"{name}={_value(value)}" for name, value in offer.items())


def check_options(style: str, plan: str | None, opens: str, rounds: int | None) -> None:
    """Refuse an unknown style, coach plan, opener or a deadline outside 1–200 rounds."""
    if style not in AGENT_STYLES:
        raise ValidationError(f"choose one of {', '.join(AGENT_STYLES)}", field="style")
    if plan is not None and plan not in CONCESSION_PLANS:
        raise ValidationError(f"choose one of {', '.join(CONCESSION_PLANS)}", field="plan")
    if opens not in ("you", "them"):
        raise ValidationError("choose you or them", field="opens")
    if rounds is not None and not 1 <= rounds <= 200:
        raise ValidationError("between 1 and 200 rounds", field="rounds")


@dataclass(frozen=True, slots=True)
class Step:
    """One move of yours: what you saw, what you did, and what your offer was worth."""

    turn: Turn
    move: str
    offer: str | None
    """Your package, when the move was an offer."""
    our_utility: float | None
    their_utility: float | None


@dataclass(frozen=True, slots=True, eq=False)
class Replay:
    """The negotiation so far: your steps, then the turn awaiting a move or the debrief."""

    scenario: Scenario
    style: str
    opens: str
    steps: tuple[Step, ...]
    waiting: Turn | None
    debrief: Debrief | None

    @property
    def moves(self) -> list[str]:
        """The moves that were played (any beyond the end are dropped)."""
        return [s.move for s in self.steps]

    @property
    def suggested_move(self) -> str:
        """Your last offer as a move, or your ideal package before your first offer."""
        return move_text(self._suggested())

    @property
    def suggested_values(self) -> dict[str, str]:
        """The suggested move's value of each term, as the move form starts with it."""
        return {name: _value(value) for name, value in self._suggested().items()}

    def _suggested(self) -> dict[str, str | float]:
        if self.waiting is not None and self.waiting.last_own_offer:
            return dict(self.waiting.last_own_offer)
        space = self.scenario.space
        return space.offer_of(space.index_of(self.scenario.ours.best_levels()))


class _OutOfMoves(Exception):
    """The moves ran out while the negotiation was still open (not an error)."""

    def __init__(self, turn: Turn) -> None:
        super().__init__("awaiting a move")
        self.turn = turn


def replay(
    scenario: Scenario,
    style: str,
    moves: Sequence[str],
    *,
    plan: str | None = None,
    opens: str = "you",
    rounds: int | None = None,
) -> Replay:
    """Play ``moves`` from the start against ``style``; stop at the first turn without a
    move. A move that cannot be read raises ValidationError (field ``move``)."""
    check_options(style, plan, opens, rounds)
    steps: list[Step] = []

    def source(turn: Turn) -> str:
        if len(steps) >= len(moves):
            raise _OutOfMoves(turn)
        move = moves[len(steps)].strip()
        index = parse_move(scenario, move, turn.last_own_offer)
        if index >= 0:
            steps.append(Step(turn, move, scenario.space.describe(index),
                              float(scenario.our_utilities[index]),
                              float(scenario.their_utilities[index])))  # fmt: skip
        else:
            steps.append(Step(turn, move, None, None, None))
        return move

    try:
        debrief = rehearse(scenario, style, source, rounds=rounds, opens=opens, plan=plan)
    except _OutOfMoves as waiting:
        return Replay(scenario, style, opens, tuple(steps), waiting.turn, None)
    return Replay(scenario, style, opens, tuple(steps), None, debrief)


def play_move(
    scenario: Scenario,
    style: str,
    moves: Sequence[str],
    move: str,
    *,
    plan: str | None = None,
    opens: str = "you",
    rounds: int | None = None,
) -> list[str]:
    """The moves with ``move`` added, after checking it against the turn it answers.

    An offer is stored whole (``term=value`` for every term); ``accept`` and ``walk`` as
    such. Raises ValidationError (field ``move``) for a move that cannot be read, an
    accept with no offer of theirs on the table, or a negotiation that has ended.
    """
    if len(move) > MAX_MOVE:
        raise ValidationError(f"at most {MAX_MOVE} characters", field="move")
    state = replay(scenario, style, moves, plan=plan, opens=opens, rounds=rounds)
    if state.waiting is None:
        raise ValidationError("this rehearsal has ended: start a new one", field="move")
    index = parse_move(scenario, move, state.waiting.last_own_offer)
    if index == ACCEPT:
        if state.waiting.their_offer is None:
            raise ValidationError(
                "there is no offer of theirs to accept yet: make an offer", field="move"
            )
        text = "accept"
    elif index == WALK_AWAY:
        text = "walk"
    else:
        text = move_text(scenario.space.offer_of(index))
    return [*state.moves, text]


def replay_chart(charts: Charts, state: Replay) -> str:
    """The outcome space (frontier, Nash point) with both sides' offers and the agreement."""
    if state.debrief is None:
        raise ValidationError("the rehearsal has not ended yet", field="moves")
    d = state.debrief
    offers = d.result.offers.tolist()
    you_first = state.opens == "you"
    mine = offers[0::2] if you_first else offers[1::2]
    theirs = offers[1::2] if you_first else offers[0::2]
    return charts.outcome_space_svg(
        d.analysis, our_offers=mine, their_offers=theirs, agreement=d.result.agreement
    )
