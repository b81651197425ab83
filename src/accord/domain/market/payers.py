"""Payer and plan names as published are messy; a normalised form lets files be compared.

>>> normalize_payer_name("  CareFirst BlueCross BlueShield, Inc. ")
'carefirst bluecross blueshield'
"""

from __future__ import annotations

import re

__all__ = ["normalize_payer_name"]

_PUNCT = re.compile(r"[^0-9a-z]+")
_SUFFIXES = ("inc", "llc", "corp", "co", "company", "corporation", "ltd", "the")


def normalize_payer_name(name: str | None) -> str:
    """Lower case, punctuation to spaces, corporate suffixes dropped, spaces collapsed."""
    if not name:
        return ""
    words = _PUNCT.sub(" ", name.lower()).split()
    while words and words[-1] in _SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)
