"""The negotiation engine: preferences, analysis, counterpart model, advice, simulator.

Pure Python + numpy. Entry points for other layers are re-exported here.
"""

from __future__ import annotations

__all__: list[str] = []
