"""Short definitions of the technical words the pages still use, shown as tooltips.

The full glossary is docs/glossary.md; these are its one-line versions, so that a case
manager who meets "ZOPA" or "MESO" on a page can read what it means by pointing at it.
"""

from __future__ import annotations

__all__ = ["GLOSSARY"]

GLOSSARY: dict[str, str] = {
    "ZOPA": "Zone of possible agreement: the packages both sides would accept over walking away.",
    "BATNA": "Best alternative to a negotiated agreement: what you do if this negotiation fails.",
    "MESO": "Multiple equivalent simultaneous offers: several packages worth the same to you, "
    "offered at once to learn what they value.",
    "Nash": "Nash bargaining point: the package that maximises the product of both sides' "
    "gains over walking away (a reference, not advice).",
    "Kalai–Smorodinsky": "Kalai–Smorodinsky point: the package that gives each side the same "
    "share of its best possible gain (a reference, not advice).",
    "utility": "Value of a package on a 0–1 scale built from your priorities and ranges "
    "(1 = your best case, 0 = your worst).",
    "Pareto frontier": "Packages where neither side can gain without the other losing.",
    "boulware": "A concession plan that holds firm early and concedes near the deadline.",
    "reservation value": "The value (0–1) of walking away: no package below it is acceptable.",
    "episode cost": "What the whole stay or episode costs: per diem × days (+ rate × visits); "
    "included services add nothing.",
    "potential cost": "What the episode would have cost without this negotiation: the "
    "recorded figure, else their first ask.",
    "% of Medicare": "A rate as a percentage of Medicare's fee-schedule amount for the same "
    "code and locality.",
}
"""Word → one-line definition (the words and meanings of docs/glossary.md)."""
