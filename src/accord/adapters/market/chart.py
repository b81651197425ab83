"""An SVG chart of a code's market: one percentile box per payer, Medicare and my rate marked.

Plain SVG text (no plotting library, no external assets), so it embeds in the web UI and
in proposal letters as is. Each row: a whisker from P10 to P90, a box from P25 to P75,
a tick at the median; dashed vertical lines at the Medicare amount and at "my rate".
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from accord.adapters.output_files import write_file_atomically
from accord.domain.market.benchmark import RateSummary

__all__ = ["market_chart_svg", "write_market_chart"]

_W, _ROW, _LEFT, _RIGHT, _TOP = 760, 34, 230, 30, 48


@dataclass(frozen=True, slots=True)
class _Scale:
    """Dollars to x: ``low``..``high`` across the plot's width."""

    low: float
    high: float

    def __call__(self, value: float) -> float:
        return _LEFT + (value - self.low) / (self.high - self.low or 1.0) * (_W - _LEFT - _RIGHT)


def market_chart_svg(
    title: str,
    rows: list[tuple[str, RateSummary]],
    *,
    medicare: float | None = None,
    my_rate: float | None = None,
) -> str:
    """The chart as an SVG document."""
    values = [v for _, s in rows for v in (s.p10, s.p90)]
    values += [v for v in (medicare, my_rate) if v is not None]
    x = _Scale(min(values, default=0.0) * 0.9, max(values, default=1.0) * 1.1 or 1.0)
    height = _TOP + _ROW * max(len(rows), 1) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{height}" '
        f'viewBox="0 0 {_W} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, s) in enumerate(rows):
        out += _box(label, s, _TOP + i * _ROW + _ROW / 2, x)
    bottom = _TOP + _ROW * max(len(rows), 1)
    for value, label, colour in (
        (medicare, "Medicare", "#d62728"),
        (my_rate, "my rate", "#2ca02c"),
    ):
        if value is not None:
            out += _marker(value, label, colour, bottom, x)
    for tick in range(5):
        value = x.low + (x.high - x.low) * tick / 4
        out.append(
            f'<text x="{x(value):.1f}" y="{bottom + 20}" text-anchor="middle" fill="#555">'
            f"${value:,.0f}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _box(label: str, s: RateSummary, y: float, x: _Scale) -> list[str]:
    """One payer's row: its label, the P10–P90 whisker, the P25–P75 box, the median."""
    return [
        f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
        f"{escape(label[:32])} (n={s.count:,})</text>",
        f'<line x1="{x(s.p10):.1f}" y1="{y:.1f}" x2="{x(s.p90):.1f}" y2="{y:.1f}" stroke="#555"/>',
        f'<rect x="{x(s.p25):.1f}" y="{y - 9:.1f}" width="{max(x(s.p75) - x(s.p25), 1):.1f}"'
        ' height="18" fill="#9ecae1" stroke="#3182bd"/>',
        f'<line x1="{x(s.p50):.1f}" y1="{y - 9:.1f}" x2="{x(s.p50):.1f}" y2="{y + 9:.1f}" '
        'stroke="#08519c" stroke-width="2"/>',
    ]


def _marker(value: float, label: str, colour: str, bottom: int, x: _Scale) -> list[str]:
    """A dashed line across every row at ``value`` (Medicare, my rate), labelled."""
    return [
        f'<line x1="{x(value):.1f}" y1="{_TOP - 8}" x2="{x(value):.1f}" y2="{bottom}" '
        f'stroke="{colour}" stroke-dasharray="5,4"/>',
        f'<text x="{x(value) + 3:.1f}" y="{_TOP - 12}" fill="{colour}">'
        f"{label} ${value:,.2f}</text>",
    ]


def write_market_chart(path: Path, svg: str) -> Path:
    """Write the SVG text to ``path`` (parents created)."""
    if not path.is_dir():  # a folder is refused by the writer, in words
        path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, svg.encode("utf-8"))
    return path
