"""An SVG chart of a code's market: one percentile box per payer, Medicare and my rate marked.

Plain SVG text (no plotting library, no external assets), so it embeds in the web UI and
in proposal letters as is. Each row: a whisker from P10 to P90, a box from P25 to P75,
a tick at the median; dashed vertical lines at the Medicare amount and at "my rate".
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from accord.adapters.output_files import write_file_atomically
from accord.domain.market.benchmark import RateSummary

__all__ = ["market_chart_svg", "write_market_chart"]

_W, _ROW, _LEFT, _RIGHT, _TOP = 760, 34, 230, 30, 48


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
    low = min(values, default=0.0) * 0.9
    high = max(values, default=1.0) * 1.1 or 1.0
    height = _TOP + _ROW * max(len(rows), 1) + 40

    def x(value: float) -> float:
        return _LEFT + (value - low) / (high - low or 1.0) * (_W - _LEFT - _RIGHT)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{height}" '
        f'viewBox="0 0 {_W} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, s) in enumerate(rows):
        y = _TOP + i * _ROW + _ROW / 2
        out.append(
            f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(label[:32])} (n={s.count:,})</text>"
        )
        out.append(
            f'<line x1="{x(s.p10):.1f}" y1="{y:.1f}" x2="{x(s.p90):.1f}" y2="{y:.1f}" '
            'stroke="#555"/>'
        )
        out.append(
            f'<rect x="{x(s.p25):.1f}" y="{y - 9:.1f}" width="{max(x(s.p75) - x(s.p25), 1):.1f}"'
            ' height="18" fill="#9ecae1" stroke="#3182bd"/>'
        )
        out.append(
            f'<line x1="{x(s.p50):.1f}" y1="{y - 9:.1f}" x2="{x(s.p50):.1f}" y2="{y + 9:.1f}" '
            'stroke="#08519c" stroke-width="2"/>'
        )
    bottom = _TOP + _ROW * max(len(rows), 1)
    for value, label, colour in (
        (medicare, "Medicare", "#d62728"),
        (my_rate, "my rate", "#2ca02c"),
    ):
        if value is None:
            continue
        out.append(
            f'<line x1="{x(value):.1f}" y1="{_TOP - 8}" x2="{x(value):.1f}" y2="{bottom}" '
            f'stroke="{colour}" stroke-dasharray="5,4"/>'
        )
        out.append(
            f'<text x="{x(value) + 3:.1f}" y="{_TOP - 12}" fill="{colour}">'
            f"{label} ${value:,.2f}</text>"
        )
    for tick in range(5):
        value = low + (high - low) * tick / 4
        out.append(
            f'<text x="{x(value):.1f}" y="{bottom + 20}" text-anchor="middle" fill="#555">'
            f"${value:,.0f}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def write_market_chart(path: Path, svg: str) -> Path:
    """Write the SVG text to ``path`` (parents created)."""
    if not path.is_dir():  # a folder is refused by the writer, in words
        path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, svg.encode("utf-8"))
    return path
