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
from pathlib import Path
from typing import Any

import oxedi
import pyarrow as pa
import pyarrow.compute as pc

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


class _Columns:
    """The columns of one oxedi table that we read, converted in Arrow, not row by row.

    Only the named columns are converted: patient names and member ids stay in oxedi's
    buffers and never become Python objects. Amounts become integer cents and codes
    text in one vectorised step per column, which is most of the reader's speed.
    """

    def __init__(self, tables: oxedi.Tables, name: str, located: _Located) -> None:
        self.table = pa.RecordBatchReader.from_stream(tables[name]).read_all()
        self.located = located
        self.segment: list[int] = self.table.column("segment").to_pylist()
        self.size = len(self.segment)

    def _required(self, column: pa.ChunkedArray, what: str) -> None:
        if column.null_count:
            first = pc.index(pc.is_null(column), True).as_py()
            raise self.located.error(
                self.segment[first], f"expected {what}, found nothing readable"
            )

    def text(self, name: str, *, required: str | None = None) -> list[Any]:
        column = self.table.column(name)
        if required:
            self._required(column, required)
        try:
            return column.cast(pa.string()).to_pylist()  # type: ignore[no-any-return]
        except pa.ArrowInvalid:  # not UTF-8: X12's extended character set is Latin-1
            return [None if v is None else v.decode("latin-1") for v in column.to_pylist()]

    def cents(self, name: str, *, required: str | None = None) -> list[Any]:
        column = self.table.column(name)
        if required:
            self._required(column, required)
        # X12 amounts have at most 18 digits: float64 holds every cent exactly.
        scaled = pc.round(pc.multiply(column.cast(pa.float64()), 100.0))
        return scaled.cast(pa.int64()).to_pylist()  # type: ignore[no-any-return]

    def values(self, name: str) -> list[Any]:
        return self.table.column(name).to_pylist()  # type: ignore[no-any-return]


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
        self.tables = tables
        self.located = located

    def _table(self, name: str) -> _Columns:
        return _Columns(self.tables, name, self.located)

    def payments(self) -> list[Payment]:
        lines_table = self._table("services")
        claims_table = self._table("claims")
        by_line, by_claim = self._adjustments(lines_table.size, claims_table.size)
        lines = self._lines(lines_table, by_line)
        lines_by_claim = _children(lines_table.values("claim"), claims_table.size)
        claims = self._claims(claims_table, by_claim, lines, lines_by_claim)
        return self._payments(claims_table, claims)

    def _adjustments(
        self, line_count: int, claim_count: int
    ) -> tuple[list[list[Adjustment]], list[list[Adjustment]]]:
        t = self._table("adjustments")
        by_line: list[list[Adjustment]] = [[] for _ in range(line_count)]
        by_claim: list[list[Adjustment]] = [[] for _ in range(claim_count)]
        rows = zip(
            t.text("group_code", required="a group code in CAS01"),
            t.text("reason_code", required="a reason code in the CAS"),
            t.cents("amount", required="an amount in the CAS"),
            t.values("quantity"),
            t.segment,
            t.values("claim"),
            t.values("service"),
            strict=True,
        )
        for group, reason, amount, quantity, index, claim, service in rows:
            adjustment = Adjustment(group, reason, amount, quantity, index + 1)
            if service is None:
                by_claim[claim].append(adjustment)
            else:
                by_line[service].append(adjustment)
        return by_line, by_claim

    def _lines(self, t: _Columns, adjustments: list[list[Adjustment]]) -> list[ServiceLine]:
        codes = t.text("procedure_code")
        qualifiers = t.text("procedure_qualifier")
        for i, code in enumerate(codes):
            if not code:
                raise self.located.error(
                    t.segment[i],
                    "expected SVC01 as qualifier, component separator (ISA16), code; "
                    f"found no code in {qualifiers[i]!r}",
                )
        modifiers = zip(*(t.text(f"modifier_{n}") for n in range(1, 5)), strict=True)
        remarks: list[list[str]] = [[] for _ in range(t.size)]
        r = self._table("remarks")
        for service, code in zip(r.values("service"), r.text("code"), strict=True):
            if service is not None and code:
                remarks[service].append(code)
        rows = zip(
            codes,
            t.cents("charge_amount", required="a charge in SVC02"),
            t.cents("payment_amount", required="a payment in SVC03"),
            qualifiers,
            modifiers,
            t.values("units_paid"),
            t.cents("allowed_amount"),
            t.values("service_date"),
            t.text("line_item_control_number"),
            remarks,
            adjustments,
            t.segment,
            strict=True,
        )
        return [
            ServiceLine(code, charge, paid, qualifier or "",
                        tuple(m for m in mods if m), units, allowed, day, control,
                        tuple(remark), tuple(adjusted), index + 1)
            for code, charge, paid, qualifier, mods, units, allowed, day, control, remark,
            adjusted, index in rows
        ]  # fmt: skip

    def _claims(
        self,
        t: _Columns,
        adjustments: list[list[Adjustment]],
        lines: list[ServiceLine],
        lines_by_claim: list[list[int]],
    ) -> list[Claim]:
        rows = zip(
            t.text("claim_id", required="a claim number in CLP01"),
            t.text("claim_status", required="a status in CLP02"),
            t.cents("charge_amount", required="a charge in CLP03"),
            t.cents("payment_amount", required="a payment in CLP04"),
            t.cents("patient_responsibility"),
            t.text("filing_indicator"),
            t.text("facility_type"),
            t.text("frequency_code"),
            t.values("statement_from"),
            t.values("statement_to"),
            t.values("received_date"),
            adjustments,
            lines_by_claim,
            t.segment,
            strict=True,
        )
        return [
            Claim(number, status, charge, paid, patient or 0, filing, facility, frequency,
                  start, end, received, tuple(adjusted), tuple(lines[j] for j in owned),
                  index + 1)
            for number, status, charge, paid, patient, filing, facility, frequency, start,
            end, received, adjusted, owned, index in rows
        ]  # fmt: skip

    def _payments(self, claims_table: _Columns, claims: list[Claim]) -> list[Payment]:
        t = self._table("payments")
        p = self._table("provider_adjustments")
        plb = [
            ProviderAdjustment(provider or "", reason, amount, period, reference, index + 1)
            for provider, reason, amount, period, reference, index in zip(
                p.text("provider_id"),
                p.text("reason_code", required="a PLB reason code"),
                p.cents("amount", required="a PLB amount"),
                p.values("fiscal_period_date"),
                p.text("reference_id"),
                p.segment,
                strict=True,
            )
        ]
        claims_by_payment = _children(claims_table.values("payment"), t.size)
        plb_by_payment = _children(p.values("payment"), t.size)
        rows = zip(
            t.text("trace_number", required="a TRN segment (trace number)"),
            t.cents("total_payment_amount", required="BPR02"),
            t.text("payer_identifier"),
            t.text("credit_debit_flag"),
            t.text("payment_method"),
            t.text("handling_code"),
            t.values("payment_date"),
            t.values("production_date"),
            t.text("payer_name"),
            t.text("payer_id"),
            t.text("payee_name"),
            t.text("payee_id"),
            claims_by_payment,
            plb_by_payment,
            t.segment,
            strict=True,
        )
        # The payments row points at BPR; the transaction's ST is the segment before it,
        # whose 1-based number is the BPR's 0-based index.
        return [
            Payment(trace, amount, originator or "", flag or "C", method, handling, paid_on,
                    produced, payer, payer_id, payee, payee_id,
                    tuple(claims[j] for j in owned), tuple(plb[j] for j in adjusted), index)
            for trace, amount, originator, flag, method, handling, paid_on, produced, payer,
            payer_id, payee, payee_id, owned, adjusted, index in rows
        ]  # fmt: skip


def _children(owners: list[int | None], count: int) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in range(count)]
    for i, owner in enumerate(owners):
        if owner is not None:
            children[owner].append(i)
    return children


def iter_payments(reader: OxediRemittanceReader, paths: Sequence[Path]) -> Iterator[Payment]:
    """Every payment of ``paths`` in order (a convenience for benchmarks)."""
    for path in paths:
        yield from reader.read_file(path)
