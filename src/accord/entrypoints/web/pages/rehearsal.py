"""Rehearsal against the engine's counterpart styles, move by move in the browser.

Nothing is kept on the server: every page carries the moves so far (in the address, and
as hidden fields of the move form) and the negotiation is replayed from the start by
:mod:`accord.services.rehearsal_web`. A new move is POSTed, checked, and the browser is
redirected to the address of the new position (POST-redirect-GET); a move that cannot be
read comes back next to the field, with what was typed and the moves so far kept.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.bootstrap import Accord
from accord.domain.engine.advice import CONCESSION_PLANS
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.tournament import AGENT_STYLES
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.analysis import PackageMoneyPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.web.actions import read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rehearsal_views import (
    Choice,
    DebriefView,
    StepView,
    TermHelp,
    TranscriptRow,
    TurnView,
)
from accord.entrypoints.web.rendering import FormError, render_page, see_other
from accord.errors import ValidationError
from accord.services import briefs
from accord.services.analysis import stored_scenario
from accord.services.package_money import PackagePricer, market_pricer, money_data
from accord.services.rehearsal import resolve_scenario
from accord.services.rehearsal_web import (
    Replay,
    library,
    offer_move,
    play_move,
    replay,
    replay_chart,
    term_guide,
)

__all__ = ["MAX_MOVES", "RehearsalPage", "RehearsalSettings", "router"]

router = APIRouter()

MAX_MOVES = 401  # 200 rounds, one offer each, and an answer
Text = Annotated[str, Query(max_length=40)]
Moves = Annotated[list[str] | None, Query(max_length=MAX_MOVES)]


class RehearsalSettings(BaseModel):
    """The rehearsal as chosen (kept in the forms and the address)."""

    scenario: str = ""
    style: str = "hardball"
    plan: str = ""
    opens: str = "you"
    rounds: str = ""


class RehearsalPage(BaseModel):
    action: str
    """Where the forms go: ``/rehearse`` or ``/negotiations/{id}/rehearse``."""
    negotiation: NegotiationPublic | None = None
    brief: BriefPublic | None = None
    scenarios: list[Choice]
    styles: list[str]
    plans: list[str]
    settings: RehearsalSettings
    started: bool = False
    problem: str | None = None
    """Why a stored negotiation cannot be rehearsed yet (for example: no terms)."""
    scenario_name: str | None = None
    description: str = ""
    our_label: str = "us"
    their_label: str = "them"
    terms: list[TermHelp] = []
    labels: dict[str, str] = {}
    """Each term's label by name, for a stored negotiation (moves still use names)."""
    moves: list[str] = []
    steps: list[StepView] = []
    waiting: TurnView | None = None
    debrief: DebriefView | None = None
    chart: str | None = None


def _options(settings: RehearsalSettings) -> tuple[str | None, int | None]:
    form = Form(settings.model_dump())
    return form.optional("plan"), form.integer("rounds")


def _state(scenario: Scenario, settings: RehearsalSettings, moves: list[str]) -> Replay:
    plan, rounds = _options(settings)
    return replay(scenario, settings.style, moves, plan=plan, opens=settings.opens,
                  rounds=rounds)  # fmt: skip


def _address(action: str, settings: RehearsalSettings, moves: list[str], suffix: str = "") -> str:
    params = [(k, v) for k, v in settings.model_dump().items() if v and not (
        k == "scenario" and action != "/rehearse")]  # fmt: skip
    params += [("moves", m) for m in moves]
    return f"{action}{suffix}?{urlencode(params)}"


def _library_scenario(accord: Accord, ref: str) -> Scenario:
    names = accord.scenarios.names()
    if ref not in names:  # never a path: the web reads only the library
        raise ValidationError(f"choose one of {', '.join(names)}", field="scenario")
    return resolve_scenario(accord.scenarios, ref)


