"""The workspace's forms: add a term, set its status, log an offer or an interaction,
complete a follow-up, move the stage, agree goals, record the agreement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request, Response

from accord.bootstrap import Accord
from accord.domain.agreements import RateChange, SoftSaving
from accord.domain.input_text import parse_money
from accord.domain.stages import Stage
from accord.domain.terms import TermValue
from accord.domain.validation import parse_ascii_int
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.agreements import AgreementCreate
from accord.entrypoints.http.schemas.negotiations import (
    GoalsUpdate,
    NegotiationUpdate,
    StageAdvance,
)
from accord.entrypoints.http.schemas.record import (
    FollowUpDone,
    InteractionCreate,
    OfferCreate,
    TermCreate,
    TermStatusUpdate,
    TermUpdate,
)
from accord.entrypoints.web.actions import ErrorPage, read_form, submit, submit_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.pages.workspace import workspace_response
from accord.entrypoints.web.rendering import FormError
from accord.entrypoints.web.schema_forms import SchemaForm, given, install_schema_forms
from accord.errors import ValidationError
from accord.services import activity, agreements, negotiations

__all__ = ["router"]

router = APIRouter()


def _again(request: Request, accord: Accord, negotiation_id: int) -> ErrorPage:
    def page(error: FormError, values: dict[str, str], status: int) -> Response:
        return workspace_response(
            request, accord, negotiation_id, error=error, values=values, status_code=status
        )

    return page


def _saved(negotiation_id: int, what: str, anchor: str) -> str:
    """Where to go after a save: the workspace, with a visible confirmation of ``what``."""
    return f"/negotiations/{negotiation_id}?saved={what}#{anchor}"


def _saved_at(what: str, anchor: str) -> str:
    """:func:`_saved` as a template of the negotiation's id."""
    return "/negotiations/{id}?saved=" + f"{what}#{anchor}"


def _prefixed(form: Form, prefix: str) -> dict[str, TermValue]:
    values: dict[str, TermValue] = {}
    for key in form.data:
        if key.startswith(prefix):
            value = form.value(key)
            if value is not None:
                values[key.removeprefix(prefix)] = value
    return values


def _term(form: Form) -> dict[str, object]:
    options = [o.strip() for o in form.text("options").split(",") if o.strip()]
    return {
        **given(form, "name", "kind", "direction", "unit", "billing_code"),
        "minimum": form.number("minimum"), "maximum": form.number("maximum"),
        "options": options, "opening": form.value("opening"), "target": form.value("target"),
        "walk_away": form.value("walk_away"), "priority": form.integer("priority", 3) or 3,
        "their_priority": form.integer("their_priority"),
        "their_walk_away": form.value("their_walk_away"), "current": form.number("current"),
        "yearly_volume": form.integer("yearly_volume"),
    }  # fmt: skip


def _add_term(accord: Accord, nid: int, body: TermCreate, form: Form) -> object:
    return negotiations.add_term(
        accord.store.unit_of_work(), accord.clock.now(), nid,
        expected_version=form.version(), **body.model_dump(),
    )  # fmt: skip


def _term_changes(form: Form) -> dict[str, object]:
    """Only the fields filled in: an empty box keeps the term's value."""
    changes: dict[str, object] = {**given(form, "billing_code")}
    for name in ("opening", "target", "walk_away", "their_walk_away"):
        if (value := form.value(name)) is not None:
            changes[name] = value
    for name in ("minimum", "maximum", "current"):
        if (number := form.number(name)) is not None:
            changes[name] = number
    for name in ("priority", "their_priority", "yearly_volume"):
        if (level := form.integer(name)) is not None:
            changes[name] = level
    return changes


def _revise_term(accord: Accord, nid: int, body: TermUpdate, form: Form) -> object:
    return negotiations.revise_term(
        accord.store.unit_of_work(), accord.clock.now(), nid, form.text("name", required=True),
        body.changes(), expected_version=form.version(),
    )  # fmt: skip


def _negotiation(form: Form) -> dict[str, object]:
    # every box is on the form: an empty deadline or case reference clears it
    return {
        "title": form.text("title"), "problem_statement": form.text("problem_statement"),
        "our_goals": form.lines("our_goals"), "approach": form.text("approach") or "win_win",
        "deadline": form.day("deadline"), "patient_ref": form.optional("patient_ref"),
    }  # fmt: skip


def _revise_negotiation(accord: Accord, nid: int, body: NegotiationUpdate, form: Form) -> object:
    return negotiations.revise_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), nid, expected_version=form.version(),
        **body.model_dump(exclude_unset=True),
    )  # fmt: skip


