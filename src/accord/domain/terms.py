"""The terms at stake in a negotiation, with our opening, target and walk-away.

For a term where more is better for us (a rate we are paid), a consistent plan
reads walk-away ≤ target ≤ opening; where less is better (a rate we pay, payment
days), opening ≤ target ≤ walk-away. Categorical terms list their options best
first for us, and the plan is checked against that order.
"""

from __future__ import annotations

import enum
import itertools
import math
from dataclasses import dataclass, field

from accord.domain.text_limits import check_length
from accord.errors import ValidationError

__all__ = [
    "Direction",
    "Term",
    "TermKind",
    "TermStatus",
    "TermValue",
    "default_direction",
]

TermValue = float | str | bool


class TermKind(enum.StrEnum):
    RATE_PER_UNIT = "rate_per_unit"
    PER_DIEM = "per_diem"
    PCT_MEDICARE = "pct_medicare"
    PCT_BILLED = "pct_billed"
    DAYS = "days"
    VISITS = "visits"
    UNITS = "units"
    SERVICE_INCLUDED = "service_included"
    CATEGORICAL = "categorical"
    PAYMENT_DAYS = "payment_days"
    DURATION_MONTHS = "duration_months"

    @property
    def is_numeric(self) -> bool:
        return self not in (TermKind.SERVICE_INCLUDED, TermKind.CATEGORICAL)

    @property
    def is_money(self) -> bool:
        return self in (TermKind.RATE_PER_UNIT, TermKind.PER_DIEM)

    @property
    def default_unit(self) -> str:
        return _DEFAULT_UNITS[self]


_DEFAULT_UNITS = {
    TermKind.RATE_PER_UNIT: "USD/unit",
    TermKind.PER_DIEM: "USD/day",
    TermKind.PCT_MEDICARE: "% of Medicare",
    TermKind.PCT_BILLED: "% of billed",
    TermKind.DAYS: "days",
    TermKind.VISITS: "visits",
    TermKind.UNITS: "units",
    TermKind.SERVICE_INCLUDED: "yes/no",
    TermKind.CATEGORICAL: "",
    TermKind.PAYMENT_DAYS: "days",
    TermKind.DURATION_MONTHS: "months",
}