def _view(
    page: RehearsalPage, scenario: Scenario, state: Replay, pricer: PackagePricer | None = None
) -> RehearsalPage:
    page.started = True
    page.scenario_name = scenario.name
    page.description = scenario.description
    page.our_label, page.their_label = scenario.our_label, scenario.their_label
    page.terms = [TermHelp.of(t, page.labels.get(t.name)) for t in term_guide(scenario)]
    page.moves = state.moves
    page.steps = [
        StepView(round=s.turn.round, rounds=s.turn.rounds, their_offer=s.turn.their_offer,
                 your_utility_of_their_offer=s.turn.our_utility_of_their_offer,
                 coach=s.turn.coach, move=s.move, your_offer=s.offer,
                 your_utility=s.our_utility, their_utility=s.their_utility)
        for s in state.steps
    ]  # fmt: skip
    if state.waiting is not None:
        w = state.waiting
        page.waiting = TurnView(round=w.round, rounds=w.rounds, their_offer=w.their_offer,
                                your_utility_of_their_offer=w.our_utility_of_their_offer,
                                coach=w.coach, suggested_move=state.suggested_move,
                                suggested_values=state.suggested_values,
                                their_money=PackageMoneyPublic.model_validate(
                                    money_data(pricer.price(w.their_values)))
                                if pricer is not None and w.their_values else None)  # fmt: skip
    d = state.debrief
    if d is not None:
        nash = d.analysis.nash
        page.debrief = DebriefView(
            agreement=d.agreement, ended_by=d.result.ended_by, rounds=d.result.rounds,
            your_utility=d.our_utility, their_utility=d.their_utility,
            nash=None if nash is None else scenario.space.describe(nash.index),
            nash_your_utility=None if nash is None else nash.ours,
            nash_their_utility=None if nash is None else nash.theirs,
            distance_to_nash=d.distance_to_nash, distance_to_frontier=d.distance_to_frontier,
            missed_trades=list(d.missed_trades),
            transcript=[TranscriptRow(who=who, package=package, your_utility=ours,
                                      their_utility=theirs)
                        for who, package, ours, theirs in d.transcript],
            discounted_your_utility=None if d.discounted is None else d.discounted[0],
            discounted_their_utility=None if d.discounted is None else d.discounted[1],
        )  # fmt: skip
        page.chart = _address(page.action, page.settings, state.moves, "/outcome.svg")
    return page


def _blank(accord: Accord, action: str, settings: RehearsalSettings,
           negotiation_id: int | None) -> RehearsalPage:  # fmt: skip
    page = RehearsalPage(
        action=action, settings=settings, styles=list(AGENT_STYLES), plans=list(CONCESSION_PLANS),
        scenarios=[Choice(ref=s.ref, name=s.name, description=s.description)
                   for s in library(accord.scenarios)],
    )  # fmt: skip
    if negotiation_id is not None:
        brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(),
                                     negotiation_id)  # fmt: skip
        page.negotiation = NegotiationPublic.of(brief.negotiation)
        page.brief = BriefPublic.of(brief)
        page.labels = dict(page.brief.term_labels)
        page.scenarios = []
    return page


def _scenario(accord: Accord, settings: RehearsalSettings,
              negotiation_id: int | None) -> Scenario | None:  # fmt: skip
    if negotiation_id is not None:
        return stored_scenario(accord.store.unit_of_work(), negotiation_id)
    if not settings.scenario:
        return None
    return _library_scenario(accord, settings.scenario)


def _build(
    accord: Accord, settings: RehearsalSettings, moves: list[str], negotiation_id: int | None
) -> tuple[RehearsalPage, FormError | None]:
    """The page at the position ``moves`` lead to; a bad setting marks the setup form."""
    action = "/rehearse" if negotiation_id is None else f"/negotiations/{negotiation_id}/rehearse"
    page = _blank(accord, action, settings, negotiation_id)
    try:
        scenario = _scenario(accord, settings, negotiation_id)
    except ValidationError as exc:
        if negotiation_id is not None and exc.field == "terms":
            page.problem = exc.message
            return page, None
        return page, FormError.of("setup", exc)
    if scenario is None:
        return page, None
    try:
        state = _state(scenario, settings, moves)
    except ValidationError as exc:
        return page, FormError.of(_form_of(exc), exc)
    pricer = (
        None
        if negotiation_id is None
        else market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    )
    return _view(page, scenario, state, pricer), None


def _form_of(exc: ValidationError) -> str:
    """The form a refusal belongs to: the move form (``move``, ``move.term``) or the setup."""
    return "move" if (exc.field or "").startswith("move") else "setup"


def _settings(scenario: str, style: str, plan: str, opens: str, rounds: str) -> RehearsalSettings:
    return RehearsalSettings(scenario=scenario, style=style or "hardball", plan=plan,
                             opens=opens or "you", rounds=rounds)  # fmt: skip


def _render(
    request: Request,
    page: RehearsalPage,
    error: FormError | None,
    values: dict[str, str] | None = None,
    status: int | None = None,
) -> Response:
    title = f"Rehearse — {page.scenario_name}" if page.scenario_name else "Rehearse"
    if page.negotiation is not None:
        title = f"Rehearse — {page.negotiation.title}"
    code = status if status is not None else (422 if error else 200)
    return render_page(request, "rehearse.html", page, title=title, error=error,
                       values=values or page.settings.model_dump(), status_code=code)  # fmt: skip


