"""A vectorised structural index over raw JSON bytes: find top-level array items fast.

Price files are one huge JSON object whose big members are arrays (``in_network``,
``provider_references``). Parsing every byte in Python is slow, so this scanner reads
blocks of a few MB (small enough to stay in cache, in reused scratch arrays), finds
brackets with numpy (``byte | 0x20`` folds ``[``/``{`` and ``]``/``}`` together) and
quotes, masks brackets inside strings by the parity of the quotes before them (escaped
quotes dropped by backslash-run length, only in blocks that have backslashes), takes the
nesting depth by cumulative sum, and reports the byte ranges of the items of the arrays
asked for. Only those ranges are handed to orjson, and
a caller may skip an item without parsing it. Memory stays at about two blocks plus the
largest single item, whatever the file size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import numpy as np
import orjson

from accord.errors import InputFileError

__all__ = ["DEFAULT_BLOCK", "ArrayItem", "TopLevelScanner", "parse_item"]

DEFAULT_BLOCK = 4 << 20

_KEY_BEFORE = re.compile(rb'"((?:[^"\\]|\\.)*)"\s*:\s*$', re.DOTALL)
_WS = b" \t\r\n"


@dataclass(slots=True)
class ArrayItem:
    """One element of a streamed top-level array: its key, raw bytes and byte offset."""

    key: str
    raw: bytes
    offset: int


@dataclass(slots=True)
class _State:
    in_string: bool = False
    escape_next: bool = False
    depth: int = 0
    header_parts: list[bytes] = field(default_factory=list)
    key: str | None = None  # top-level key of the open depth-1 container
    container_start: int = -1  # absolute offset of that container's opening bracket
    item_start: int = -1  # absolute offset of the open depth-2 item
    last_item_end: int = -1  # absolute offset just after the previous item (or the '[')
    header_from: int = 0  # absolute offset from which header bytes are still pending
    root_closed: bool = False
    open_char: bytes = b""


class TopLevelScanner:
    """Stream a JSON object, yielding the items of the top-level arrays named in ``stream``.

    Members named in ``skip`` are passed over without being kept; other members are
    collected into :attr:`header` (a dict, complete once iteration ends; the part before
    the first streamed array is available as soon as its first item is yielded).
    ``wanted(key, raw)`` may return ``False`` to drop an item before it is yielded.
    """

    def __init__(
        self,
        stream: BinaryIO,
        path: str,
        *,
        items_of: frozenset[str],
        skip: frozenset[str] = frozenset(),
        block_size: int = DEFAULT_BLOCK,
    ) -> None:
        self._stream = stream
        self._path = path
        self._items_of = items_of
        self._skip = skip
        self._block = block_size
        self.header: dict[str, Any] = {}
        self.keys_seen: list[str] = []
        self.items_seen = 0
        self._after_root = -1
        self._scratch: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    # -- errors ---------------------------------------------------------------------------
    def _error(self, message: str, offset: int) -> InputFileError:
        return InputFileError(message, path=self._path, offset=offset)

    # -- public ---------------------------------------------------------------------------
    def __iter__(self) -> Iterator[ArrayItem]:
        st = _State()
        buf = b""
        base = 0  # absolute offset of buf[0]
        started = False
        while True:
            chunk = self._stream.read(self._block)
            if not chunk:
                break
            if not started:
                if base == 0 and chunk.startswith(b"\xef\xbb\xbf"):
                    chunk, base = chunk[3:], 3
                stripped = chunk.lstrip(_WS)
                base += len(chunk) - len(stripped)
                chunk = stripped
                if not chunk:
                    continue
                if chunk[:1] != b"{":
                    raise self._error(f"expected a JSON object ('{{'), found {chunk[:20]!r}", base)
                started = True
            scan_from = len(buf)
            buf += chunk
            yield from self._scan(st, buf, base, scan_from)
            # keep only the bytes still needed: an open item, pending header bytes
            needed = [st.item_start, st.last_item_end]
            needed.append(self._after_root if st.root_closed else st.header_from)
            keep = min([x - base for x in needed if x >= 0], default=len(buf))
            keep = max(0, min(keep, len(buf)))
            buf = buf[keep:]
            base += keep
        if not started:
            raise self._error("file is empty: expected a JSON object", 0)
        if st.in_string:
            raise self._error(
                "unexpected end of file inside a string (file truncated?)", base + len(buf)
            )
        if not st.root_closed:
            raise self._error(
                "unexpected end of file: the JSON object is not closed (file truncated?)",
                base + len(buf),
            )
        trailing = buf[max(self._after_root - base, 0) :].strip(_WS)
        if trailing:
            raise self._error("unexpected data after the end of the JSON object", self._after_root)

    # -- the scan -------------------------------------------------------------------------
    def _buffers(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # reused across blocks: fresh multi-MB arrays cost page faults on every block
        if self._scratch is None or self._scratch[0].size < size:
            self._scratch = (
                np.empty(size, dtype=np.uint8),
                np.empty(size, dtype=bool),
                np.empty(size, dtype=bool),
            )
        t, b1, b2 = self._scratch
        return t[:size], b1[:size], b2[:size]

    def _positions(self, st: _State, buf: bytes, start: int) -> tuple[np.ndarray, np.ndarray]:
        """Bracket positions (relative to buf) outside strings, and whether each opens."""
        arr = np.frombuffer(buf, dtype=np.uint8, offset=start)
        folded, brackets, quotes = self._buffers(arr.size)
        # '[' | 0x20 == '{' and ']' | 0x20 == '}': one fold finds both kinds of bracket
        np.bitwise_or(arr, 0x20, out=folded)
        np.equal(folded, 0x7B, out=brackets)
        np.equal(folded, 0x7D, out=quotes)
        np.logical_or(brackets, quotes, out=brackets)
        np.equal(arr, 0x22, out=quotes)
        leading_escape = st.escape_next
        st.escape_next = False
        if leading_escape or buf.find(b"\\", start) >= 0:
            quotes[self._escaped(st, arr, leading_escape)] = False
        inside = self._inside_strings(st, quotes)
        pos = np.flatnonzero(brackets)
        # the bit of each bracket in the packed inside-a-string mask
        bit = np.right_shift(inside[pos >> 3], (pos & 7).astype(np.uint8))
        outside = pos[(bit & 1) == 0]
        return outside + start, folded[outside] == 0x7B

    @staticmethod
    def _inside_strings(st: _State, quotes: np.ndarray) -> np.ndarray:
        """A packed bit mask (little-endian bytes) of the bytes inside strings.

        The parity of the quotes up to each byte is a prefix XOR: within each 64-bit word
        it takes six shift-and-XOR steps, and each word then flips by the parity of all
        the words before it (the running XOR of their top bits), so no per-quote index
        or search is needed. ``st.in_string`` carries the parity across blocks.
        """
        packed = np.packbits(quotes, bitorder="little")
        pad = -packed.size % 8
        if pad:
            packed = np.concatenate((packed, np.zeros(pad, dtype=np.uint8)))
        words = packed.view(np.uint64)
        shifted = np.empty_like(words)
        for step in (1, 2, 4, 8, 16, 32):
            np.left_shift(words, np.uint64(step), out=shifted)
            np.bitwise_xor(words, shifted, out=words)
        parity = np.bitwise_xor.accumulate(words >> np.uint64(63))
        carry = np.empty_like(parity)
        carry[0] = 0
        carry[1:] = parity[:-1]
        if st.in_string:
            carry ^= np.uint64(1)
        st.in_string = bool(parity[-1]) != st.in_string
        words ^= np.uint64(0) - carry  # all ones where the word starts inside a string
        return packed

    def _escaped(self, st: _State, arr: np.ndarray, leading_escape: bool) -> np.ndarray:
        """Positions escaped by an odd run of backslashes (runs may span blocks)."""
        bpos = np.flatnonzero(arr == 0x5C)
        targets: np.ndarray = np.empty(0, dtype=np.int64)
        if bpos.size:
            breaks = np.flatnonzero(np.diff(bpos) != 1)
            run_starts = np.concatenate(([0], breaks + 1))
            run_ends = np.concatenate((breaks, [bpos.size - 1]))
            lengths = run_ends - run_starts + 1
            if leading_escape and bpos[0] == 0:
                lengths[0] -= 1  # its first backslash was escaped by the previous block
            targets = bpos[run_ends[(lengths % 2) == 1]] + 1
            if targets.size and targets[-1] >= arr.size:
                st.escape_next = True
                targets = targets[:-1]
        if leading_escape and arr.size and arr[0] != 0x5C:
            targets = np.concatenate(([0], targets))
        return targets

    def _scan(self, st: _State, buf: bytes, base: int, start: int) -> Iterator[ArrayItem]:
        pos, opens = self._positions(st, buf, start)
        if pos.size == 0:
            return
        delta = np.where(opens, 1, -1)
        after = np.cumsum(delta) + st.depth
        before = after - delta
        if int(after.min()) < 0:
            bad = int(pos[int(np.argmax(after < 0))])
            raise self._error("unexpected closing bracket: more closed than opened", base + bad)
        interesting = np.flatnonzero(np.minimum(before, after) <= 2)
        st.depth = int(after[-1])
        # plain Python ints: indexing numpy arrays element by element is slow
        events = zip(
            pos[interesting].tolist(),
            before[interesting].tolist(),
            after[interesting].tolist(),
            strict=True,
        )
        items_of = self._items_of
        streaming = st.key in items_of
        for rel, b, a in events:
            # items of a streamed array are nearly every event: test for them first
            if b == 2 and a == 3:
                if streaming:  # an item opens
                    gap = buf[st.last_item_end - base : rel].strip(_WS)
                    expected = b"" if st.last_item_end == st.container_start + 1 else b","
                    if gap != expected:
                        raise self._error(
                            f"expected {expected.decode() or 'an item'!r} in '{st.key}', "
                            f"found {gap[:20]!r}",
                            st.last_item_end,
                        )
                    st.item_start = base + rel
                continue
            if a == 2 and b == 3:
                if streaming:  # an item closes
                    start_rel = st.item_start - base
                    st.item_start = -1
                    st.last_item_end = base + rel + 1
                    self.items_seen += 1
                    yield ArrayItem(st.key or "", buf[start_rel : rel + 1], base + start_rel)
                continue
            self._structural_event(st, buf, base, rel, b, a)
            streaming = st.key in items_of

    def _structural_event(
        self, st: _State, buf: bytes, base: int, rel: int, b: int, a: int
    ) -> None:
        """The root and the top-level members opening and closing (rare events)."""
        absolute = base + rel
        char = buf[rel : rel + 1]
        if st.root_closed:
            raise self._error("unexpected data after the end of the JSON object", absolute)
        if b == 0:  # the root opens
            if char != b"{":
                raise self._error("expected a JSON object at the top level", absolute)
            st.header_from = absolute
        elif a == 0:  # the root closes
            if char != b"}":
                raise self._error("expected '}' closing the top-level object", absolute)
            st.header_parts.append(buf[st.header_from - base : rel + 1])
            st.root_closed = True
            self._after_root = absolute + 1
            self._finish_header(st, absolute, partial=False)
        elif b == 1:  # a top-level member's container opens
            window = max(st.header_from - base, rel - 4096, 0)
            m = _KEY_BEFORE.search(buf, window, rel)
            if m is None:
                raise self._error("expected '\"key\":' before this value", absolute)
            st.key = m.group(1).decode("utf-8", "replace")
            st.open_char = char
            self.keys_seen.append(st.key)
            st.container_start = absolute
            if st.key in self._items_of or st.key in self._skip:
                if st.key in self._items_of and char != b"[":
                    raise self._error(f"expected '{st.key}' to be an array", absolute)
                st.header_parts.append(buf[st.header_from - base : rel] + b"null")
                self._finish_header(st, absolute, partial=True)
                st.header_from = -1
                if st.key in self._items_of:
                    st.last_item_end = absolute + 1
        elif a == 1:  # that container closes
            if (st.open_char == b"[") != (char == b"]"):
                raise self._error("mismatched bracket closing a top-level member", absolute)
            key = st.key
            if key in self._items_of:
                gap = buf[st.last_item_end - base : rel].strip(_WS)
                if gap:
                    raise self._error(
                        f"unexpected {gap[:20]!r} at the end of the '{key}' array",
                        st.last_item_end,
                    )
            if key in self._items_of or key in self._skip:
                st.header_from = absolute + 1
            st.key = None
            st.container_start = -1
            st.last_item_end = -1

    def _finish_header(self, st: _State, offset: int, *, partial: bool) -> None:
        text = b"".join(st.header_parts) + (b"}" if partial else b"")
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise self._error(f"malformed top-level member: {exc.msg}", offset) from exc
        if not isinstance(parsed, dict):
            raise self._error("expected a JSON object at the top level", 0)
        for key, value in parsed.items():
            if value is not None or key not in self.header:
                self.header[key] = value


def parse_item(item: ArrayItem, path: str) -> Any:
    """Parse one item's bytes with orjson; malformed JSON becomes :class:`InputFileError`."""
    try:
        return orjson.loads(item.raw)
    except orjson.JSONDecodeError as exc:
        raise InputFileError(
            f"malformed JSON in an '{item.key}' item: {exc.msg}",
            path=path,
            offset=item.offset + exc.pos,
        ) from exc
