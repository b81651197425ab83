"""Several small 835 files parsed in one oxedi call, then cut back into each file's batch.

Converting oxedi's Arrow tables into a column batch has a fixed cost per call — six
tables, two dozen columns — of about 2 ms, as much as the parse of a 77 kB file: a
year of small files paid it once per file. oxedi reads consecutive interchanges (ISA …
IEA, ISA … IEA) in one buffer, so files with the same delimiters are joined, parsed
and converted once, and the batch is cut at each file's first segment: every file gets
exactly the batch it would get alone, its segments numbered from its own ISA.

Any doubt sends every file of the run to be read alone, which then reports its own
error with its own segment as ever: a structural finding or a missing value anywhere
in the joined parse, a file whose first segment is not where its bytes say, children
out of order. So a malformed file costs its run a second parse, and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.adapters.remittance.segments import SegmentLocator
from accord.domain.remittance_batch import MaybeInts, RemittanceBatch

if TYPE_CHECKING:
    import oxedi

__all__ = ["RUN_BYTES", "parsed_together", "read_jointly"]

_ISA_LENGTH = 106
_SPACE = b" \t\r\n"

#: Reads one file alone (the way every file of a run is read when the run is in doubt).
ReadAlone = Callable[[], Iterator[RemittanceBatch]]

#: Most bytes of 835 parsed in one call (as much as ingest stores in one group): oxedi's
#: index and tables grow with what it is given. The batches of every run are returned
#: at once, so a caller gives a group's files, not a year's.
RUN_BYTES = 4 << 20


def _delimiters(data: bytes) -> bytes | None:
    """The ISA's delimiters (element, repetition, component, terminator) of a file that
    can be joined to others: an interchange from its first byte, ending with its
    terminator, which is not a blank (else counting segments would be unsure)."""
    if not data.startswith(b"ISA") or len(data) < _ISA_LENGTH:
        return None
    terminator = data[_ISA_LENGTH - 1 : _ISA_LENGTH]
    if terminator in _SPACE or not data.endswith(terminator):
        return None
    return data[3:4] + data[82:83] + data[_ISA_LENGTH - 2 : _ISA_LENGTH]


def read_jointly(
    items: Sequence[tuple[bytes | None, ReadAlone]],
    *,
    spec: oxedi.Spec,
    run_bytes: int = RUN_BYTES,
) -> list[Iterator[RemittanceBatch]]:
    """Each file's batches, in order, as its ``read_alone()`` would give them (errors
    raised while iterating). ``items`` are each file's bytes (None: a file to read alone,
    too big to join) and what reads it alone; consecutive files with the same delimiters
    are parsed together, about ``run_bytes`` at a time."""
    out: list[Iterator[RemittanceBatch]] = []
    run: list[tuple[bytes, ReadAlone]] = []
    run_key: bytes | None = None
    size = 0
    for raw, read_alone in items:
        data = b"" if raw is None else raw.rstrip(_SPACE)
        key = _delimiters(data)
        if key is None or key != run_key or size + len(data) > run_bytes:
            out.extend(_run(run, spec))
            run, run_key, size = [], key, 0
        size += len(data)
        if key is None:
            out.append(read_alone())
        else:
            run.append((data, read_alone))
    out.extend(_run(run, spec))
    return out


def _run(run: list[tuple[bytes, ReadAlone]], spec: oxedi.Spec) -> list[Iterator[RemittanceBatch]]:
    if len(run) < 2:
        return [read_alone() for _, read_alone in run]
    batches = parsed_together([data for data, _ in run], spec)
    if batches is None:
        return [read_alone() for _, read_alone in run]
    return [iter([batch]) for batch in batches]


def parsed_together(datas: list[bytes], spec: oxedi.Spec) -> list[RemittanceBatch] | None:
    """Each file's batch from one parse of ``datas`` joined, or None if in any doubt."""
    import oxedi

    from accord.adapters.remittance.oxedi_tables import batch_of_tables
    from accord.errors import InputFileError

    joined = b"".join(datas)
    terminator = datas[0][_ISA_LENGTH - 1 : _ISA_LENGTH]
    counts = [data.count(terminator) for data in datas]
    firsts = np.cumsum([0, *counts])  # each file's first segment, and the end
    try:
        parsed = oxedi.parse(joined, spec=spec)
        if any(finding.level == 1 for finding in parsed.diagnostics):
            return None
        document = parsed.document
        at = 0
        for first, data in zip(firsts[:-1].tolist(), datas, strict=True):
            segment = document[first]
            if segment.id != b"ISA" or segment.span[0] != at:
                return None
            at += len(data)
        batch = batch_of_tables([parsed.tables], SegmentLocator(joined, name="joined"))
    except (oxedi.ParseError, ValueError, IndexError, InputFileError):
        return None
    if not _in_file_order(batch):
        return None
    starts = np.searchsorted(batch.payments.segment, firsts)
    return [
        _payments_between(batch, int(starts[k]), int(starts[k + 1]), int(firsts[k]))
        for k in range(len(datas))
    ]


def _in_file_order(batch: RemittanceBatch) -> bool:
    """Rows and their parents both in file order: a file's rows are then one slice."""
    columns = (
        batch.payments.segment,
        batch.claims.payment,
        batch.lines.claim,
        batch.adjustments.claim,
        batch.provider_adjustments.payment,
    )
    return all(bool((np.diff(c) >= 0).all()) for c in columns)


def _sliced(table: Any, start: int, stop: int, shift: int, **parents: int) -> Any:
    """Rows ``start:stop`` of a column table, segments moved back by ``shift`` and each
    ``parents`` column counted from the given parent row (its -1s kept)."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(table):
        column = getattr(table, field.name)
        if isinstance(column, MaybeInts):
            values[field.name] = MaybeInts(column.values[start:stop], column.missing[start:stop])
        elif field.name == "segment":
            values[field.name] = column[start:stop] - shift
        elif field.name in parents:
            part = column[start:stop]
            values[field.name] = np.where(part >= 0, part - parents[field.name], part)
        else:
            values[field.name] = column[start:stop]
    return type(table)(**values)


def _payments_between(batch: RemittanceBatch, p0: int, p1: int, shift: int) -> RemittanceBatch:
    """Payments ``p0:p1`` of ``batch`` with their children, numbered from ``shift``."""
    c, ln, a, plb = batch.claims, batch.lines, batch.adjustments, batch.provider_adjustments
    c0, c1 = np.searchsorted(c.payment, [p0, p1]).tolist()
    l0, l1 = np.searchsorted(ln.claim, [c0, c1]).tolist()
    a0, a1 = np.searchsorted(a.claim, [c0, c1]).tolist()
    b0, b1 = np.searchsorted(plb.payment, [p0, p1]).tolist()
    return RemittanceBatch(
        _sliced(batch.payments, p0, p1, shift),
        _sliced(c, c0, c1, shift, payment=p0),
        _sliced(ln, l0, l1, shift, claim=c0),
        _sliced(a, a0, a1, shift, claim=c0, line=l0),
        _sliced(plb, b0, b1, shift, payment=p0),
    )
