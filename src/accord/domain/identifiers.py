"""Identifiers used in US healthcare: the National Provider Identifier and the TIN."""

from __future__ import annotations

from accord.domain.validation import is_ascii_digits
from accord.errors import ValidationError

__all__ = ["is_valid_npi", "normalise_tin", "validate_npi"]


def is_valid_npi(npi: str) -> bool:
    """True when ``npi`` is 10 digits ending in the Luhn check digit of ``80840`` + its first 9.

    >>> is_valid_npi("1234567893")
    True
    """
    if len(npi) != 10 or not is_ascii_digits(npi):
        return False
    # The NPI check digit is the Luhn digit of the card-issuer prefix 80840 followed by
    # the first nine digits; the prefix contributes a constant 24 to the Luhn sum.
    total = 24
    for index, char in enumerate(reversed(npi[:9])):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    check = (10 - total % 10) % 10
    return check == int(npi[9])


def validate_npi(npi: str, *, field: str = "npi") -> str:
    """Return ``npi`` stripped, or raise :class:`ValidationError` saying what is wrong."""
    value = npi.strip()
    if len(value) != 10 or not is_ascii_digits(value):
        raise ValidationError(f"an NPI has exactly 10 digits, got {npi!r}", field=field)
    if not is_valid_npi(value):
        raise ValidationError(f"{value} fails the NPI check digit", field=field)
    return value


def normalise_tin(tin: str, *, field: str = "tin") -> str:
    """Return a TIN/EIN as ``NN-NNNNNNN``; accepts it with or without the dash."""
    digits = tin.replace("-", "").strip()
    if len(digits) != 9 or not is_ascii_digits(digits):
        raise ValidationError(f"a TIN has 9 digits (NN-NNNNNNN), got {tin!r}", field=field)
    return f"{digits[:2]}-{digits[2:]}"
