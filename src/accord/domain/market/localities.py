"""Which Medicare payment locality a county belongs to, from CMS's locality–county text.

CMS lists the counties of each locality as prose: ``"ANNE ARUNDEL, BALTIMORE, BALTIMORE
CITY, CARROLL, HARFORD AND HOWARD"``, ``"LOS ANGELES /ORAGNGE CNTY"``, and one locality
that spans three states: ``"DISTRICT OF COLUMBIA; ALEXANDRIA CITY, ARLINGTON ... IN
VIRGINIA; MONTGOMERY AND PRINCE GEORGE'S IN MARYLAND"``. Statewide and rest-of-state
localities stand for every county not listed elsewhere in their state. Names are kept
as CMS spells them, reduced to a key by :func:`county_key`, and matched exactly or, failing
that, by a near spelling (CMS's own typos, a user's)::

    >>> county_key("Prince George's County")
    "PRINCE GEORGE'S"
    >>> locate_county(rows, "MD", "Montgomery")   # the DC + MD/VA suburbs locality
    '12202-01'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "ANY_COUNTY",
    "NEAR_SPELLING",
    "CountyLocality",
    "county_key",
    "county_localities",
    "locate_county",
]

ANY_COUNTY = "*"
"""The county of a statewide or rest-of-state locality: every county not listed."""

NEAR_SPELLING = 0.85
"""How alike two county names must be (difflib's ratio) to be taken as one."""

_SUFFIX = re.compile(r"\s+(?:CNTYS?|COUNTY|COUNTIES|PARISH|BOROUGH)\.?$")
_IN_STATE = re.compile(r"\s+IN\s+([A-Z][A-Z .]*)$")
_SEPARATORS = re.compile(r"\s*(?:,|/|\bAND\b)\s*")


def county_key(name: str) -> str:
    """A county name as compared: upper case, single spaces, no "County"/"CNTY" suffix."""
    text = " ".join(name.upper().replace("’", "'").split())
    return _SUFFIX.sub("", text).strip()


@dataclass(frozen=True, slots=True)
class CountyLocality:
    """One county (or :data:`ANY_COUNTY`) of a state and the locality it belongs to."""

    state: str
    county: str
    locality_key: str


def county_localities(
    rows: Iterable[tuple[str, str, bool, Sequence[str]]],
    state_codes: Mapping[str, str],
) -> list[CountyLocality]:
    """Every county named by the locality–county rows.

    Each row is ``(locality_key, state code, whole_state, county cells)``; the cells are
    the file's county text split at commas. ``state_codes`` maps a state's name as CMS
    writes it (``VIRGINIA``) to its code, for clauses that end "... IN VIRGINIA".
    """
    out: list[CountyLocality] = []
    for key, state, whole_state, cells in rows:
        if whole_state:
            out.append(CountyLocality(state, ANY_COUNTY, key))
            continue
        for clause in ", ".join(cells).upper().split(";"):
            clause = clause.strip()
            where = state
            named = _IN_STATE.search(clause)
            if named and named.group(1).strip() in state_codes:
                where = state_codes[named.group(1).strip()]
                clause = clause[: named.start()]
            for name in _SEPARATORS.split(clause):
                county = county_key(name)
                if county:
                    out.append(CountyLocality(where, county, key))
    return out


def locate_county(rows: Iterable[CountyLocality], state: str, county: str) -> str | None:
    """The locality of ``county`` in ``state``: the one naming it, else the one naming a
    near spelling (CMS's "ORAGNGE" is Orange County; a user's "Montgomry" is Montgomery),
    else the state's statewide or rest-of-state locality, else ``None``."""
    wanted = county_key(county)
    named: dict[str, str] = {}
    fallback = None
    for row in rows:
        if row.state != state:
            continue
        if row.county == ANY_COUNTY:
            fallback = row.locality_key
        else:
            named.setdefault(row.county, row.locality_key)
    if wanted in named:
        return named[wanted]
    # One or two letters apart at most: "BALTIMORE" never becomes "BALTIMORE CITY".
    near = difflib.get_close_matches(wanted, list(named), n=1, cutoff=NEAR_SPELLING)
    return named[near[0]] if near else fallback
