"""Reads X12 835 files with oxedi (a Rust parser with Arrow tables) into domain payments.

oxedi was chosen by measurement on the shared fixtures (see docs/economics.md): exact
counts on every file and about two orders of magnitude faster than pyx12. This module
is the only one that imports it; :class:`OxediRemittanceReader` satisfies
:class:`accord.services.remittance_ports.RemittanceReader`, so the parser can be
swapped without touching the services.

Patient names and member ids (NM1*QC, NM1*IL, NM1*74) are parsed by oxedi but never
read from its tables, and no error message quotes an NM1 segment.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import oxedi
import pyarrow as pa

from accord.domain.remittance import (
    Adjustment,
    Claim,
    Payment,
    ProviderAdjustment,
    ServiceLine,
)
from accord.errors import InputFileError

__all__ = ["OxediRemittanceReader"]

# Columns the built-in 5010 spec does not project and Accord needs: the SVC01
# modifiers, the claim's received date (DTM*050) and the line's remark codes (LQ).
_SPEC_PATCH: dict[str, Any] = {
    "tables": {
        "claims": {
            "columns": {"received_date": {"element": 2, "segment": "DTM", "where": {"1": "050"}}}
        },
        "services": {
            "columns": {
                f"modifier_{n}": {"element": 1, "component": n + 2, "segment": "SVC"}
                for n in range(1, 5)
            }
        },
        "remarks": {
            "loops": ["2110"],
            "segment": "LQ",
            "columns": {"qualifier": {"element": 1}, "code": {"element": 2}},
        },
    }
}

# A bare ST..SE set has no ISA to declare its delimiters: the findings that say so
# are expected, everything else about structure is still fatal.
_BARE_SET_FINDINGS = ("opened without its own trigger",)
_PRIVATE_SEGMENTS = {b"NM1"}


def _rows(tables: oxedi.Tables, name: str) -> dict[str, list[Any]]:
    table = pa.RecordBatchReader.from_stream(tables[name]).read_all()
    return table.to_pydict()  # type: ignore[no-any-return]


def _cents(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int(value.scaleb(2).to_integral_value())


def _text(value: bytes | None) -> str | None:
    if value is None:
        return None
    return value.decode("latin-1")


class _Located:
    """Builds located errors for one file: 1-based segment number, id and byte offset."""

    def __init__(self, name: str, document: oxedi.Document) -> None:
        self.name = name
        self.document = document

    def error(self, index: int | None, message: str) -> InputFileError:
        if index is None or index >= len(self.document):
            return InputFileError(f"end of file: {message}", path=self.name)
        segment = self.document[index]
        segment_id = segment.id.decode("latin-1") or "empty"
        return InputFileError(
            f"segment {index + 1} ({segment_id}): {message}",
            path=self.name,
            offset=segment.span[0],
        )

    def require(self, value: Any, index: int, what: str) -> Any:
        if value is None:
            raise self.error(index, f"expected {what}, found nothing readable")
        return value


class OxediRemittanceReader:
    """Parse an 835 file into :class:`~accord.domain.remittance.Payment` objects."""

    def __init__(self) -> None:
        self._spec = oxedi.Spec.builtin("5010").patch(_SPEC_PATCH)

    def read_file(self, path: Path) -> list[Payment]:
        """Every transaction of the file at ``path``; raises :class:`InputFileError`."""
        with path.open("rb") as handle:
            if path.stat().st_size == 0:
                raise InputFileError("the file is empty; expected an X12 835", path=str(path))
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return self.read_bytes(data, name=str(path))

    def read_bytes(self, data: bytes | mmap.mmap, *, name: str) -> list[Payment]:
        """Every transaction of ``data`` (named ``name`` in errors)."""
        head = bytes(data[:64]).lstrip()
        bare = head.startswith(b"ST")
        if not head.startswith(b"ISA") and not bare:
            raise InputFileError(
                "expected an X12 file starting with ISA (or a bare ST*835 set), "
                f"found {head[:12]!r}",
                path=name,
                offset=0,
            )
        delimiters = oxedi.Delimiters(element=head[2:3]) if bare else None
        try:
            result = oxedi.parse(data, spec=self._spec, delimiters=delimiters)
        except (oxedi.ParseError, ValueError) as exc:
            raise InputFileError(f"not a readable X12 835: {exc}", path=name) from exc
        located = _Located(name, result.document)
        self._check_structure(result, located, bare=bare)
        return _Assembler(result.tables, located).payments()

    @staticmethod
    def _check_structure(result: oxedi.Result, located: _Located, *, bare: bool) -> None:
        for finding in result.diagnostics:
            # Level 1 is the envelope and loop structure (missing SE, wrong counts,
            # segments out of place): such a file is truncated or malformed.
            if finding.level != 1:
                continue
            if bare and any(text in finding.rule for text in _BARE_SET_FINDINGS):
                continue
            index = finding.segment
            private = (
                index is not None
                and index < len(result.document)
                and result.document[index].id in _PRIVATE_SEGMENTS
            )
            message = f"malformed ({finding.kind})" if private else finding.rule
            raise located.error(index, message)


class _Assembler:
    """Turns oxedi's flat tables (rows referring to their parents) into nested payments."""

    def __init__(self, tables: oxedi.Tables, located: _Located) -> None:
        self.located = located
        self.payments_rows = _rows(tables, "payments")
        self.claim_rows = _rows(tables, "claims")
        self.service_rows = _rows(tables, "services")
        self.adjustment_rows = _rows(tables, "adjustments")
        self.plb_rows = _rows(tables, "provider_adjustments")
        self.remark_rows = _rows(tables, "remarks")

    def payments(self) -> list[Payment]:
        line_adjustments, claim_adjustments = self._adjustments()
        remarks = _children(self.remark_rows, "service", len(self.service_rows["row"]))
        lines = [
            self._line(i, line_adjustments[i], remarks[i])
            for i in range(len(self.service_rows["row"]))
        ]
        lines_by_claim = _children(self.service_rows, "claim", len(self.claim_rows["row"]))
        claims = [
            self._claim(i, claim_adjustments[i], [lines[j] for j in lines_by_claim[i]])
            for i in range(len(self.claim_rows["row"]))
        ]
        count = len(self.payments_rows["row"])
        claims_by_payment = _children(self.claim_rows, "payment", count)
        plb_by_payment = _children(self.plb_rows, "payment", count)
        return [
            self._payment(i, [claims[j] for j in claims_by_payment[i]], plb_by_payment[i])
            for i in range(count)
        ]

    def _adjustments(self) -> tuple[list[list[Adjustment]], list[list[Adjustment]]]:
        rows = self.adjustment_rows
        by_line: list[list[Adjustment]] = [[] for _ in self.service_rows["row"]]
        by_claim: list[list[Adjustment]] = [[] for _ in self.claim_rows["row"]]
        for i, index in enumerate(rows["segment"]):
            need = self.located.require
            adjustment = Adjustment(
                group=need(_text(rows["group_code"][i]), index, "a group code in CAS01"),
                reason=need(_text(rows["reason_code"][i]), index, "a reason code"),
                amount_cents=need(_cents(rows["amount"][i]), index, "an amount"),
                quantity=rows["quantity"][i],
                segment=index + 1,
            )
            service = rows["service"][i]
            if service is None:
                by_claim[rows["claim"][i]].append(adjustment)
            else:
                by_line[service].append(adjustment)
        return by_line, by_claim

    def _line(self, i: int, adjustments: list[Adjustment], remarks: Sequence[int]) -> ServiceLine:
        rows = self.service_rows
        index = rows["segment"][i]
        need = self.located.require
        code = _text(rows["procedure_code"][i])
        if not code:
            raise self.located.error(
                index,
                "expected SVC01 as qualifier, component separator (ISA16), code; "
                f"found no code in {_text(rows['procedure_qualifier'][i])!r}",
            )
        modifiers = tuple(m for n in range(1, 5) if (m := _text(rows[f"modifier_{n}"][i])))
        return ServiceLine(
            code=code,
            qualifier=_text(rows["procedure_qualifier"][i]) or "",
            modifiers=modifiers,
            charge_cents=need(_cents(rows["charge_amount"][i]), index, "a charge in SVC02"),
            paid_cents=need(_cents(rows["payment_amount"][i]), index, "a payment in SVC03"),
            units=rows["units_paid"][i],
            allowed_cents=_cents(rows["allowed_amount"][i]),
            service_date=rows["service_date"][i],
            control_number=_text(rows["line_item_control_number"][i]),
            remark_codes=tuple(
                code for j in remarks if (code := _text(self.remark_rows["code"][j]))
            ),
            adjustments=tuple(adjustments),
            segment=index + 1,
        )

    def _claim(self, i: int, adjustments: list[Adjustment], lines: list[ServiceLine]) -> Claim:
        rows = self.claim_rows
        index = rows["segment"][i]
        need = self.located.require
        return Claim(
            claim_number=need(_text(rows["claim_id"][i]), index, "a claim number in CLP01"),
            status=need(_text(rows["claim_status"][i]), index, "a status in CLP02"),
            charge_cents=need(_cents(rows["charge_amount"][i]), index, "a charge in CLP03"),
            paid_cents=need(_cents(rows["payment_amount"][i]), index, "a payment in CLP04"),
            patient_responsibility_cents=_cents(rows["patient_responsibility"][i]) or 0,
            filing_indicator=_text(rows["filing_indicator"][i]),
            facility_type=_text(rows["facility_type"][i]),
            frequency=_text(rows["frequency_code"][i]),
            statement_from=_date(rows["statement_from"][i]),
            statement_to=_date(rows["statement_to"][i]),
            received=_date(rows["received_date"][i]),
            adjustments=tuple(adjustments),
            lines=tuple(lines),
            segment=index + 1,
        )

    def _payment(self, i: int, claims: list[Claim], plb: Sequence[int]) -> Payment:
        rows = self.payments_rows
        # The payments row points at BPR; the transaction's ST is the segment before.
        index = rows["segment"][i]
        need = self.located.require
        return Payment(
            trace_number=need(_text(rows["trace_number"][i]), index, "a TRN segment (trace)"),
            originator=_text(rows["payer_identifier"][i]) or "",
            amount_cents=need(_cents(rows["total_payment_amount"][i]), index, "BPR02"),
            credit_debit=_text(rows["credit_debit_flag"][i]) or "C",
            method=_text(rows["payment_method"][i]),
            handling=_text(rows["handling_code"][i]),
            payment_date=_date(rows["payment_date"][i]),
            production_date=_date(rows["production_date"][i]),
            payer_name=_text(rows["payer_name"][i]),
            payer_id=_text(rows["payer_id"][i]),
            payee_name=_text(rows["payee_name"][i]),
            payee_id=_text(rows["payee_id"][i]),
            claims=tuple(claims),
            provider_adjustments=tuple(self._plb(j) for j in plb),
            segment=index,
        )

    def _plb(self, j: int) -> ProviderAdjustment:
        rows = self.plb_rows
        index = rows["segment"][j]
        need = self.located.require
        return ProviderAdjustment(
            provider_id=_text(rows["provider_id"][j]) or "",
            reason=need(_text(rows["reason_code"][j]), index, "a PLB reason code"),
            amount_cents=need(_cents(rows["amount"][j]), index, "a PLB amount"),
            fiscal_period_end=_date(rows["fiscal_period_date"][j]),
            reference=_text(rows["reference_id"][j]),
            segment=index + 1,
        )


def _date(value: date | None) -> date | None:
    return value


def _children(rows: dict[str, list[Any]], parent: str, count: int) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in range(count)]
    for i, owner in enumerate(rows[parent]):
        if owner is not None:
            children[owner].append(i)
    return children


def iter_payments(reader: OxediRemittanceReader, paths: Sequence[Path]) -> Iterator[Payment]:
    """Every payment of ``paths`` in order (a convenience for benchmarks)."""
    for path in paths:
        yield from reader.read_file(path)
