"""The engine's analysis as text: ZOPA, bargaining points, advice, MESOs, counterpart.

Descriptions of packages carry term names and values from the user's record, so every
line is built from :mod:`accord.entrypoints.cli.output` (no markup parsing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from accord.entrypoints.cli.output import RecordTable, line, record_table, styled

if TYPE_CHECKING:
    from accord.domain.engine.analysis import ScenarioAnalysis
    from accord.domain.engine.record import NegotiationAnalysis
    from accord.services.package_money import PackagePricer
    from accord.services.situation import Situation

__all__ = ["render_negotiation_analysis", "render_scenario_analysis"]


def render_scenario_analysis(
    out: Console, an: ScenarioAnalysis, *, situation: Situation | None = None
) -> None:
    """Print ZOPA, per-term zones, bargaining points, package advice and MESOs.

    ``situation``, for a stored negotiation, is its reading of the ZOPA (which also
    weighs their offers); its sentence replaces the engine's own line.
    """
    sc = an.scenario
    if sc.theirs.estimated:
        out.print(
            styled("their utilities are estimated (a mirror of ours): a guide only", "yellow")
        )
    out.print(line(
        f"{sc.space.cardinality:,} packages; reservation values: us {sc.ours.reservation:.2f}, "
        f"them {sc.theirs.reservation:.2f}"
    ))  # fmt: skip
    if sc.ours.batna:
        out.print(line(f"our BATNA: {sc.ours.batna}"))
    _print_zopa(out, an, situation)
    out.print(_reference_points_table(an))
    d1, d2 = an.disagreement
    out.print(line(
        f"reference points only, not advice; Nash and Kalai–Smorodinsky measure gains from "
        f"the disagreement point us {d1:.2f}, them {d2:.2f} (the reservation values)"
    ))  # fmt: skip
    _print_package_advice(out, an)
    meso = record_table(
        "MESOs: equal for us, different for them, within your limits", ["package", "us", "them"]
    )
    for m in an.mesos:
        meso.add_row(m.description, f"{m.ours:.2f}", f"{m.theirs:.2f}")
    out.print(meso)


def _print_zopa(out: Console, an: ScenarioAnalysis, situation: Situation | None) -> None:
    """The ZOPA in one line (or the situation's reading of it), then per term."""
    z = an.zopa
    if situation is not None:
        colour = {"yes": "green", "no": "red"}.get(situation.zopa, "yellow")
        out.print(styled(situation.zopa_text, colour))
    elif z.exists:
        within = "lie within your walk-aways and " if an.limits.declared else ""
        out.print(line(("ZOPA:", "green"), f" {z.acceptable_outcomes:,} of {z.total_outcomes:,} "
                       f"packages {within}beat both BATNAs"))  # fmt: skip
    else:
        blocking = ", ".join(z.blocking_terms)
        out.print(line(("no ZOPA", "red"), ": the closest package misses a reservation value by "
                       f"{z.best_shortfall:.2f}; caused by {blocking}"))  # fmt: skip
    terms = record_table("Per term", ["term", "ZOPA", "conflict"])
    for tz in z.terms:
        zone = (
            "unknown (walk-aways not declared)"
            if tz.exists is None
            else f"{tz.low} – {tz.high}"
            if tz.exists
            else "none"
        )
        terms.add_row(tz.term, zone, f"{tz.conflict:.2f}")
    out.print(terms)


def _reference_points_table(an: ScenarioAnalysis) -> RecordTable:
    """The Pareto frontier's reference points, each flagged against your limits."""
    from accord.domain.engine.advice import reference_points

    points = record_table(
        f"Pareto frontier: {len(an.frontier)} packages — reference points",
        ["point", "package", "us", "them", "your limits"],
    )
    for ref in reference_points(an):
        p = ref.point
        if p is None:
            points.add_row(ref.label, "— (no ZOPA)", "", "", "")
        else:
            points.add_row(
                ref.label, an.scenario.space.describe(p.index), f"{p.ours:.2f}", f"{p.theirs:.2f}",
                ref.flag or "within",
            )  # fmt: skip
    return points


def _print_package_advice(out: Console, an: ScenarioAnalysis) -> None:
    """Which package to open with and aim for, and when to walk away."""
    from accord.domain.engine.advice import package_targets

    advice = package_targets(an)
    for label, pkg in (("open with", advice.opening), ("aim for", advice.target)):
        if pkg is not None:
            utils = f"({pkg.ours:.2f} / {pkg.theirs:.2f})"
            out.print(line((label, "bold"), f" {pkg.description} {utils}: {pkg.reason}"))
    if advice.conflict is not None:
        out.print(line(("no advice within your limits", "red"), f": {advice.conflict}"))
    out.print(line(("walk away", "bold"), f" {advice.walk_away.reason}"))


def render_negotiation_analysis(
    out: Console,
    result: NegotiationAnalysis,
    situation: Situation | None = None,
    pricer: PackagePricer | None = None,
) -> None:
    """Print the analysis of a stored negotiation (for ``accord analyze ID``): with
    ``pricer``, the offers and advice in dollars first, then the engine view."""
    if pricer is not None:
        from accord.entrypoints.cli.money_render import render_money

        render_money(out, result, pricer)
    render_scenario_analysis(out, result.analysis, situation=situation)
    for label, offers in (("our", result.our_offers), ("their", result.their_offers)):
        if offers:
            last = offers[-1]
            grid = f" (analysed as {last.snapped_to})" if last.snapped_to else ""
            out.print(line(
                f"{label} latest offer: {last.description}{grid} — us {last.ours:.2f}, them "
                f"{last.theirs:.2f}, {last.distance_to_frontier:.2f} from the frontier"
            ))  # fmt: skip
    if situation is not None and situation.their_latest_beyond:
        out.print(line(("their latest offer is beyond your walk-away on", "red"), " ",
                       ", ".join(situation.their_latest_beyond)))  # fmt: skip
    c = result.counterpart
    out.print(line(
        ("counterpart", "bold"),
        f": {c.style} (confidence {c.confidence:.0%}; {', '.join(c.reasons)}); "
        f"concession rate {c.concession_rate:+.3f} per offer",
    ))  # fmt: skip
    out.print("their priorities (declared 1–5 · read from their offers · used here):")
    for p in result.their_priorities:
        declared = str(p.declared) if p.declared is not None else "—"
        out.print(line(
            f"  {p.term}: declared {declared} · read {p.read_from_offers:.2f} · used {p.used:.2f}"
        ))  # fmt: skip
    out.print(line(
        f"predicted settlement (our utility): {c.settlement_low:.2f} – {c.settlement_high:.2f}"
    ))  # fmt: skip
    for signal in (c.walk_away_signal, c.mediation_signal):
        if signal:
            out.print(line(("signal", "yellow"), f": {signal}"))
    n = result.next_offer
    out.print(line(("next offer", "bold"),
                   f": {n.description} ({n.ours:.2f} / {n.theirs:.2f}) — {n.reason}"))  # fmt: skip
    for note in result.notes:
        out.print(styled(f"note: {note}", "dim"))
