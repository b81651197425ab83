"""Accord's own JSON archive format: lossless export and import of the record.

An archive holds organisations, contacts and negotiations with their ids as they were
in the source database; :mod:`accord.services.transfer` maps them onto the target's ids.

    {"format": "accord-archive", "format_version": 1, "exported_at": "...",
     "organisations": [...], "contacts": [...], "negotiations": [...]}
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_origin

import cattrs
import orjson
from cattrs.cols import list_structure_factory
from cattrs.preconf.orjson import make_converter

from accord.adapters.output_files import write_file_atomically
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side, check_package
from accord.domain.organisations import Contact, Organisation
from accord.domain.terms import TermValue
from accord.domain.validation import check_datetime_in_range
from accord.errors import InputFileError, ValidationError

__all__ = ["FORMAT", "FORMAT_VERSION", "Archive", "dump_archive", "read_archive"]

FORMAT = "accord-archive"
FORMAT_VERSION = 1


def _term_value(value: Any, _: Any) -> TermValue | None:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    raise ValueError(f"a term value is a number, text or yes/no, got {value!r}")


def _text(value: Any, cls: Any) -> str:
    # cattrs would call str() on anything: a null name would be stored as "None".
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_json_name(value)}")
    # The enums (str subclasses) come here too: their value picks the member.
    return value if cls is str else cls(value)


def _json_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _datetime(value: Any, _: Any) -> datetime:
    return check_datetime_in_range(datetime.fromisoformat(value))


def _is_list(cls: Any) -> bool:
    return cls is list or get_origin(cls) is list


def _arrays_only(cls: Any, converter: cattrs.Converter) -> Any:
    """cattrs' own list hook (which keeps each item's index in its errors), behind a
    check that the value is a JSON array: cattrs would iterate a string, so goals
    written as "x" became the list of its letters."""
    items = list_structure_factory(cls, converter)

    def structure(value: Any, type_: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {_json_name(value)}")
        return items(value, type_)

    return structure


def _converter() -> cattrs.Converter:
    converter = make_converter(forbid_extra_keys=True)
    converter.register_structure_hook_factory(_is_list, _arrays_only)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
    # datetime is a date: give it its own hooks so that the time is never dropped.
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, _datetime)
    converter.register_structure_hook(str, _text)
    converter.register_structure_hook(TermValue, _term_value)
    converter.register_structure_hook(TermValue | None, _term_value)
    return converter


# The archive keeps its keys ("offers", "interactions") while the negotiation holds
# every offer and interaction ever recorded, withdrawn ones included, under *_history.
_HISTORIES = (("offers", "offer_history"), ("interactions", "interaction_history"))


def _histories(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    renamed = dict(item)
    for key, field in _HISTORIES:
        if key in renamed:
            renamed[field] = renamed.pop(key)
    return renamed


class Archive:
    """The decoded contents of an archive file."""

    def __init__(
        self,
        organisations: list[Organisation],
        contacts: list[Contact],
        negotiations: list[Negotiation],
    ) -> None:
        self.organisations = organisations
        self.contacts = contacts
        self.negotiations = negotiations


def dump_archive(
    path: Path,
    *,
    organisations: list[Organisation],
    contacts: list[Contact],
    negotiations: list[Negotiation],
    exported_at: datetime,
) -> None:
    """Write an archive atomically: to a temporary name, renamed when complete."""
    converter = _converter()
    records = converter.unstructure(negotiations)
    for record in records:
        # The version counts edits in this database (optimistic locking); it is not data.
        record.pop("version", None)
        for key, field in _HISTORIES:
            record[key] = record.pop(field)
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "organisations": converter.unstructure(organisations),
        "contacts": converter.unstructure(contacts),
        "negotiations": records,
    }
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    write_file_atomically(path, data)


def read_archive(path: Path) -> Archive:
    """Read and check an archive; any problem is an :class:`InputFileError` naming where."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputFileError(f"not valid JSON: {exc.msg}", path=str(path), line=exc.lineno) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputFileError(
            f'not an Accord archive (expected "format": "{FORMAT}")', path=str(path)
        )
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise InputFileError(
            f"archive format version {version!r}; this Accord reads version {FORMAT_VERSION}",
            path=str(path),
        )
    converter = _converter()
    # Every part is checked, and every error kept, before one error reports them all.
    parts: dict[str, list[Any]] = {}
    messages: list[str] = []
    for key, cls in (
        ("organisations", Organisation),
        ("contacts", Contact),
        ("negotiations", Negotiation),
    ):
        items = document.get(key, [])
        if not isinstance(items, list):
            raise InputFileError(f"{key!r} must be a list", path=str(path))
        if cls is Negotiation:
            items = [_histories(item) for item in items]
        parts[key] = []
        for index, item in enumerate(items):
            try:
                parts[key].append(converter.structure(item, cls))
            except Exception as exc:  # cattrs groups every field error: report them all
                where = f"{key}[{index}]"
                found = cattrs.transform_error(exc, path=where, format_exception=_explain)
                # cattrs says "what @ where"; say "where: what", as everywhere else.
                messages.extend(_located(m) for m in found)
                continue
            if key == "negotiations":
                messages.extend(_offer_errors(index, parts[key][-1]))
    negotiations: list[Negotiation] = parts["negotiations"]
    if messages:
        raise _invalid(path, messages)
    return Archive(parts["organisations"], parts["contacts"], negotiations)


def _located(message: str) -> str:
    what, at, where = message.rpartition(" @ ")
    return f"{where}: {what}" if at else message


def _invalid(path: Path, messages: list[str]) -> InputFileError:
    more = f" (and {len(messages) - 5} more)" if len(messages) > 5 else ""
    return InputFileError("invalid archive: " + "; ".join(messages[:5]) + more, path=str(path))


def _offer_errors(index: int, negotiation: Negotiation) -> list[str]:
    """Each offer checked against its negotiation's terms by the domain's one rule, so
    that an imported offer can never name a term that does not exist (which broke the
    brief, the offer list and the analysis of that negotiation) or hold "NaN"."""
    errors = []
    for number, offer in enumerate(negotiation.offer_history):
        try:
            offer.values = check_package(
                negotiation.terms, offer.values, bounded=offer.side is Side.OURS
            )
        except ValidationError as exc:
            errors.append(f"negotiations[{index}].offers[{number}].{exc.message}")
    return errors


def _explain(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, KeyError):
        return f"required field {exc} missing"
    return str(exc) or type(exc).__name__
