"""A big 835 file cut into runs of whole transactions (ST..SE), so that memory stays flat.

oxedi indexes every segment of what it is given before it yields anything (its stream
too): on a 77 MB file that is 150 MB more at once. So a big file is cut here, at the
start of a transaction set about every ``chunk_bytes``, and each run of sets is parsed
on its own as bare sets with the interchange's delimiters. What lies between the runs'
sets — the envelope: ISA, GS, GE, IEA — is checked here instead (GE01 against the sets
of its group, IEA present): a cut or malformed file fails as it would whole.

Each chunk carries ``shift``, the number of segments before it in the file, so that its
segments (counted from 0 in the chunk) are located in the file.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from dataclasses import dataclass

from accord.adapters.remittance.segments import SegmentLocator

__all__ = ["Chunk", "chunks_of"]

_SPACE = b" \t\r\n"


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive whole transaction sets: their bytes and the segments before them."""

    data: bytes
    shift: int


class _Cutter:
    def __init__(self, data: bytes | mmap.mmap, located: SegmentLocator) -> None:
        self.data = data
        self.located = located
        self.term = located.terminator
        self.set_start = b"ST" + located.element

    def _segment_start(self, position: int) -> bool:
        """Whether ``position`` starts a segment: only a terminator and blanks before it."""
        before = position - 1
        if before < self.located.start or self.data[before : before + 1] == self.term:
            return True  # checked first: the terminator may itself be a blank ("\n")
        while before >= self.located.start and self.data[before : before + 1] in (
            b" ", b"\t", b"\r", b"\n",
        ):  # fmt: skip
            before -= 1
        return before < self.located.start or self.data[before : before + 1] == self.term

    def _next(self, marker: bytes, position: int, stop: int = -1) -> int:
        stop = len(self.data) if stop < 0 else stop
        while (found := self.data.find(marker, position, stop)) >= 0:
            if self._segment_start(found):
                return found
            position = found + 1
        return -1

    def next_set(self, position: int) -> int:
        """The offset of the first transaction set (ST) at or after ``position``, or -1."""
        return self._next(self.set_start, position)

    def group_end(self, start: int, stop: int) -> int:
        """The offset of the first GE between ``start`` and ``stop``, or -1 (searched in
        that range only: a search to the end of the file would read all of it)."""
        return self._next(b"GE" + self.located.element, start, stop)

    def count_sets(self, start: int, end: int) -> int:
        """How many transaction sets (ST segments) start between ``start`` and ``end``."""
        count, position = 0, start
        while 0 <= (position := self.next_set(position)) < end:
            count, position = count + 1, position + 1
        return count

    def sets_end(self, start: int, stop: int) -> int:
        """The end of the last SE segment between ``start`` and ``stop`` (``stop`` if the
        sets run to it: a cut file, whose last set the parse will fault)."""
        marker = b"SE" + self.located.element
        position = stop
        while (found := self.data.rfind(marker, start, position)) >= 0:
            if self._segment_start(found):
                end = self.data.find(self.term, found)
                return stop if end < 0 or end >= stop else end + 1
            position = found
        return stop


class _Envelope:
    """Checks the segments between runs of sets: groups (GS..GE) and the interchange."""

    def __init__(self, located: SegmentLocator) -> None:
        self.located = located
        self.sets_in_group = 0
        self.groups = 0
        self.group_open = False
        self.closed = False

    def check(self, gap: bytes, first_index: int) -> None:
        element = self.located.element
        parts = gap.split(self.located.terminator)
        for number, raw in enumerate(parts[:-1] if not parts[-1].strip() else parts):
            segment = raw.strip(_SPACE)
            if not segment:
                continue
            index = first_index + number
            fields = segment.split(element)
            declared = fields[1].decode("latin-1") if len(fields) > 1 else ""
            if fields[0] == b"GS":
                self.group_open, self.sets_in_group = True, 0
                self.groups += 1
            elif fields[0] == b"GE":
                if declared != str(self.sets_in_group):
                    raise self.located.error(
                        index,
                        f'GE01 declares "{declared}" transaction sets, the group has '
                        f"{self.sets_in_group}",
                    )
                self.group_open = False
            elif fields[0] == b"IEA":
                if declared != str(self.groups):
                    raise self.located.error(
                        index,
                        f'IEA01 declares "{declared}" groups, the interchange has {self.groups}',
                    )
                self.closed = True
            elif fields[0] != b"ISA":
                raise self.located.error(
                    index, "expected a transaction set (ST) or the envelope (GE, GS, IEA)"
                )

    def finish(self) -> None:
        if self.group_open or not self.closed:
            raise self.located.error(None, "expected GE and IEA closing the interchange")


def chunks_of(
    data: bytes | mmap.mmap, located: SegmentLocator, *, chunk_bytes: int, bare: bool
) -> Iterator[Chunk]:
    """Runs of whole transaction sets of ``data`` of about ``chunk_bytes`` each (at least
    one set), in order; raises :class:`InputFileError` where the envelope is wrong."""
    cut = _Cutter(data, located)
    envelope = _Envelope(located)
    term = located.terminator
    start = cut.next_set(located.start)
    if start < 0:
        raise located.error(None, "expected at least one ST*835 transaction, found none")
    shift = bytes(data[located.start : start]).count(term)
    if not bare:
        envelope.check(bytes(data[located.start : start]), 0)
    while start >= 0:
        following = cut.next_set(start + max(chunk_bytes, 1))
        group_end = -1 if bare else cut.group_end(start, len(data) if following < 0 else following)
        if group_end >= 0:
            # A chunk never spans two groups: it ends with its group's last set.
            following = cut.next_set(group_end)
        stop = len(data) if following < 0 else following
        end = cut.sets_end(start, stop if group_end < 0 or group_end > stop else group_end)
        chunk = bytes(data[start:end])
        envelope.sets_in_group += cut.count_sets(start, end)
        yield Chunk(chunk, shift)
        shift += chunk.count(term)
        if not bare:
            gap = bytes(data[end:stop])
            envelope.check(gap, shift)
            shift += gap.count(term)
        start = following
    if not bare:
        envelope.finish()
