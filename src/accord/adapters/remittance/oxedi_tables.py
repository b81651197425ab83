"""oxedi's tables of consecutive transactions, converted into a domain column batch.

oxedi projects an 835 into flat Arrow tables (payments, claims, services, adjustments,
provider adjustments, remarks) whose rows refer to their parents by row number, counted
over the whole file; in a streamed batch they start where the batch starts, so every
reference is taken relative to its parent table's first row.

Each column is converted whole (no Python object per row for amounts, dates and row
numbers): amounts are read straight from Arrow's decimal buffers as integer cents,
dates become ``datetime64[D]``, text becomes lists. Only the columns we keep are
touched: patient names and member ids stay in oxedi's buffers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import oxedi
import pyarrow as pa
import pyarrow.compute as pc

from accord.adapters.remittance.segments import SegmentLocator
from accord.domain.remittance_batch import (
    AdjustmentColumns,
    Bools,
    ClaimColumns,
    Dates,
    Ints,
    LineColumns,
    MaybeInts,
    PaymentColumns,
    ProviderAdjustmentColumns,
    RemittanceBatch,
)

__all__ = ["batch_of_tables"]


def batch_of_tables(
    tables: Sequence[oxedi.Tables], located: SegmentLocator, *, shift: int = 0
) -> RemittanceBatch:
    """The payments of ``tables`` as one batch: a whole parse, or consecutive streamed
    batches of one file (their row numbers count over the whole file, so they join end
    to end); ``shift`` segments of the file come before what was parsed. Raises
    :class:`~accord.errors.InputFileError` naming the segment where a required value
    is missing."""
    return _Converter(tables, located, shift).batch()


class _Columns:
    """The columns of one oxedi table that we read, each converted in one step."""

    def __init__(
        self, tables: Sequence[oxedi.Tables], name: str, located: SegmentLocator, shift: int
    ) -> None:
        parts = [pa.RecordBatchReader.from_stream(t[name]).read_all() for t in tables]
        self.table = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
        self.located = located
        # oxedi counts segments from 0; the domain numbers them from 1.
        self.index: Ints = self._ints(self.table.column("segment")) + shift
        self.segment: Ints = self.index + 1
        self.size = len(self.index)
        rows = self.table.column("row")
        self.base: int = rows[0].as_py() if len(rows) else 0

    @staticmethod
    def _ints(column: pa.ChunkedArray) -> Ints:
        return np.asarray(column.to_numpy(), dtype=np.int64)

    def refs(self, name: str, parent: _Columns) -> Ints:
        """The parent row of each row, counted from the parent table's first row (-1: none)."""
        values = self._ints(pc.fill_null(self.table.column(name), -1))
        return np.where(values >= 0, values - parent.base, -1)

    def _required(self, missing: Bools, what: str) -> None:
        if missing.any():
            first = int(np.argmax(missing))
            raise self.located.error(
                int(self.index[first]), f"expected {what}, found nothing readable"
            )

    def _missing(self, column: pa.ChunkedArray) -> Bools:
        if column.null_count == 0:
            return np.zeros(len(column), dtype=np.bool_)
        return np.asarray(column.is_null().to_numpy(), dtype=np.bool_)

    def text(self, name: str, *, required: str | None = None) -> list[Any]:
        column = self.table.column(name)
        if required:
            self._required(self._missing(column), required)
        try:
            return column.cast(pa.string()).to_pylist()  # type: ignore[no-any-return]
        except pa.ArrowInvalid:  # not UTF-8: X12's extended character set is Latin-1
            return [None if v is None else v.decode("latin-1") for v in column.to_pylist()]

    def maybe_hundredths(self, name: str) -> MaybeInts:
        """A decimal column in hundredths (cents for amounts), exactly: the unscaled
        integers of Arrow's decimal128 buffer, without a float or a Python Decimal."""
        column = self.table.column(name)
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        if array.type.scale != 2:
            array = array.cast(pa.decimal128(38, 2))
        count = len(array)
        missing = self._missing(column)
        if count == 0:
            return MaybeInts(np.zeros(0, dtype=np.int64), missing)
        start = 2 * array.offset
        words = np.frombuffer(array.buffers()[1], dtype="<i8", count=start + 2 * count)[start:]
        low, high = words[0::2], words[1::2]
        # A value fits in 64 bits when the high word only repeats the low word's sign.
        too_big = (high != (low >> 63)) & ~missing
        if too_big.any():
            raise self.located.error(
                int(self.index[int(np.argmax(too_big))]), f"{name} is too large an amount"
            )
        return MaybeInts(np.where(missing, 0, low).astype(np.int64), missing)

    def cents(self, name: str, *, required: str | None = None) -> Ints:
        found = self.maybe_hundredths(name)
        if required:
            self._required(found.missing, required)
        return found.values

    def dates(self, name: str) -> Dates:
        column = self.table.column(name)
        if len(column) == 0:
            return np.zeros(0, dtype="datetime64[D]")
        # Missing dates become NaT.
        return np.asarray(column.to_numpy(), dtype="datetime64[D]")


