"""Terms as people read them: "97110 therapeutic exercise — rate per unit", not
``rate_97110``.

A term's name is its identifier (offers and the API key values by it); its label is
what every screen shows. The label is built from the billing code, a short description
of the code, and the term's kind. The descriptions below are Accord's own plain words:
the official CPT descriptors are AMA-copyrighted and are not shipped. A term with no
known code gets its name made readable instead::

    >>> from accord.domain.terms import Term, TermKind
    >>> term_label(Term("rate_97110", TermKind.RATE_PER_UNIT, billing_code="97110"))
    '97110 therapeutic exercise — rate per unit'
    >>> term_label(Term("length_of_stay", TermKind.DAYS))
    'Length of stay (days)'
"""

from __future__ import annotations

from accord.domain.terms import Term, TermKind

__all__ = ["CODE_DESCRIPTIONS", "code_description", "humanise", "term_label"]

CODE_DESCRIPTIONS: dict[str, str] = {
    # Physical and occupational therapy codes, described in our own words.
    "97110": "therapeutic exercise",
    "97112": "balance and coordination training",
    "97116": "gait training",
    "97140": "hands-on manual therapy",
    "97530": "functional activities",
    "97535": "self-care training",
    "97161": "PT evaluation, simple",
    "97162": "PT evaluation, moderate",
    "97163": "PT evaluation, complex",
    "97164": "PT re-evaluation",
    "97165": "OT evaluation, simple",
    "97166": "OT evaluation, moderate",
    "97167": "OT evaluation, complex",
}
"""Short plain descriptions of common therapy codes (our wording, not the CPT text)."""

_KIND_WORDS = {
    TermKind.RATE_PER_UNIT: "rate per unit",
    TermKind.PER_DIEM: "per diem",
    TermKind.PCT_MEDICARE: "% of Medicare",
    TermKind.PCT_BILLED: "% of billed charges",
}

# Evaluations are paid per evaluation, not per 15-minute unit.
_PER_EVALUATION = frozenset({"97161", "97162", "97163", "97164", "97165", "97166", "97167"})


def code_description(code: str | None) -> str | None:
    """Accord's short description of a billing code, or ``None`` when it has none."""
    if code is None:
        return None
    return CODE_DESCRIPTIONS.get(code.strip())


def humanise(name: str) -> str:
    """``length_of_stay`` → ``Length of stay``; ``rate_97110`` → ``Rate 97110``."""
    words = name.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else name


def term_label(term: Term) -> str:
    """The label every screen shows for ``term`` (its name stays its identifier)."""
    code = (term.billing_code or "").strip()
    kind_words = _KIND_WORDS.get(term.kind)
    if code:
        if term.kind is TermKind.RATE_PER_UNIT and code in _PER_EVALUATION:
            kind_words = "rate per evaluation"
        described = code_description(code)
        head = f"{code} {described}" if described else f"{code} ({humanise(term.name)})"
        return f"{head} — {kind_words}" if kind_words else head
    label = humanise(term.name)
    unit = term.unit.strip()
    if term.kind in (TermKind.DAYS, TermKind.VISITS, TermKind.UNITS, TermKind.PAYMENT_DAYS,
                     TermKind.DURATION_MONTHS) and unit and unit not in label.lower():  # fmt: skip
        return f"{label} ({unit})"
    return label