def _show(request: Request, accord: Accord, settings: RehearsalSettings, moves: list[str],
          negotiation_id: int | None) -> Response:  # fmt: skip
    if len(moves) > MAX_MOVES:
        raise ValidationError(f"at most {MAX_MOVES} moves", field="moves")
    page, error = _build(accord, settings, moves, negotiation_id)
    return _render(request, page, error)


@router.get("/rehearse", name="rehearse")
def rehearse_page(
    request: Request, accord: AccordDep, scenario: Text = "", style: Text = "",
    plan: Text = "", opens: Text = "", rounds: Text = "", moves: Moves = None,
) -> Response:  # fmt: skip
    """Choose a library scenario, a counterpart style and a coach; then the negotiation
    at the position the ``moves`` lead to (JSON twin: ``?format=json``)."""
    settings = _settings(scenario, style, plan, opens, rounds)
    return _show(request, accord, settings, moves or [], None)


@router.get("/negotiations/{negotiation_id}/rehearse", name="rehearse_negotiation")
def rehearse_negotiation_page(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, style: Text = "",
    plan: Text = "", opens: Text = "", rounds: Text = "", moves: Moves = None,
) -> Response:  # fmt: skip
    """Rehearse a stored negotiation (its terms, our preferences, theirs as estimated)."""
    settings = _settings("", style, plan, opens, rounds)
    return _show(request, accord, settings, moves or [], negotiation_id)


async def _play(request: Request, accord: Accord, negotiation_id: int | None) -> Response:
    form = await read_form(request)
    settings = _settings(form.text("scenario") if negotiation_id is None else "",
                         form.text("style"), form.text("plan"), form.text("opens"),
                         form.text("rounds"))  # fmt: skip
    moves = [m.strip() for m in form.lists.get("moves", [])]
    action = form.text("action")
    fields = {k[6:]: v for k, v in form.data.items() if k.startswith("value.")}

    def advance() -> list[str]:
        if len(moves) >= MAX_MOVES:
            raise ValidationError(f"at most {MAX_MOVES} moves", field="moves")
        scenario = _scenario(accord, settings, negotiation_id)
        if scenario is None:
            raise ValidationError("choose a scenario first", field="scenario")
        plan, rounds = _options(settings)
        move = action if action in ("accept", "walk") else offer_move(scenario, fields)
        return play_move(scenario, settings.style, moves, move, plan=plan,
                         opens=settings.opens, rounds=rounds)  # fmt: skip

    try:
        played = await run_in_threadpool(advance)
    except ValidationError as exc:
        page, problem = await run_in_threadpool(_build, accord, settings, moves, negotiation_id)
        error = problem or FormError.of(_form_of(exc), exc)
        values = {**settings.model_dump(), **{f"value.{k}": v for k, v in fields.items()}}
        return _render(request, page, error, values, exc.http_status)
    base = "/rehearse" if negotiation_id is None else f"/negotiations/{negotiation_id}/rehearse"
    return see_other(_address(base, settings, played) + "#play")


@router.post("/rehearse")
async def play_library(request: Request, accord: AccordDep) -> Response:
    """One move of a library rehearsal; redirects to the new position."""
    return await _play(request, accord, None)


@router.post("/negotiations/{negotiation_id}/rehearse")
async def play_stored(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    """One move of a stored negotiation's rehearsal; redirects to the new position."""
    return await _play(request, accord, negotiation_id)


def _chart(accord: Accord, settings: RehearsalSettings, moves: list[str],
           negotiation_id: int | None) -> Response:  # fmt: skip
    scenario = _scenario(accord, settings, negotiation_id)
    if scenario is None:
        raise ValidationError("choose a scenario", field="scenario")
    svg = replay_chart(accord.charts, _state(scenario, settings, moves[:MAX_MOVES]))
    return Response(svg, media_type="image/svg+xml")


@router.get("/rehearse/outcome.svg", name="rehearse_chart")
def rehearse_chart(
    accord: AccordDep, scenario: Text = "", style: Text = "", plan: Text = "",
    opens: Text = "", rounds: Text = "", moves: Moves = None,
) -> Response:  # fmt: skip
    """The outcome space of a finished rehearsal: frontier, Nash point, both sides' offers
    and the agreement."""
    return _chart(accord, _settings(scenario, style, plan, opens, rounds), moves or [], None)


@router.get("/negotiations/{negotiation_id}/rehearse/outcome.svg", name="rehearse_stored_chart")
def rehearse_stored_chart(
    accord: AccordDep, negotiation_id: NegotiationId, style: Text = "", plan: Text = "",
    opens: Text = "", rounds: Text = "", moves: Moves = None,
) -> Response:  # fmt: skip
    """The outcome space of a finished rehearsal of a stored negotiation."""
    settings = _settings("", style, plan, opens, rounds)
    return _chart(accord, settings, moves or [], negotiation_id)
