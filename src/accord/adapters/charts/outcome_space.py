"""The outcome-space chart as SVG: every package, the frontier, Nash, both sides' offers.

x = our utility, y = theirs. Grey dots are packages (a sample of at most
``max_points``), the blue line is the Pareto frontier, the star the Nash point, and
the two offer trails show how each side moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

import numpy as np

from accord.adapters.output_files import write_file_atomically
from accord.domain.engine.analysis import ScenarioAnalysis
from accord.domain.engine.values import FloatArray

__all__ = ["outcome_space_svg", "write_outcome_space_svg"]

_W, _H, _M = 640, 520, 56


def _xy(u1: float, u2: float) -> tuple[float, float]:
    return _M + u1 * (_W - 2 * _M), _H - _M - u2 * (_H - 2 * _M)


def outcome_space_svg(
    analysis: ScenarioAnalysis,
    *,
    our_offers: Sequence[int] = (),
    their_offers: Sequence[int] = (),
    agreement: int | None = None,
    max_points: int = 4000,
) -> str:
    """The chart as an SVG document string."""
    sc = analysis.scenario
    u1, u2 = sc.our_utilities, sc.their_utilities
    n = u1.shape[0]
    pick = np.arange(n) if n <= max_points else np.linspace(0, n - 1, max_points).astype(np.int64)
    out = _frame(sc.name, sc.our_label, sc.their_label)
    for i in pick.tolist():
        cx, cy = _xy(float(u1[i]), float(u2[i]))
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="1.6" fill="#bbb"/>')
    fr = analysis.frontier
    pts = " ".join(
        "{:.1f},{:.1f}".format(*_xy(float(a), float(b)))
        for a, b in zip(fr.ours, fr.theirs, strict=True)
    )
    out.append(f'<polyline points="{pts}" fill="none" stroke="#1f6feb" stroke-width="2"/>')
    out += _offer_trail(u1, u2, our_offers, "#2da44e", "our offers")
    out += _offer_trail(u1, u2, their_offers, "#cf222e", "their offers")
    out += _reference_points(analysis)
    if agreement is not None:
        cx, cy = _xy(float(u1[agreement]), float(u2[agreement]))
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="none" '
            'stroke="black" stroke-width="2"/>'
        )
    out += _legend()
    out.append("</svg>")
    return "\n".join(out)


def _frame(title: str, our_label: str, their_label: str) -> list[str]:
    """The SVG's opening, the title, the plot's box with its ticks and axis labels."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{_W}" height="{_H}" fill="white"/>',
        f'<text x="{_W / 2}" y="22" text-anchor="middle" font-size="15">'
        f"{escape(title)}: outcome space</text>",
    ]
    x0, y0 = _xy(0, 0)
    x1, y1 = _xy(1, 1)
    out.append(
        f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" stroke="#999"/>'
    )
    for k in range(0, 11, 2):
        v = k / 10
        gx, _ = _xy(v, 0)
        _, gy = _xy(0, v)
        out.append(f'<text x="{gx}" y="{y0 + 16}" text-anchor="middle">{v:.1f}</text>')
        out.append(f'<text x="{x0 - 8}" y="{gy + 4}" text-anchor="end">{v:.1f}</text>')
    out.append(
        f'<text x="{_W / 2}" y="{_H - 14}" text-anchor="middle">'
        f"utility for {escape(our_label)}</text>"
    )
    out.append(
        f'<text x="16" y="{_H / 2}" text-anchor="middle" transform="rotate(-90 16 {_H / 2})">'
        f"utility for {escape(their_label)}</text>"
    )
    return out


def _offer_trail(
    u1: FloatArray, u2: FloatArray, offers: Sequence[int], colour: str, label: str
) -> list[str]:
    """One side's offers, joined in the order they were made."""
    if not len(offers):
        return []
    trail = " ".join("{:.1f},{:.1f}".format(*_xy(float(u1[i]), float(u2[i]))) for i in offers)
    out = [
        f'<polyline points="{trail}" fill="none" stroke="{colour}" stroke-width="1.5" '
        f'marker-mid="none"><title>{label}</title></polyline>'
    ]
    for i in offers:
        cx, cy = _xy(float(u1[i]), float(u2[i]))
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>')
    return out


def _reference_points(analysis: ScenarioAnalysis) -> list[str]:
    """The Nash point, and the aim within our walk-aways where that differs."""
    out = []
    if analysis.nash is not None:
        cx, cy = _xy(analysis.nash.ours, analysis.nash.theirs)
        out.append(
            f'<text x="{cx:.1f}" y="{cy + 6:.1f}" text-anchor="middle" font-size="20" '
            f'fill="#8250df">★<title>Nash point (reference)</title></text>'
        )
    aim = analysis.within_nash
    if aim is not None and (analysis.nash is None or aim.index != analysis.nash.index):
        # the Nash point crosses a walk-away of ours: show the aim within our limits too
        cx, cy = _xy(aim.ours, aim.theirs)
        out.append(
            f'<text x="{cx:.1f}" y="{cy + 6:.1f}" text-anchor="middle" font-size="18" '
            f'fill="#bf8700">◆<title>aim: the fair split within your walk-aways</title></text>'
        )
    return out


def _legend() -> list[str]:
    legend = [("#bbb", "packages"), ("#1f6feb", "Pareto frontier"),
              ("#8250df", "Nash point (reference)"), ("#bf8700", "aim within your limits"),
              ("#2da44e", "our offers"), ("#cf222e", "their offers")]  # fmt: skip
    out = []
    for k, (colour, text) in enumerate(legend):
        ly = 44 + 16 * k
        out.append(f'<rect x="{_W - 170}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{_W - 154}" y="{ly}">{text}</text>')
    return out


def write_outcome_space_svg(
    analysis: ScenarioAnalysis,
    path: Path,
    *,
    our_offers: Sequence[int] = (),
    their_offers: Sequence[int] = (),
    agreement: int | None = None,
) -> None:
    """Write the chart to ``path`` (SVG)."""
    svg = outcome_space_svg(
        analysis, our_offers=our_offers, their_offers=their_offers, agreement=agreement
    )
    write_file_atomically(path, svg.encode("utf-8"))
