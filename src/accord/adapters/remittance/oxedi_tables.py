"""oxedi's tables of one transaction, converted into Accord's domain payments.

oxedi projects an 835 into flat tables (payments, claims, services, adjustments,
provider adjustments, remarks) whose rows refer to their parents by row number, counted
over the whole file; in a streamed batch (one transaction) they start where the batch
starts, so every reference is taken relative to its parent table's first row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import oxedi
import pyarrow as pa
import pyarrow.compute as pc

from accord.adapters.remittance.segments import SegmentLocator
from accord.domain.remittance import (
    Adjustment,
    Claim,
    Payment,
    ProviderAdjustment,
    ServiceLine,
)

__all__ = ["assemble_payments"]


def assemble_payments(tables: Sequence[oxedi.Tables], located: SegmentLocator) -> list[Payment]:
    """The payments of ``tables``: a whole parse, or consecutive streamed batches of one
    file (their row numbers count over the whole file, so they join end to end)."""
    return _Assembler(tables, located).payments()


class _Columns:
    """The columns of one oxedi table that we read, converted in Arrow, not row by row.

    Only the named columns are converted: patient names and member ids stay in oxedi's
    buffers and never become Python objects. Amounts become integer cents and codes
    text in one vectorised step per column, which is most of the reader's speed.
    """

    def __init__(self, tables: Sequence[oxedi.Tables], name: str, located: SegmentLocator) -> None:
        parts = [pa.RecordBatchReader.from_stream(t[name]).read_all() for t in tables]
        self.table = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
        self.located = located
        self.segment: list[int] = self.table.column("segment").to_pylist()
        self.size = len(self.segment)
        rows = self.table.column("row")
        self.base: int = rows[0].as_py() if len(rows) else 0

    def refs(self, name: str, parent: _Columns) -> list[int | None]:
        """The parent row of each row, counted from the parent table's first row."""
        base = parent.base
        return [None if v is None else v - base for v in self.values(name)]

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
        column = self.table.column(name)
        if pa.types.is_date32(column.type):
            # Through numpy's datetime64 (missing dates are NaT, which becomes None):
            # 15× faster than Arrow's own conversion of dates to Python.
            return column.to_numpy().astype(object).tolist()  # type: ignore[no-any-return]
        return column.to_pylist()  # type: ignore[no-any-return]


class _Assembler:
    """Turns oxedi's flat tables (rows referring to their parents) into nested payments."""

    def __init__(self, tables: Sequence[oxedi.Tables], located: SegmentLocator) -> None:
        self.tables = tables
        self.located = located

    def _table(self, name: str) -> _Columns:
        return _Columns(self.tables, name, self.located)

    def payments(self) -> list[Payment]:
        lines_table = self._table("services")
        claims_table = self._table("claims")
        by_line, by_claim = self._adjustments(lines_table, claims_table)
        lines = self._lines(lines_table, by_line)
        lines_by_claim = _children(lines_table.refs("claim", claims_table), claims_table.size)
        claims = self._claims(claims_table, by_claim, lines, lines_by_claim)
        return self._payments(claims_table, claims)

    def _adjustments(
        self, lines: _Columns, claims: _Columns
    ) -> tuple[list[list[Adjustment]], list[list[Adjustment]]]:
        t = self._table("adjustments")
        by_line: list[list[Adjustment]] = [[] for _ in range(lines.size)]
        by_claim: list[list[Adjustment]] = [[] for _ in range(claims.size)]
        rows = zip(
            t.text("group_code", required="a group code in CAS01"),
            t.text("reason_code", required="a reason code in the CAS"),
            t.cents("amount", required="an amount in the CAS"),
            t.values("quantity"),
            t.segment,
            t.refs("claim", claims),
            t.refs("service", lines),
            strict=True,
        )
        for group, reason, amount, quantity, index, claim, service in rows:
            adjustment = Adjustment(group, reason, amount, quantity, index + 1)
            if service is None:
                assert claim is not None  # oxedi's CAS rows always sit in a claim
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
        modifiers = self._modifiers(t)
        # Most lines carry no remark code: they share one empty tuple.
        remarks: list[tuple[str, ...]] = [()] * t.size
        r = self._table("remarks")
        for service, code in zip(r.refs("service", t), r.text("code"), strict=True):
            if service is not None and code:
                remarks[service] = (*remarks[service], code)
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
            ServiceLine(code, charge, paid, qualifier or "", mods, units, allowed, day,
                        control, remark, tuple(adjusted), index + 1)
            for code, charge, paid, qualifier, mods, units, allowed, day, control, remark,
            adjusted, index in rows
        ]  # fmt: skip

    @staticmethod
    def _modifiers(t: _Columns) -> list[tuple[str, ...]]:
        """SVC01-3..6 of each line; the columns of modifiers no line has are skipped."""
        present = [
            t.text(f"modifier_{n}")
            for n in range(1, 5)
            if t.table.column(f"modifier_{n}").null_count < t.size
        ]
        if not present:
            return [()] * t.size
        return [tuple(m for m in mods if m) for mods in zip(*present, strict=True)]

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
        claims_by_payment = _children(claims_table.refs("payment", t), t.size)
        plb_by_payment = _children(p.refs("payment", t), t.size)
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
