"""Charts rendered by Accord itself (no plotting library needed).

:mod:`accord.adapters.charts.outcome_space` draws a negotiation's outcome space;
:mod:`accord.adapters.charts.svg_charts` serves it, and the market chart, as the
services' ``Charts`` port.
"""