class Direction(enum.StrEnum):
    """Which way a term's value is better for us."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


def default_direction(kind: TermKind, *, we_pay: bool) -> Direction:
    """Which way a term is better for us when the user does not say.

    When we pay (a case manager buying care), lower money, days and visits are better,
    later payment is better, and services included in the price are better; when we are
    paid (a practice selling care) each is the other way round.
    """
    if kind in (TermKind.CATEGORICAL, TermKind.DURATION_MONTHS):
        return Direction.HIGHER_BETTER
    later_or_included = kind in (TermKind.PAYMENT_DAYS, TermKind.SERVICE_INCLUDED)
    higher = we_pay if later_or_included else not we_pay
    return Direction.HIGHER_BETTER if higher else Direction.LOWER_BETTER


class TermStatus(enum.StrEnum):
    OPEN = "open"
    AGREED = "agreed"  # agreed with the other party and set aside
    DISAGREED = "disagreed"


@dataclass(eq=False)
class Term:
    """One issue at stake, with its range and our plan for it."""

    name: str
    kind: TermKind
    direction: Direction = Direction.HIGHER_BETTER
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    options: list[str] = field(default_factory=list)
    opening: TermValue | None = None
    target: TermValue | None = None
    walk_away: TermValue | None = None
    priority: int = 3
    status: TermStatus = TermStatus.OPEN
    agreed_value: TermValue | None = None
    billing_code: str | None = None
    their_priority: int | None = None
    """How much the counterparty cares about this term (1–5), as we understand it."""
    their_walk_away: TermValue | None = None
    """Our estimate of the worst value the counterparty would still accept."""
    current: float | None = None
    """Today's value of a rate or per diem (the rate paid now), to measure a change."""
    yearly_volume: int | None = None
    """Units (visits, evaluations, days) a year this rate applies to, to put it in dollars."""
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.unit:
            self.unit = self.kind.default_unit
        if self.kind is TermKind.SERVICE_INCLUDED and not self.options:
            # yes/no terms: best first for us, per the direction.
            self.options = []
        self.validate()

    REVISABLE = frozenset(
        {"direction", "unit", "minimum", "maximum", "options", "opening", "target",
         "walk_away", "priority", "billing_code", "their_priority", "their_walk_away",
         "current", "yearly_volume"}
    )  # fmt: skip

    def revise(self, changes: dict[str, object]) -> None:
        """Change some of the term's fields and check the result as a whole."""
        unknown = sorted(set(changes) - self.REVISABLE)
        if unknown:
            raise ValidationError(f"cannot change {', '.join(unknown)} of a term", field=unknown[0])
        before = {name: getattr(self, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, value)
        try:
            self.validate()
        except ValidationError:
            for name, value in before.items():
                setattr(self, name, value)
            raise

    # -- validation -------------------------------------------------------------------
    def validate(self) -> None:
        """Check range, options and the order of opening/target/walk-away."""
        self.name = self.name.strip()
        if not self.name:
            raise ValidationError("a term needs a name", field="name")
        check_length(self.name, "terms.name", field="name")
        check_length(self.unit, "terms.unit", field="unit")
        if self.billing_code:
            check_length(self.billing_code, "terms.billing_code", field="billing_code")
        if not 1 <= self.priority <= 5:
            raise ValidationError(f"priority is 1..5, got {self.priority}", field="priority")
        if self.their_priority is not None and not 1 <= self.their_priority <= 5:
            raise ValidationError(
                f"their priority is 1..5, got {self.their_priority}", field="their_priority"
            )
        self._validate_money_facts()
        if self.kind.is_numeric:
            self._validate_numeric()
        elif self.kind is TermKind.CATEGORICAL:
            if len(self.options) < 2:
                raise ValidationError(
                    "a categorical term needs at least two options, best first for us",
                    field="options",
                )
            if len(set(self.options)) != len(self.options):
                raise ValidationError("options must be distinct", field="options")
        for label in ("opening", "target", "walk_away", "agreed_value", "their_walk_away"):
            value = getattr(self, label)
            if value is not None:
                setattr(self, label, self.coerce(value, field=label))
        self._validate_order()

    def _validate_money_facts(self) -> None:
        if self.current is not None:
            if not self.kind.is_money:
                raise ValidationError(
                    "only a rate or a per diem has a current value", field="current"
                )
            if not math.isfinite(self.current) or self.current < 0:
                raise ValidationError(
                    f"the current rate is a non-negative number, got {self.current!r}",
                    field="current",
                )
        if self.yearly_volume is not None:
            if not self.kind.is_money:
                raise ValidationError(
                    "only a rate or a per diem has a yearly volume", field="yearly_volume"
                )
            if not 0 <= self.yearly_volume <= 100_000_000:
                raise ValidationError(
                    f"the yearly volume is 0..100,000,000, got {self.yearly_volume}",
                    field="yearly_volume",
                )

    def _validate_numeric(self) -> None:
        if self.minimum is not None and self.maximum is not None:
            if not (math.isfinite(self.minimum) and math.isfinite(self.maximum)):
                raise ValidationError("range bounds must be finite numbers", field="range")
            if self.minimum > self.maximum:
                raise ValidationError(
                    f"range is inverted: minimum {self.minimum:g} > maximum {self.maximum:g}",
                    field="range",
                )
        if self.minimum is not None and self.minimum < 0:
            raise ValidationError("a term's minimum cannot be negative", field="range")

    @property
    def label(self) -> str:
        """What people read for this term (``97110 therapeutic exercise — rate per
        unit``); its name stays the identifier (see :mod:`accord.domain.term_labels`)."""
        # Imported here: term_labels builds on this module's Term and TermKind.
        from accord.domain.term_labels import term_label

        return term_label(self)

    def coerce(self, value: TermValue, *, field: str = "value", bounded: bool = True) -> TermValue:
        """Turn a user's value into this term's type and check it lies in range or options.

        The range bounds *our* plan; ``bounded=False`` accepts a number outside it (what
        the other side actually said is recorded as said, and flagged by ``in_range``).
        """
        if self.kind is TermKind.SERVICE_INCLUDED:
            return _as_bool(value, field=field)
        if self.kind is TermKind.CATEGORICAL:
            text = str(value).strip()
            if text not in self.options:
                raise ValidationError(
                    f"{self.label}: {text!r} is not one of {', '.join(self.options)}",
                    field=field,
                )
            return text
        if isinstance(value, bool):
            raise ValidationError(f"{self.label} takes a number, got {value!r}", field=field)
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                f"{self.label} takes a number, got {value!r}", field=field
            ) from exc
        if not math.isfinite(number):
            raise ValidationError(f"{self.label} takes a finite number", field=field)
        if not bounded:
            if number < 0:
                raise ValidationError(
                    f"{self.label} cannot be negative, got {number:g}", field=field
                )
            return number
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(
                f"{number:g} is below the range of {self.label} ({self._range_text()})",
                field=field,
            )
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(
                f"{number:g} is above the range of {self.label} ({self._range_text()})",
                field=field,
            )
        return number

    def in_range(self, value: TermValue) -> bool:
        """True when a numeric ``value`` lies within the term's range (always for choices)."""
        if not self.kind.is_numeric or isinstance(value, bool):
            return True
        number = float(value)
        low_ok = self.minimum is None or number >= self.minimum
        return low_ok and (self.maximum is None or number <= self.maximum)

    def _range_text(self) -> str:
        low = "-" if self.minimum is None else f"{self.minimum:g}"
        high = "-" if self.maximum is None else f"{self.maximum:g}"
        return f"{low}..{high} {self.unit}".strip()

    def _validate_order(self) -> None:
        plan = [
            ("opening", self.opening),
            ("target", self.target),
            ("walk_away", self.walk_away),
        ]
        given = [(label, value) for label, value in plan if value is not None]
        for (label_a, a), (label_b, b) in itertools.pairwise(given):
            if self.score(a) < self.score(b):
                raise ValidationError(
                    f"{self.label}: {label_b.replace('_', '-')} {_fmt(b)} is better for us "
                    f"than {label_a.replace('_', '-')} {_fmt(a)}; "
                    f"the order must be opening ≥ target ≥ walk-away in our favour "
                    f"({self.direction.value.replace('_', ' ')})",
                    field=label_b,
                )

    # -- ordering -----------------------------------------------------------------------
    def score(self, value: TermValue) -> float:
        """A number that grows as ``value`` gets better for us (for ordering only)."""
        if self.kind is TermKind.SERVICE_INCLUDED:
            flag = _as_bool(value, field="value")
            good = self.direction is Direction.HIGHER_BETTER
            return 1.0 if flag == good else 0.0
        if self.kind is TermKind.CATEGORICAL:
            return float(len(self.options) - self.options.index(str(value)))
        number = float(value)
        return number if self.direction is Direction.HIGHER_BETTER else -number

    def better_for_us(self, a: TermValue, b: TermValue) -> bool:
        """True when ``a`` is strictly better for us than ``b``."""
        return self.score(a) > self.score(b)

    def is_within_walk_away(self, value: TermValue) -> bool:
        """True when ``value`` is at least as good for us as our walk-away (or none is set)."""
        if self.walk_away is None:
            return True
        return self.score(value) >= self.score(self.walk_away)

    def format(self, value: TermValue | None) -> str:
        """A value as people read it: ``$152.00/day``, ``120% of Medicare``, ``yes``."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return value
        if self.kind.is_money:
            suffix = "/day" if self.kind is TermKind.PER_DIEM else ""
            return f"${value:,.2f}{suffix}"
        if self.kind in (TermKind.PCT_MEDICARE, TermKind.PCT_BILLED):
            return f"{value:g}%"
        return f"{value:g} {self.unit}".strip()


def _as_bool(value: TermValue, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "included"}:
        return True
    if text in {"no", "n", "false", "0", "excluded"}:
        return False
    raise ValidationError(f"expected yes or no, got {value!r}", field=field)


def _fmt(value: TermValue) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