def _status(form: Form) -> dict[str, object]:
    return {"status": form.text("status"), "agreed_value": form.value("agreed_value")}


def _set_term_status(accord: Accord, nid: int, body: TermStatusUpdate, form: Form) -> object:
    return negotiations.set_term_status(
        accord.store.unit_of_work(), accord.clock.now(), nid, form.text("name", required=True),
        body.status, body.agreed_value, expected_version=form.version(),
    )  # fmt: skip


def _offer(form: Form) -> dict[str, object]:
    return {**given(form, "side", "channel"), "values": _prefixed(form, "value."),
            "at": form.moment("at"), "note": form.text("note")}  # fmt: skip


def _record_offer(accord: Accord, nid: int, body: OfferCreate, form: Form) -> object:
    return activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), nid, side=body.side,
        values=body.values, at=body.at, channel=body.channel, note=body.note,
        expected_version=form.version(),
    )  # fmt: skip


def _interaction(form: Form) -> dict[str, object]:
    return {
        **given(form, "channel", "direction", "summary", "their_points", "our_questions"),
        "at": form.moment("at"), "contact_id": form.integer("contact_id"),
        "follow_up_due": form.moment("follow_up_due"), "replied_at": form.moment("replied_at"),
    }  # fmt: skip


def _log_interaction(accord: Accord, nid: int, body: InteractionCreate, form: Form) -> object:
    return activity.log_interaction(
        accord.store.unit_of_work(), accord.clock.now(), nid, expected_version=form.version(),
        **body.model_dump(),
    )  # fmt: skip


def _agree_goals(accord: Accord, nid: int, body: GoalsUpdate, form: Form) -> object:
    return negotiations.agree_goals(
        accord.store.unit_of_work(), accord.clock.now(), nid, body.goals,
        expected_version=form.version(),
    )  # fmt: skip


def _complete_follow_up(accord: Accord, nid: int, body: FollowUpDone, form: Form) -> object:
    # the API takes the interaction in its path; the form, in a hidden field
    interaction = form.integer("interaction_id")
    if interaction is None:
        raise ValidationError("which interaction?", field="interaction_id")
    return activity.complete_follow_up(
        accord.store.unit_of_work(), accord.clock.now(), nid, interaction,
        replied_at=body.replied_at, expected_version=form.version(),
    )  # fmt: skip


SCHEMA_FORMS: tuple[SchemaForm[Any], ...] = (
    SchemaForm("term", "/terms", TermCreate, _term, _add_term, _saved_at("term", "terms")),
    SchemaForm("revise_term", "/terms/revise", TermUpdate, _term_changes, _revise_term,
               _saved_at("term", "terms")),
    SchemaForm("revise", "/revise", NegotiationUpdate, _negotiation, _revise_negotiation,
               _saved_at("goals", "goals")),
    SchemaForm("term_status", "/terms/status", TermStatusUpdate, _status, _set_term_status,
               _saved_at("term", "terms")),
    SchemaForm("offer", "/offers", OfferCreate, _offer, _record_offer,
               _saved_at("offer", "offers")),
    SchemaForm("interaction", "/interactions", InteractionCreate, _interaction,
               _log_interaction, _saved_at("interaction", "interactions")),
    SchemaForm("goals", "/goals", GoalsUpdate, lambda form: {"goals": form.lines("goals")},
               _agree_goals, _saved_at("goals", "goals")),
    SchemaForm("follow_up", "/follow-ups", FollowUpDone,
               lambda form: {"replied_at": form.moment("replied_at")}, _complete_follow_up,
               _saved_at("interaction", "interactions")),
)  # fmt: skip
"""The workspace's forms that do what an API route does, read into the API's request
model (the name of the form, where it posts, its schema, its reader, its service call)."""

install_schema_forms(router, SCHEMA_FORMS, error_page=_again)


def _has_agreement(accord: Accord, negotiation_id: int) -> bool:
    uow = accord.store.unit_of_work()
    return negotiations.get_negotiation(uow, negotiation_id).agreement is not None


