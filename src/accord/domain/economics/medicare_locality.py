"""Which Medicare payment locality prices a practice's contract.

Medicare's amount for a code differs by locality (its GPCIs): 97110 is $28.79 nationally
and $28.78 in Montana. A contract's "% of Medicare" rate, and the scorecard's "paid as %
of Medicare", use the amount of the practice's locality, found in this order:

1. the contract's ZIP (else the practice's) in CMS's ZIP5 file, when it is loaded;
2. the practice's county in CMS's locality–county file (a county not named there takes
   its state's statewide or rest-of-state locality);
3. the practice's state, when the state has only one locality;
4. else the national amount, with a note saying why, so a user sees it was not local.

The practice's state and county stand for the contract's place only when the contract
names no ZIP or the practice's own: a contract for a clinic elsewhere is located by its
ZIP alone::

    >>> tables = LocalityTables(states={"MT": ("03202-01",)}, names={"03202-01": "Montana"})
    >>> choose_locality(PracticePlace("59047", "MT", "Park"), tables).describe()
    'Montana (locality 03202-01, the only locality of MT)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from accord.domain.market.localities import CountyLocality, locate_county

__all__ = [
    "NATIONAL_LOCALITY",
    "LocalityTables",
    "MedicareLocality",
    "PracticePlace",
    "choose_locality",
    "contract_place",
]

NATIONAL_LOCALITY = "national"
"""The key of Medicare's unadjusted (all GPCIs 1.0) amounts."""


@dataclass(frozen=True, slots=True)
class PracticePlace:
    """Where a practice (or one contract of it) works: ZIP code, state code, county."""

    zip_code: str = ""
    state: str = ""
    county: str = ""


@dataclass(frozen=True, slots=True)
class MedicareLocality:
    """The locality chosen for a place, how it was found, and a note when it is national."""

    key: str
    name: str
    found_by: str = ""
    note: str = ""

    @property
    def national(self) -> bool:
        """Whether these are Medicare's national amounts."""
        return self.key == NATIONAL_LOCALITY

    def describe(self) -> str:
        """One line for a page or a terminal: the locality and how it was chosen."""
        if self.national:
            return self.note or "national amount"
        return f"{self.name} (locality {self.key}, {self.found_by})"


NATIONAL = MedicareLocality(NATIONAL_LOCALITY, "national")


@dataclass(frozen=True, slots=True)
class LocalityTables:
    """What CMS's files say about localities, as loaded with the fee schedule.

    ``zips``: ZIP5 → locality key (CMS's ZIP5 file; empty when not loaded);
    ``counties``: the locality–county file's rows; ``states``: state → its localities;
    ``names``: locality key → name as the GPCI file gives it.
    """

    zips: Mapping[str, str] = field(default_factory=dict)
    counties: Sequence[CountyLocality] = ()
    states: Mapping[str, Sequence[str]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)


def contract_place(contract_zip: str, practice: PracticePlace) -> PracticePlace:
    """The place of a contract: its own ZIP; the practice's state and county only when the
    contract's ZIP is empty or the practice's own (another clinic may be elsewhere)."""
    if not contract_zip or contract_zip == practice.zip_code:
        return PracticePlace(contract_zip or practice.zip_code, practice.state, practice.county)
    return PracticePlace(contract_zip)


def choose_locality(place: PracticePlace, tables: LocalityTables) -> MedicareLocality:
    """The locality of ``place`` (see the module's docstring for the order)."""

    def found(key: str, how: str) -> MedicareLocality:
        return MedicareLocality(key, tables.names.get(key, key), how)

    if place.zip_code and place.zip_code in tables.zips:
        return found(tables.zips[place.zip_code], f"from ZIP {place.zip_code}")
    state = place.state.upper()
    if state and place.county and tables.counties:
        key = locate_county(tables.counties, state, place.county)
        if key is not None:
            return found(key, f"from {place.county} county, {state}")
    localities = tables.states.get(state, ()) if state else ()
    if len(localities) == 1:
        return found(localities[0], f"the only locality of {state}")
    if place.zip_code:
        why = f"no locality for ZIP {place.zip_code}"
        if not tables.zips:
            why += " (CMS's ZIP5 file is not loaded)"
    elif state:
        why = f"{state} has several localities and the practice's county is not known"
    else:
        why = "no ZIP code or state for the practice"
    return MedicareLocality(NATIONAL_LOCALITY, "national", note=f"national amount: {why}")
