"""SVG charts rasterised to PNG for DOCX, which cannot embed SVG portably."""

from __future__ import annotations

from cairosvg.surface import PNGSurface

from accord.errors import ConfigurationError

__all__ = ["svg_to_png"]


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """The chart as PNG at ``scale`` × its SVG size (2× reads sharply when printed).

    The fetcher refuses every URL, so an ``<image href>`` in a chart is never loaded.
    """
    try:
        png = PNGSurface.convert(
            bytestring=svg.encode("utf-8"), scale=scale, unsafe=False, url_fetcher=_refuse
        )
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"chart rasterisation failed: {exc}") from exc
    assert isinstance(png, bytes)
    return png


def _refuse(url: str, resource_type: str | None = None) -> bytes:
    raise ValueError(f"charts load nothing from outside: {url}")
