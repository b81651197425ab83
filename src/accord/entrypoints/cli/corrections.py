"""``accord offer withdraw|correct`` and ``accord interaction withdraw|correct``.

Nothing is deleted: the original stays in the history with the reason given, and no
longer counts in the analysis or the relationship figures.
"""

from __future__ import annotations

import typer

from accord.domain.input_text import parse_datetime, parse_values
from accord.entrypoints.cli.bargaining import interaction_app, offer_app
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID, NEGOTIATION_ID
from accord.services import corrections

__all__ = ["register"]

REASON = typer.Option(..., "--reason", help="Why (kept in the history with the original).")


def register(app: typer.Typer) -> None:
    """Add the correction commands to the ``offer`` and ``interaction`` groups."""
    del app  # the groups belong to accord.entrypoints.cli.bargaining
    offer_app.command("withdraw")(offer_withdraw)
    offer_app.command("correct")(offer_correct)
    interaction_app.command("withdraw")(interaction_withdraw)
    interaction_app.command("correct")(interaction_correct)


def offer_withdraw(
    negotiation_id: int = NEGOTIATION_ID,
    offer_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Offer id (accord offer list)."),
    reason: str = REASON,
) -> None:
    """Withdraw an offer: kept in the history, no longer counted in the analysis."""
    accord = get_app()
    corrections.withdraw_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, offer_id, reason
    )
    console.print(f"offer {offer_id} withdrawn (kept in the history)")


def offer_correct(
    negotiation_id: int = NEGOTIATION_ID,
    offer_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Offer id (accord offer list)."),
    values: list[str] = typer.Argument(..., help="The right TERM=VALUE pairs, e.g. rate=35."),
    reason: str = REASON,
    at: str | None = typer.Option(None, help="When it was said (default: as the original)."),
) -> None:
    """Correct an offer's values; the original is kept, marked as corrected."""
    accord = get_app()
    offer = corrections.correct_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, offer_id, reason,
        values=parse_values(values), at=parse_datetime(at, field="at"),
    )  # fmt: skip
    console.print(f"offer {offer.id} corrects offer {offer_id} (the original is kept)")


def interaction_withdraw(
    negotiation_id: int = NEGOTIATION_ID,
    interaction_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Interaction id."),
    reason: str = REASON,
) -> None:
    """Withdraw a logged interaction: kept in the history, out of relationship health."""
    accord = get_app()
    corrections.withdraw_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id, reason
    )
    console.print(f"interaction {interaction_id} withdrawn (kept in the history)")


def interaction_correct(
    negotiation_id: int = NEGOTIATION_ID,
    interaction_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Interaction id."),
    reason: str = REASON,
    summary: str | None = typer.Option(None, help="The right summary."),
    their_points: str | None = typer.Option(None, "--they-said", help="What they said."),
    our_questions: str | None = typer.Option(None, "--we-asked", help="What we asked."),
) -> None:
    """Correct a logged interaction; the original is kept, marked as corrected."""
    changes = {
        name: text
        for name, text in (
            ("summary", summary), ("their_points", their_points),
            ("our_questions", our_questions),
        )
        if text is not None
    }  # fmt: skip
    accord = get_app()
    item = corrections.correct_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id, reason,
        changes=changes,
    )  # fmt: skip
    console.print(f"interaction {item.id} corrects interaction {interaction_id} (kept)")