class _Converter:
    def __init__(self, tables: Sequence[oxedi.Tables], located: SegmentLocator, shift: int) -> None:
        self.tables = tables
        self.located = located
        self.shift = shift

    def _table(self, name: str) -> _Columns:
        return _Columns(self.tables, name, self.located, self.shift)

    def _owned(self, t: _Columns, refs: Ints, what: str) -> Ints:
        if (refs < 0).any():
            first = int(np.argmax(refs < 0))
            raise self.located.error(int(t.index[first]), f"expected this segment inside {what}")
        return refs

    def batch(self) -> RemittanceBatch:
        payments, claims, lines = (
            self._table("payments"),
            self._table("claims"),
            self._table("services"),
        )
        line_claim = self._owned(lines, lines.refs("claim", claims), "a claim (CLP)")
        # In this order, so that a file with several faults names the same one as ever.
        adjustments = self._adjustments(claims, lines, line_claim)
        line_columns = self._lines(lines, line_claim)
        claim_columns = self._claims(claims, payments)
        plb = self._provider_adjustments(payments)
        return RemittanceBatch(
            self._payments(payments), claim_columns, line_columns, adjustments, plb
        )

    def _payments(self, t: _Columns) -> PaymentColumns:
        return PaymentColumns(
            segment=t.index,  # the BPR's 0-based index is the ST's 1-based number
            amount_cents=t.cents("total_payment_amount", required="BPR02"),
            trace_number=t.text("trace_number", required="a TRN segment (trace number)"),
            originator=[v or "" for v in t.text("payer_identifier")],
            credit_debit=[v or "C" for v in t.text("credit_debit_flag")],
            method=t.text("payment_method"),
            handling=t.text("handling_code"),
            payment_date=t.dates("payment_date"),
            production_date=t.dates("production_date"),
            payer_name=t.text("payer_name"),
            payer_id=t.text("payer_id"),
            payee_name=t.text("payee_name"),
            payee_id=t.text("payee_id"),
        )

    def _claims(self, t: _Columns, payments: _Columns) -> ClaimColumns:
        return ClaimColumns(
            payment=self._owned(t, t.refs("payment", payments), "a transaction (ST)"),
            segment=t.segment,
            charge_cents=t.cents("charge_amount", required="a charge in CLP03"),
            paid_cents=t.cents("payment_amount", required="a payment in CLP04"),
            patient_responsibility_cents=t.cents("patient_responsibility"),
            claim_number=t.text("claim_id", required="a claim number in CLP01"),
            status=t.text("claim_status", required="a status in CLP02"),
            filing_indicator=t.text("filing_indicator"),
            facility_type=t.text("facility_type"),
            frequency=t.text("frequency_code"),
            statement_from=t.dates("statement_from"),
            statement_to=t.dates("statement_to"),
            received=t.dates("received_date"),
        )

    def _lines(self, t: _Columns, claim: Ints) -> LineColumns:
        codes = t.text("procedure_code")
        qualifiers = t.text("procedure_qualifier")
        if not all(codes):
            i = next(i for i, code in enumerate(codes) if not code)
            raise self.located.error(
                int(t.index[i]),
                "expected SVC01 as qualifier, component separator (ISA16), code; "
                f"found no code in {qualifiers[i]!r}",
            )
        charge = t.cents("charge_amount", required="a charge in SVC02")
        paid = t.cents("payment_amount", required="a payment in SVC03")
        # Most lines carry no remark code: they share one empty tuple.
        remarks: list[tuple[str, ...]] = [()] * t.size
        r = self._table("remarks")
        for service, code in zip(r.refs("service", t).tolist(), r.text("code"), strict=True):
            if service >= 0 and code:
                remarks[service] = (*remarks[service], code)
        return LineColumns(
            claim=claim,
            segment=t.segment,
            charge_cents=charge,
            paid_cents=paid,
            allowed_cents=t.maybe_hundredths("allowed_amount"),
            units_hundredths=t.maybe_hundredths("units_paid"),
            code=codes,
            qualifier=[q or "" for q in qualifiers],
            modifiers=self._modifiers(t),
            service_date=t.dates("service_date"),
            control_number=t.text("line_item_control_number"),
            remark_codes=remarks,
        )

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
        if len(present) == 1:  # the common case: one modifier (GP, 59…) or none
            return [(m,) if m else () for m in present[0]]
        return [tuple(m for m in mods if m) for mods in zip(*present, strict=True)]

    def _adjustments(
        self, claims: _Columns, lines: _Columns, line_claim: Ints
    ) -> AdjustmentColumns:
        t = self._table("adjustments")
        line = t.refs("service", lines)
        claim = t.refs("claim", claims)
        # A line's CAS belongs to the line's claim, whatever the row says.
        claim = np.where(
            line >= 0, line_claim[np.maximum(line, 0)] if len(line_claim) else -1, claim
        )
        return AdjustmentColumns(
            claim=self._owned(t, claim, "a claim (CLP)"),
            line=line,
            segment=t.segment,
            amount_cents=t.cents("amount", required="an amount in the CAS"),
            quantity_hundredths=t.maybe_hundredths("quantity"),
            group=t.text("group_code", required="a group code in CAS01"),
            reason=t.text("reason_code", required="a reason code in the CAS"),
        )

    def _provider_adjustments(self, payments: _Columns) -> ProviderAdjustmentColumns:
        t = self._table("provider_adjustments")
        return ProviderAdjustmentColumns(
            payment=self._owned(t, t.refs("payment", payments), "a transaction (ST)"),
            segment=t.segment,
            amount_cents=t.cents("amount", required="a PLB amount"),
            provider_id=[v or "" for v in t.text("provider_id")],
            reason=t.text("reason_code", required="a PLB reason code"),
            fiscal_period_end=t.dates("fiscal_period_date"),
            reference=t.text("reference_id"),
        )