@router.post("/negotiations/{negotiation_id}/stage")
async def advance_stage(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    form = await read_form(request)
    target = form.data.get("stage", "")
    if target == Stage.AGREED.value and not _has_agreement(accord, negotiation_id):
        # Agreed comes with its terms and figures: open the agreement form instead.
        ask = FormError(
            form="agreement", type="next_step", field=None,
            message="Record the final terms and figures below: recording the agreement "
            "moves the negotiation to agreed.",
        )  # fmt: skip
        return workspace_response(request, accord, negotiation_id, error=ask)
    if target in {s.value for s in Stage if s.is_ending} and form.text("confirmed") != "yes":
        # One press must not end a negotiation: ask again, with the reason to record.
        label = Stage(target).label
        question = FormError(
            form="stage_confirm", type="confirmation", field="note",
            message=f"Move to {label}? This ends the negotiation. Give the reason "
            "(kept in the stage history) and confirm.",
        )  # fmt: skip
        return workspace_response(request, accord, negotiation_id, error=question,
                                  values=form.data)  # fmt: skip

    def action(form: Form) -> object:
        body = validate_input(
            StageAdvance, {"stage": form.text("stage"), "note": form.text("note")}
        )
        return negotiations.advance_stage(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id, body.stage,
            body.note, expected_version=form.version(),
        )  # fmt: skip

    return await submit_form(form, "stage", action,
                             success=_saved(negotiation_id, "stage", "stage"),
                             error_page=_again(request, accord, negotiation_id))  # fmt: skip


def _money(form: Form, name: str) -> Decimal | None:
    return parse_money(form.text(name), field=name)


def _volume(parts: list[str]) -> int | None:
    """The yearly volume of a CODE:CURRENT:NEW:VOLUME line, or None if malformed."""
    if len(parts) != 4 or parts[3].startswith("-"):
        return None
    try:
        return parse_ascii_int(parts[3], field="rate_changes")
    except ValidationError:
        return None


def _rate_changes(form: Form) -> list[RateChange]:
    changes = []
    for line in form.lines("rate_changes"):
        parts = [p.strip() for p in line.replace(",", ":").split(":")]
        volume = _volume(parts)
        if volume is None:
            raise ValidationError(
                f"one change per line as CODE:CURRENT:NEW:YEARLY_VOLUME, got {line!r}",
                field="rate_changes",
            )
        current = parse_money(parts[1], field="rate_changes")
        new = parse_money(parts[2], field="rate_changes")
        if current is None or new is None:
            raise ValidationError(f"rates missing in {line!r}", field="rate_changes")
        changes.append(RateChange(parts[0], current, new, volume))
    return changes


def _rate_bases(form: Form) -> dict[str, tuple[Decimal, int]]:
    """term → (current rate, yearly volume) from the rate-change rows of the form."""
    bases = {}
    for key in form.data:
        if not key.startswith("current.") or not form.text(key):
            continue
        name = key.removeprefix("current.")
        current = parse_money(form.text(key), field=key)
        volume = form.integer(f"volume.{name}")
        if current is None or volume is None:
            raise ValidationError(f"give the yearly volume of {name}", field=f"volume.{name}")
        bases[name] = (current, volume)
    return bases


def _agreement(form: Form) -> dict[str, object]:
    """The agreement form as the API's JSON would carry it (an empty box left out)."""
    amount = _money(form, "soft_amount")
    soft = [{"category": form.text("soft_category") or "other", "amount": amount,
             "note": form.text("soft_note")}] if amount is not None else []  # fmt: skip
    typed = {
        "effective": form.day("effective"), "expires": form.day("expires"),
        **{name: _money(form, name)
           for name in ("potential_cost", "actual_cost", "case_management_cost")},
    }  # fmt: skip
    changes = [{"code": c.code, "current_rate": c.current_rate, "new_rate": c.new_rate,
                "yearly_volume": c.yearly_volume} for c in _rate_changes(form)]  # fmt: skip
    return {**{name: value for name, value in typed.items() if value is not None},
            "final_terms": _prefixed(form, "final.") or None, "soft_savings": soft,
            "rate_changes": changes, "note": form.text("note")}  # fmt: skip


@router.post("/negotiations/{negotiation_id}/agreement")
async def record_agreement(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    def action(form: Form) -> object:
        body = validate_input(AgreementCreate, _agreement(form))
        return agreements.record_agreement(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
            final_terms=body.final_terms, effective=body.effective, expires=body.expires,
            potential_cost=body.potential_cost, actual_cost=body.actual_cost,
            case_management_cost=body.case_management_cost,
            soft_savings=[SoftSaving(x.category, x.amount, x.note) for x in body.soft_savings],
            rate_changes=[RateChange(r.code, r.current_rate, r.new_rate, r.yearly_volume)
                          for r in body.rate_changes],
            rate_bases=_rate_bases(form),  # the form's current rates per term: not in the API
            note=body.note, expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "agreement", action,
                        success=_saved(negotiation_id, "agreement", "agreement"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip
