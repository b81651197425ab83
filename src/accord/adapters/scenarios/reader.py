"""Read Accord scenario files (YAML or JSON) into engine :class:`Scenario` objects.

Format (YAML shown; JSON has the same shape)::

    name: Skilled-nursing SCA
    deadline_rounds: 20
    labels: {ours: Payer case manager, theirs: Skilled nursing facility}
    terms:
      - {name: per_diem, kind: per_diem, unit: USD/day, range: [350, 650], resolution: 25}
      - {name: therapy_included, kind: service_included}
      - {name: level_of_care, kind: categorical, options: [skilled, intermediate]}
    sides:
      ours:
        reservation: 0.35            # utility of our BATNA, 0–1
        batna: Transfer to an in-network facility 40 miles away
        weights: {per_diem: 0.6, therapy_included: 0.4}   # sum to 1 (or 100)
        values:
          per_diem: lower_better                  # or higher_better
          days: {piecewise: [[10, 0.3], [20, 1.0], [30, 0.4]]}
          therapy_included: {options: {"yes": 1.0, "no": 0.2}}
          level_of_care: [intermediate, skilled]  # best first
        walk_away: {per_diem: 550}
        discount: 0.9                # optional: a deal at the deadline is worth u·0.9
      theirs: ...                                # optional: estimated as our mirror

Every error names the file and the field path (``sides.ours.weights.per_diem``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from accord.domain.engine.preferences import Preferences, build_preferences
from accord.domain.engine.record import NUMERIC_KINDS
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import DiscreteTerm, categorical_term, numeric_term
from accord.domain.engine.values import (
    CategoricalValue,
    LinearValue,
    PiecewiseLinearValue,
    TableValue,
    ValueFunction,
)
from accord.errors import InputFileError, ValidationError

__all__ = ["load_scenario", "parse_scenario"]


def load_scenario(path: Path | str) -> Scenario:
    """Read a ``.yaml``/``.yml``/``.json`` scenario file (or a Genius ``.xml`` domain)."""
    p = Path(path)
    if p.is_dir() or p.suffix.lower() == ".xml":
        from accord.adapters.scenarios.genius import load_genius_domain

        return load_genius_domain(p)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"cannot read scenario file: {exc.strerror}", path=str(p)) from exc
    except UnicodeDecodeError as exc:
        raise InputFileError("not UTF-8 text", path=str(p), offset=exc.start) from exc
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except RecursionError as exc:  # a hostile file of thousands of nested brackets
        raise InputFileError("nested too deeply to be a scenario", path=str(p)) from exc
    except json.JSONDecodeError as exc:
        raise InputFileError(f"invalid JSON: {exc.msg}", path=str(p), line=exc.lineno) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputFileError(f"invalid YAML: {exc}", path=str(p), line=line) from exc
    try:
        return parse_scenario(data, default_name=p.stem)
    except ValidationError as exc:
        raise InputFileError(exc.message, path=str(p)) from exc
    except RecursionError as exc:
        raise InputFileError("nested too deeply to be a scenario", path=str(p)) from exc


def _mapping(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError("expected a mapping", field=field)
    return value


def parse_scenario(data: object, *, default_name: str = "scenario") -> Scenario:
    """Build a scenario from parsed YAML/JSON data."""
    root = _mapping(data, "(root)")
    raw_terms = root.get("terms")
    if not isinstance(raw_terms, list) or not raw_terms:
        raise ValidationError("a scenario needs a non-empty list of terms", field="terms")
    terms = [_term(_mapping(t, f"terms[{i}]"), i) for i, t in enumerate(raw_terms)]
    space = OutcomeSpace(tuple(terms))
    sides = _mapping(root.get("sides", {}), "sides")
    unknown_sides = [k for k in sides if k not in ("ours", "theirs")]
    if unknown_sides:
        raise ValidationError("sides are 'ours' and 'theirs'", field=f"sides.{unknown_sides[0]}")
    if "ours" not in sides:
        raise ValidationError("our side's preferences are required", field="sides.ours")
    ours = _side(_mapping(sides["ours"], "sides.ours"), terms, "sides.ours")
    if "theirs" in sides:
        theirs = _side(_mapping(sides["theirs"], "sides.theirs"), terms, "sides.theirs")
    else:
        theirs = Preferences(
            ours.weights * 0 + 1.0 / len(terms),
            tuple(1.0 - v for v in ours.values),
            0.0,
            estimated=True,
        )
    labels = _mapping(root.get("labels", {}), "labels")
    rounds = root.get("deadline_rounds", 20)
    if isinstance(rounds, bool) or not isinstance(rounds, int):
        raise ValidationError("expected a whole number of rounds", field="deadline_rounds")
    tags = root.get("tags", [])
    return Scenario(
        name=str(root.get("name", default_name)),
        space=space,
        ours=ours,
        theirs=theirs,
        description=str(root.get("description", "")),
        our_label=str(labels.get("ours", "us")),
        their_label=str(labels.get("theirs", "them")),
        deadline_rounds=rounds,
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
    )


def _opt(value: object) -> str:
    """Option text; YAML reads bare yes/no as booleans."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_TERM_KEYS = {"name", "kind", "unit", "range", "resolution", "options", "description"}


def _term(raw: Mapping[str, Any], i: int) -> DiscreteTerm:
    where = f"terms[{i}]"
    extra = [k for k in raw if k not in _TERM_KEYS]
    if extra:
        raise ValidationError(f"unknown key {extra[0]!r}", field=f"{where}.{extra[0]}")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise ValidationError("a term needs a name", field=f"{where}.name")
    kind = str(raw.get("kind", "categorical" if "options" in raw else "units"))
    unit = str(raw.get("unit", ""))
    if kind == "service_included":
        return categorical_term(name, ["yes", "no"], kind=kind, unit=unit, field=where)
    if "options" in raw or kind == "categorical":
        opts = raw.get("options")
        if not isinstance(opts, list):
            raise ValidationError("expected a list of options", field=f"{where}.options")
        return categorical_term(name, [_opt(o) for o in opts], kind=kind, unit=unit, field=where)
    if kind not in NUMERIC_KINDS and kind != "units":
        raise ValidationError(f"unknown term kind {kind!r}", field=f"{where}.kind")
    rng = raw.get("range")
    if (
        not isinstance(rng, list)
        or len(rng) != 2
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in rng)
    ):
        raise ValidationError("expected a range [min, max] of numbers", field=f"{where}.range")
    res = raw.get("resolution")
    if res is not None and (isinstance(res, bool) or not isinstance(res, int | float)):
        raise ValidationError("expected a number", field=f"{where}.resolution")
    return numeric_term(
        name,
        float(rng[0]),
        float(rng[1]),
        resolution=None if res is None else float(res),
        kind=kind,
        unit=unit,
        field=where,
    )


_SIDE_KEYS = {"reservation", "batna", "weights", "values", "walk_away", "label", "discount"}


def _side(raw: Mapping[str, Any], terms: list[DiscreteTerm], where: str) -> Preferences:
    extra = [k for k in raw if k not in _SIDE_KEYS]
    if extra:
        raise ValidationError(f"unknown key {extra[0]!r}", field=f"{where}.{extra[0]}")
    by_name = {t.name: t for t in terms}
    weights = _mapping(raw.get("weights", {t.name: 1.0 for t in terms}), f"{where}.weights")
    values = _mapping(raw.get("values", {}), f"{where}.values")
    fns: dict[str, ValueFunction | CategoricalValue] = {}
    for name, spec in values.items():
        if name not in by_name:
            raise ValidationError(f"unknown term {name!r}", field=f"{where}.values.{name}")
        fns[name] = _value_function(spec, by_name[name], f"{where}.values.{name}")
    walk: dict[str, int] = {}
    for name, v in _mapping(raw.get("walk_away", {}), f"{where}.walk_away").items():
        if name not in by_name:
            raise ValidationError(f"unknown term {name!r}", field=f"{where}.walk_away.{name}")
        walk[name] = by_name[name].level_of(v, field=f"{where}.walk_away.{name}")
    reservation = raw.get("reservation", 0.0)
    if isinstance(reservation, bool) or not isinstance(reservation, int | float):
        raise ValidationError("expected a number in [0, 1]", field=f"{where}.reservation")
    discount = raw.get("discount", 1.0)
    if (
        isinstance(discount, bool)
        or not isinstance(discount, int | float)
        or not 0.0 < discount <= 1.0
    ):
        raise ValidationError(
            "expected a discount factor in (0, 1] (1: time costs nothing)",
            field=f"{where}.discount",
        )
    prefs = build_preferences(
        terms,
        {str(k): v for k, v in weights.items()},
        fns,
        reservation=float(reservation),
        batna=str(raw.get("batna", "")),
        walk_away=walk,
        field=where,
        strict_sum="weights" in raw,
    )
    return replace(prefs, discount=float(discount)) if discount != 1.0 else prefs


def _value_function(
    spec: object, term: DiscreteTerm, where: str
) -> ValueFunction | CategoricalValue:
    if spec in ("higher_better", "lower_better"):
        if not term.numeric:
            opts = [str(x) for x in term.levels]
            ranked = opts if spec == "higher_better" else opts[::-1]
            return CategoricalValue.ranked(ranked)
        return LinearValue(spec == "higher_better")
    if isinstance(spec, list):
        return CategoricalValue.ranked([_opt(o) for o in spec])
    if isinstance(spec, Mapping):
        try:
            if "piecewise" in spec:
                pts = tuple((float(a), float(b)) for a, b in spec["piecewise"])
                return PiecewiseLinearValue(pts)
            if "table" in spec:
                return TableValue({float(k): float(v) for k, v in spec["table"].items()})
            if "options" in spec:
                return CategoricalValue({_opt(k): float(v) for k, v in spec["options"].items()})
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"malformed value function: {exc}", field=where) from exc
        except ValidationError as exc:
            raise ValidationError(exc.message, field=where) from exc
    raise ValidationError(
        "expected higher_better, lower_better, a best-first list of options, "
        "{piecewise: [[value, utility], ...]}, {table: {value: utility}} or "
        "{options: {option: utility}}",
        field=where,
    )
