"""Packages in dollars as text, ahead of the engine view of ``accord analyze ID``.

Term labels and values come from the user's record, so every line goes through
:mod:`accord.entrypoints.cli.output` (no markup parsing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from accord.domain.medicare_reference import medicare_note
from accord.domain.term_labels import term_label
from accord.entrypoints.cli.output import line, styled

if TYPE_CHECKING:
    from accord.domain.engine.record import NegotiationAnalysis
    from accord.domain.terms import Term, TermValue
    from accord.services.package_money import PackagePricer

__all__ = ["render_brief_money", "render_medicare_notes", "render_money"]


def _package(
    out: Console, pricer: PackagePricer, title: str, values: Mapping[str, TermValue]
) -> None:
    priced = pricer.price(values)
    out.print(line((title, "bold"), f": {priced.money.headline}"))
    for t in priced.terms:
        pct = f" ({t.pct_medicare:g}% of Medicare)" if t.pct_medicare is not None else ""
        beyond = "" if t.within_limit else " — beyond your walk-away"
        out.print(line(f"    {t.label}: {t.text}{pct}{beyond}"))
    for note in priced.money.notes:
        out.print(styled(f"    {note}", "dim"))


def render_money(out: Console, result: NegotiationAnalysis, pricer: PackagePricer) -> None:
    """Their and our latest offers and the advice, each in dollars with labelled terms."""
    from accord.domain.engine.advice import package_targets
    from accord.domain.offers import Side

    sc = result.analysis.scenario
    out.print(styled("In dollars", "bold"))
    if pricer.potential_source:
        out.print(line(f"potential cost: {pricer.potential_source}"))
    hint = pricer.acceptance_hint()
    if hint:
        out.print(styled(hint, "green"))
    for title, side in (("their latest offer", Side.THEIRS), ("our latest offer", Side.OURS)):
        offer = pricer.negotiation.latest_offer(side)
        if offer is not None:
            _package(out, pricer, title, offer.values)
    advice = package_targets(result.analysis)
    for title, pkg in (("open with", advice.opening), ("aim for", advice.target),
                       ("next offer", result.next_offer)):  # fmt: skip
        if pkg is not None:
            _package(out, pricer, title, sc.space.offer_of(pkg.index))
    out.print(styled("Engine view (utilities 0–1; words explained in docs/glossary.md)", "bold"))


def render_brief_money(out: Console, pricer: PackagePricer) -> None:
    """The brief's dollars: our targets and each side's latest offer, one line each."""
    from accord.domain.offers import Side

    out.print(styled("In dollars", "bold"))
    targets = pricer.targets()
    if targets is not None:
        out.print(line("  our targets: ", targets.money.headline))
    for title, side in (("their latest offer", Side.THEIRS), ("our latest offer", Side.OURS)):
        offer = pricer.negotiation.latest_offer(side)
        if offer is not None:
            out.print(line(f"  {title}: ", pricer.price(offer.values).money.headline))
    if pricer.potential_source:
        out.print(line(f"  potential cost: {pricer.potential_source}"))
    hint = pricer.acceptance_hint()
    if hint:
        out.print(styled(f"  {hint}", "green"))
    render_medicare_notes(out, pricer.negotiation.terms)


def render_medicare_notes(out: Console, terms: Sequence[Term]) -> None:
    """Why a term shows no Medicare figure (a per diem, an uncoded rate), one line each."""
    for term in terms:
        note = medicare_note(term)
        if note is not None:
            out.print(line(f"  {term_label(term)}: {note}"))
