"""An SVG bar chart of one billing code's prices: what we ask, what they offer, Medicare,
the market figures the record holds. Plain SVG text with escaped labels and no external
assets, so that it embeds in a PDF as is and rasterises for DOCX."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["price_bars_svg"]

_W, _ROW, _LEFT, _RIGHT, _TOP = 640, 26, 250, 90, 34
_COLOURS = ("#2b6cb0", "#9b2c2c", "#2f855a", "#6b46c1", "#b7791f", "#4a5568")


def _value(amount: float, unit: str) -> str:
    if unit == "days":
        return f"{amount:,.1f} days"
    if unit == "percent":
        return f"{amount:,.1f}%"
    return f"${amount:,.2f}"


def price_bars_svg(title: str, bars: Sequence[tuple[str, float]], *, unit: str = "dollars") -> str:
    """One horizontal bar per (label, value), longest scale at the largest value; values
    in ``dollars`` (default), ``days`` or ``percent``."""
    high = max((amount for _, amount in bars), default=1.0) or 1.0
    height = _TOP + _ROW * max(len(bars), 1) + 12
    span = _W - _LEFT - _RIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{height}" '
        f'viewBox="0 0 {_W} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f'<rect width="{_W}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, amount) in enumerate(bars):
        y = _TOP + i * _ROW
        width = max(amount / high * span, 1.0)
        colour = _COLOURS[i % len(_COLOURS)]
        out.append(
            f'<text x="{_LEFT - 8}" y="{y + 15}" text-anchor="end">{escape(_short(label))}</text>'
        )
        out.append(
            f'<rect x="{_LEFT}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 8}" '
            f'fill="{colour}"/>'
        )
        out.append(f'<text x="{_LEFT + width + 6:.1f}" y="{y + 15}">{_value(amount, unit)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _short(label: str) -> str:
    # The label column holds about 34 characters at this size; longer ones are cut.
    return label if len(label) <= 34 else label[:33].rstrip() + "…"
