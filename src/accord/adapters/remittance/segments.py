"""Where a segment of an X12 file is: its 1-based number, id and byte offset.

The streaming parse keeps no index of the file, so an error finds its segment again by
counting segment terminators from the start: a pass over the bytes that only a failing
file pays for.
"""

from __future__ import annotations

import mmap

from accord.errors import InputFileError

__all__ = ["SegmentLocator"]

_ISA_LENGTH = 106  # ISA is fixed-width: its terminator is the 106th byte
_SPACE = b" \t\r\n"


class SegmentLocator:
    """Builds :class:`InputFileError` naming the segment at a 0-based index of ``data``."""

    def __init__(self, data: bytes | mmap.mmap, *, name: str) -> None:
        self.data = data
        self.name = name
        head = bytes(data[: _ISA_LENGTH + 8])
        self.start = len(head) - len(head.lstrip(_SPACE))
        isa = head[self.start :]
        #: ISA11, the repetition separator (5010), when it is one.
        self.repetition: bytes | None = None
        if isa.startswith(b"ISA") and len(isa) >= _ISA_LENGTH:
            self.element = isa[3:4]
            self.component = isa[_ISA_LENGTH - 2 : _ISA_LENGTH - 1]
            self.terminator = isa[_ISA_LENGTH - 1 : _ISA_LENGTH]
            repetition = isa[82:83]
            if not repetition.isalnum() and repetition not in (b" ", self.element):
                self.repetition = repetition
        else:  # a bare ST..SE set: the default delimiters
            self.element = isa[2:3] or b"*"
            self.component = b":"
            self.terminator = b"~"

    def _find(self, index: int) -> tuple[int, bytes] | None:
        position = self.start
        for _ in range(index):
            found = self.data.find(self.terminator, position)
            if found < 0:
                return None
            position = found + 1
        while position < len(self.data) and self.data[position : position + 1] in (
            b" ", b"\t", b"\r", b"\n",
        ):  # fmt: skip
            position += 1
        if position >= len(self.data):
            return None
        end = self.data.find(self.terminator, position)
        body = bytes(self.data[position : end if end >= 0 else position + 80])
        return position, body.split(self.element, 1)[0][:3]

    def error(self, index: int | None, message: str) -> InputFileError:
        """The error ``message`` at segment ``index`` (0-based), or at the end of the file."""
        found = None if index is None else self._find(index)
        if index is None or found is None:
            return InputFileError(f"end of file: {message}", path=self.name)
        offset, segment_id = found
        label = segment_id.decode("latin-1") or "empty"
        return InputFileError(
            f"segment {index + 1} ({label}): {message}", path=self.name, offset=offset
        )

    def segment_id(self, index: int | None) -> bytes | None:
        """The id (``NM1``, ``SVC``…) of segment ``index``, if the file has it."""
        found = None if index is None else self._find(index)
        return None if found is None else found[1]
