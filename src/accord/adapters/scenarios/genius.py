"""Read Genius XML negotiation domains (the ANAC competition format).

A Genius domain is a folder with a domain file (``<negotiation_template>``: issues and
their values) and one utility profile per side (``<utility_space>``: an evaluation per
value, a weight per issue, a reservation value and a discount factor). Evaluations are
on the profile's own scale (1–100, counts, …) while the reservation value is on a 0–1
scale, so evaluations are normalised per issue (divided by the issue's largest, as
Genius does) before the reservation value applies. The discount factor ``d`` is kept on
the side's preferences: the simulator and the tournament score an agreement reached at
relative time ``t`` as ``u · d**t``. A factor of 0 or 1, or none, means no discount
(Genius reads 0 as "not set").
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import DiscreteTerm, categorical_term
from accord.errors import InputFileError, ValidationError

__all__ = ["genius_files", "load_genius_domain"]


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputFileError(f"invalid XML: {exc}", path=str(path), line=line) from exc
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror}", path=str(path)) from exc


def genius_files(folder: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a Genius folder (profiles sorted)."""
    domain: Path | None = None
    profiles: list[Path] = []
    for f in sorted(folder.glob("*.xml")):
        tag = _parse(f).tag
        if tag == "negotiation_template":
            domain = f
        elif tag == "utility_space":
            profiles.append(f)
    if domain is None:
        raise InputFileError("no Genius domain file (<negotiation_template>)", path=str(folder))
    if len(profiles) < 2:
        raise InputFileError("a Genius domain needs two utility profiles", path=str(folder))
    return domain, profiles


def _issues(root: ET.Element, path: Path) -> list[tuple[str, str, list[str]]]:
    out: list[tuple[str, str, list[str]]] = []
    for i, issue in enumerate(root.iter("issue")):
        kind = issue.get("type", issue.get("etype", "discrete"))
        name = issue.get("name")
        if not name:
            raise InputFileError(f"issue {i + 1} has no name", path=str(path))
        if kind != "discrete":
            raise InputFileError(f"issue {name!r}: type {kind!r} is not supported", path=str(path))
        values = [item.get("value", "") for item in issue.iter("item")]
        out.append((issue.get("index", str(i + 1)), name, values))
    if not out:
        raise InputFileError("the domain has no issues", path=str(path))
    return out


def _profile(
    path: Path, issues: list[tuple[str, str, list[str]]], terms: list[DiscreteTerm]
) -> Preferences:
    root = _parse(path)
    evals: dict[str, dict[str, float]] = {}
    for issue in root.iter("issue"):
        name = issue.get("name", "")
        table: dict[str, float] = {}
        for item in issue.iter("item"):
            try:
                table[item.get("value", "")] = float(item.get("evaluation", "nan"))
            except ValueError as exc:
                raise InputFileError(
                    f"issue {name!r}: evaluation is not a number", path=str(path)
                ) from exc
        evals[name] = table
    weights_by_index = {
        w.get("index", ""): float(w.get("value", "nan")) for w in root.iter("weight")
    }
    weights = np.zeros(len(issues))
    values: list[np.ndarray[tuple[int], np.dtype[np.float64]]] = []
    for i, (index, name, opts) in enumerate(issues):
        if name not in evals:
            raise InputFileError(f"no evaluations for issue {name!r}", path=str(path))
        table = evals[name]
        missing = [o for o in opts if o not in table]
        if missing:
            raise InputFileError(
                f"issue {name!r}: no evaluation for {missing[0]!r}", path=str(path)
            )
        raw = np.array([table[o] for o in opts], dtype=np.float64)
        if not np.all(np.isfinite(raw)) or raw.min() < 0 or raw.max() <= 0:
            raise InputFileError(
                f"issue {name!r}: evaluations must be ≥ 0, not all 0", path=str(path)
            )
        values.append(raw / raw.max())
        w = weights_by_index.get(index)
        if w is None or not np.isfinite(w) or w < 0:
            raise InputFileError(f"issue {name!r}: missing or invalid weight", path=str(path))
        weights[i] = w
    if weights.sum() <= 0:
        raise InputFileError("weights are all zero", path=str(path))
    res_el = root.find(".//reservation")
    reservation = float(res_el.get("value", "0")) if res_el is not None else 0.0
    if not 0.0 <= reservation <= 1.0:
        raise InputFileError(f"reservation value {reservation} is outside [0, 1]", path=str(path))
    del terms
    return Preferences(
        weights / weights.sum(), tuple(values), reservation, discount=_discount(root, path)
    )


def _discount(root: ET.Element, path: Path) -> float:
    """The profile's discount factor: 1 (none) when absent or 0, as in Genius."""
    el = root.find(".//discount_factor")
    if el is None:
        return 1.0
    text = el.get("value", "1")
    try:
        d = float(text)
    except ValueError as exc:
        raise InputFileError(f"discount factor {text!r} is not a number", path=str(path)) from exc
    if not 0.0 <= d <= 1.0:
        raise InputFileError(f"discount factor {d:g} is outside [0, 1]", path=str(path))
    return 1.0 if d == 0.0 else d


def load_genius_domain(path: Path | str, *, profiles: tuple[int, int] = (0, 1)) -> Scenario:
    """Load a Genius folder (or its domain file): two profiles become our side and theirs.

    ``profiles`` picks which profiles (in file-name order) play our side and theirs.
    """
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    if not folder.is_dir():
        raise InputFileError("no such Genius domain folder", path=str(p))
    domain_file, profile_files = genius_files(folder)
    if max(profiles) >= len(profile_files):
        raise InputFileError(
            f"only {len(profile_files)} profiles; cannot pick {profiles}", path=str(folder)
        )
    issues = _issues(_parse(domain_file), domain_file)
    try:
        terms = [
            categorical_term(name, opts, field=f"issues[{i}]")
            for i, (_, name, opts) in enumerate(issues)
        ]
    except ValidationError as exc:
        raise InputFileError(exc.message, path=str(domain_file)) from exc
    a = _profile(profile_files[profiles[0]], issues, terms)
    b = _profile(profile_files[profiles[1]], issues, terms)
    return Scenario(
        name=folder.name,
        space=OutcomeSpace(tuple(terms)),
        ours=a,
        theirs=b,
        description=f"Genius domain {domain_file.name}",
        our_label=profile_files[profiles[0]].stem,
        their_label=profile_files[profiles[1]].stem,
        tags=("genius",),
    )
