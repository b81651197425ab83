"""The outcome space split in two halves, for exact questions without enumeration.

A package is a *prefix* (levels of the first terms) followed by a *suffix* (levels of
the others); its index is ``prefix × suffixes + suffix``. The engine's utility of a
package is a left-to-right floating-point sum over the terms (see
:meth:`OutcomeSpace.utilities`), so it equals the prefix's partial sum followed by the
suffix's terms. Every floating-point addition is monotone, hence for a fixed suffix the
utility never decreases as the prefix's partial sum grows. Sorting the prefixes by
their partial sum turns each threshold question — which packages with this suffix
reach utility ``r``? which lie within ``tol`` of a target? — into a binary search over
about √N prefixes whose answer is exact to the last bit, with no tolerance. Counting
the packages acceptable to both sides then becomes dominance counting over prefixes:
the prefixes are cut into √-sized blocks, whole blocks are read from a table of counts
by rank and only the ends of a range are scanned.

Work and memory grow with about √N per suffix, never with N: a space of 10⁸ packages
is split into ~10⁴ prefixes × ~10⁴ suffixes; matrices are built in slices of at most
``_CELLS`` entries.

>>> import numpy as np
>>> from accord.domain.engine.preferences import Preferences
>>> from accord.domain.engine.scenario import Scenario
>>> from accord.domain.engine.space import OutcomeSpace
>>> from accord.domain.engine.terms import categorical_term
>>> space = OutcomeSpace((categorical_term("a", ["x", "y"]), categorical_term("b", ["p", "q"])))
>>> p = Preferences(np.array([0.5, 0.5]), (np.array([1.0, 0.0]), np.array([0.0, 1.0])), 0.5)
>>> SplitSpace.of(Scenario("s", space, p, p)).count_acceptable(0.5, 0.5)  # all but (y, p)
3
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray
from accord.domain.engine.values import FloatArray

__all__ = ["SplitSpace", "SuffixBlock"]

BoolArray = npt.NDArray[np.bool_]

_CELLS = 1 << 21
"""Largest suffixes × (prefix block or terms) matrix built at once (16 MB of floats)."""


@dataclass(frozen=True, slots=True, eq=False)
class SuffixBlock:
    """Consecutive suffixes and their terms' weighted values, one column per term."""

    start: int
    ours: FloatArray
    theirs: FloatArray

    @property
    def suffixes(self) -> IntArray:
        """Suffix numbers of the block's rows."""
        return np.arange(self.start, self.start + self.ours.shape[0], dtype=np.int64)


def _fold(partial: FloatArray, terms: FloatArray) -> FloatArray:
    """Add the suffix terms to prefix partial sums left to right, as the full grid does."""
    out = partial
    for t in range(terms.shape[1]):
        out = out + terms[:, t]
    return out


def _first_true(n: int, rows: int, test: Callable[[IntArray], BoolArray]) -> IntArray:
    """Per row, the first position in ``0..n`` where a monotone test turns true (n: never)."""
    lo = np.zeros(rows, dtype=np.int64)
    hi = np.full(rows, n, dtype=np.int64)
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        ok = test(np.minimum(mid, n - 1))
        hi = np.where(active & ok, mid, hi)
        lo = np.where(active & ~ok, mid + 1, lo)


@dataclass(frozen=True, slots=True, eq=False)
class SplitSpace:
    """Both sides' prefix partial sums, sorted, and the suffix terms' weighted values."""

    scenario: Scenario
    cut: int
    prefixes: int
    suffixes: int
    order: IntArray
    """Prefix numbers sorted by our partial sum (ties by prefix number)."""
    ours_sorted: FloatArray
    """Our partial sums in ``order``."""
    theirs_in_order: FloatArray
    """Their partial sums in ``order``."""
    theirs_sorted: FloatArray
    """Their partial sums, ascending."""
    block: int
    """Size of the blocks that ``theirs_in_order`` is cut into for counting."""
    blocks_order: IntArray
    """Each block's positions (within the block) sorted by their partial sum."""
    at_least: npt.NDArray[np.int32]
    """``at_least[b, r]``: entries of blocks ``b, b+1, …`` whose partial sum of theirs
    has rank ``r`` or more in ``theirs_sorted`` (rank: the count of smaller sums)."""
    windows: FloatArray
    """``windows[p]``: a view of ``block`` partial sums of theirs from position ``p``
    (-inf past the end)."""

    @classmethod
    def of(cls, scenario: Scenario) -> SplitSpace:
        """Split where the prefix count is closest to the suffix count."""
        shape = scenario.space.shape
        n = scenario.space.cardinality
        cut, best, size = 0, float(n), 1
        for t in range(len(shape) + 1):
            if max(size, n // size) < best:
                cut, best = t, max(size, n // size)
            if t < len(shape):
                size *= shape[t]
        ours = _partial_sums(scenario.ours, shape[:cut])
        theirs = _partial_sums(scenario.theirs, shape[:cut])
        order = np.argsort(ours, kind="stable").astype(np.int64)
        in_order = theirs[order]
        p = order.shape[0]
        theirs_sorted = np.sort(theirs)
        # blocks of about √P entries, fewer when the rank table would pass _CELLS
        block = max(1, int(np.ceil(np.sqrt(p))), -(-p * (p + 1) // _CELLS))
        count = -(-p // block)
        padded = np.full(count * block, -np.inf)
        padded[:p] = in_order
        blocks_order = np.argsort(padded.reshape(-1, block), axis=1, kind="stable")
        rank = np.searchsorted(theirs_sorted, in_order, side="left")
        cell = np.arange(p, dtype=np.int64) // block * (p + 1) + rank
        hist = np.bincount(cell, minlength=count * (p + 1)).reshape(count, p + 1)
        at_least = np.zeros((count + 1, p + 1), dtype=np.int32)
        rising = np.cumsum(np.flip(hist), axis=0, dtype=np.int32)
        at_least[:count] = np.flip(np.cumsum(rising, axis=1, dtype=np.int32))
        windows = np.lib.stride_tricks.sliding_window_view(
            np.concatenate([in_order, np.full(block, -np.inf)]), block
        )
        return cls(
            scenario=scenario,
            cut=cut,
            prefixes=p,
            suffixes=n // p,
            order=order,
            ours_sorted=ours[order],
            theirs_in_order=in_order,
            theirs_sorted=theirs_sorted,
            block=block,
            blocks_order=blocks_order.astype(np.int64),
            at_least=at_least,
            windows=windows,
        )

    def suffix_blocks(self) -> Iterator[SuffixBlock]:
        """All suffixes in blocks small enough that per-block matrices stay ~16 MB."""
        space = self.scenario.space
        shape = space.shape[self.cut :]
        width = max(self.block, len(shape), 1)
        rows = max(1, _CELLS // width)
        for start in range(0, self.suffixes, rows):
            idx = np.arange(start, min(self.suffixes, start + rows), dtype=np.int64)
            digits = np.unravel_index(idx, shape) if shape else ()
            yield SuffixBlock(
                start,
                _suffix_terms(self.scenario.ours, self.cut, digits, idx.shape[0]),
                _suffix_terms(self.scenario.theirs, self.cut, digits, idx.shape[0]),
            )

    def first_ours(self, blk: SuffixBlock, test: Callable[[FloatArray], BoolArray]) -> IntArray:
        """Per suffix, the first sorted prefix position whose package passes ``test``.

        ``test`` must be monotone in our utility (false, then true).
        """
        rows = blk.ours.shape[0]
        return _first_true(
            self.prefixes, rows, lambda pos: test(_fold(self.ours_sorted[pos], blk.ours))
        )

    def their_threshold(self, blk: SuffixBlock, reservation: float) -> FloatArray:
        """Per suffix, the smallest partial sum of theirs reaching ``reservation`` (inf: none).

        A prefix with that suffix is acceptable to them exactly when its partial sum is
        at least the threshold.
        """
        rows = blk.theirs.shape[0]
        pos = _first_true(
            self.prefixes,
            rows,
            lambda p: _fold(self.theirs_sorted[p], blk.theirs) >= reservation,
        )
        padded = np.append(self.theirs_sorted, np.inf)
        out: FloatArray = padded[pos]
        return out

    def count_from(self, start: IntArray, threshold: FloatArray) -> IntArray:
        """Per row, positions ``p >= start`` of ``order`` whose partial sum of theirs is
        at least ``threshold``: whole blocks from the rank table, the rest scanned."""
        m = self.block
        first = start // m
        rank = np.searchsorted(self.theirs_sorted, threshold, side="left")
        whole = self.at_least[np.minimum(first + 1, self.at_least.shape[0] - 1), rank]
        out: IntArray = whole.astype(np.int64)
        for r in range(0, start.shape[0], self._rows):
            part = slice(r, r + self._rows)
            hit = self._hits(start[part], (first[part] + 1) * m, threshold[part])
            out[part] += np.count_nonzero(hit, axis=1)
        return out

    @property
    def _rows(self) -> int:
        """Rows scanned at once, so that a rows × block matrix stays within _CELLS."""
        return max(1, _CELLS // self.block)

    def _hits(self, lo: IntArray, hi: IntArray, threshold: FloatArray) -> BoolArray:
        """Per row, which of the ``block`` positions from ``lo`` lie before ``hi`` and
        hold a partial sum of theirs at least ``threshold``."""
        width = np.minimum(hi, self.prefixes) - lo
        vals = self.windows[np.minimum(lo, self.prefixes)]
        inside = np.arange(self.block)[None, :] < width[:, None]
        hit: BoolArray = inside & (vals >= threshold[:, None])
        return hit

    def count_acceptable(self, ours: float, theirs: float) -> int:
        """Packages with our utility ≥ ``ours`` and theirs ≥ ``theirs``, exactly."""
        count = 0
        for blk in self.suffix_blocks():
            start = self.first_ours(blk, lambda u: u >= ours)
            count += int(self.count_from(start, self.their_threshold(blk, theirs)).sum())
        return count

    def listing(
        self, start: IntArray, stop: IntArray, threshold: FloatArray, suffixes: IntArray
    ) -> tuple[IntArray, IntArray]:
        """Every (position of ``order``, suffix) with ``start <= position < stop`` and a
        partial sum of theirs at least ``threshold``, in time proportional to the
        output plus √P per row: whole blocks are read from their sorted copies."""
        m = self.block
        first_full = -(-start // m)
        end_full = stop // m
        left_end = np.minimum(stop, first_full * m)
        pos: list[IntArray] = []
        suf: list[IntArray] = []
        for lo, hi in ((start, left_end), (np.maximum(end_full * m, left_end), stop)):
            for r in range(0, lo.shape[0], self._rows):
                part = slice(r, r + self._rows)
                row, col = np.nonzero(self._hits(lo[part], hi[part], threshold[part]))
                pos.append(lo[part][row] + col)
                suf.append(suffixes[part][row])
        rank = np.searchsorted(self.theirs_sorted, threshold, side="left")
        for b in range(self.blocks_order.shape[0]):
            rows = np.flatnonzero((first_full <= b) & (b < end_full))
            if rows.size == 0:
                continue
            at = rank[rows]
            take = (self.at_least[b, at] - self.at_least[b + 1, at]).astype(np.int64)
            total = int(take.sum())
            run = np.repeat(np.cumsum(take) - take, take)
            col = np.repeat(m - take, take) + np.arange(total) - run
            pos.append(b * m + self.blocks_order[b][col])
            suf.append(np.repeat(suffixes[rows], take))
        return np.concatenate(pos), np.concatenate(suf)

    def extremes(self, start: IntArray, stop: IntArray) -> tuple[IntArray, IntArray]:
        """Per non-empty range ``[start, stop)`` of ``order``: the positions of the
        largest and of the smallest partial sum of theirs (sparse tables, O(1) a row)."""
        v = self.theirs_in_order
        n = v.shape[0]
        hi_t = [np.arange(n, dtype=np.int64)]
        lo_t = [np.arange(n, dtype=np.int64)]
        span = 1
        while 2 * span <= n:
            a, b = hi_t[-1], lo_t[-1]
            width = n - 2 * span + 1
            l_hi, r_hi = a[:width], a[span : span + width]
            l_lo, r_lo = b[:width], b[span : span + width]
            hi_t.append(np.where(v[l_hi] >= v[r_hi], l_hi, r_hi))
            lo_t.append(np.where(v[l_lo] <= v[r_lo], l_lo, r_lo))
            span *= 2
        level = np.floor(np.log2(np.maximum(stop - start, 1))).astype(np.int64)
        hi = np.empty(start.shape[0], dtype=np.int64)
        lo = np.empty(start.shape[0], dtype=np.int64)
        for lv in range(len(hi_t)):
            rows = np.flatnonzero(level == lv)
            s, e = start[rows], stop[rows] - (1 << lv)
            a, b = hi_t[lv][s], hi_t[lv][e]
            hi[rows] = np.where(v[a] >= v[b], a, b)
            a, b = lo_t[lv][s], lo_t[lv][e]
            lo[rows] = np.where(v[a] <= v[b], a, b)
        return hi, lo

    def kth_distance(self, target: float, m: int) -> float:
        """The ``m``-th smallest ``|our utility − target|`` over every package (the
        largest when there are fewer).

        For a fixed suffix the distance only grows moving away from the target along
        the sorted prefixes, so the ``m`` nearest of each suffix lie within ``m``
        positions either side of it, and a package outside those windows is never
        nearer than the ``m``-th candidate.
        """
        best = np.zeros(0)
        reach = np.arange(-m, m)[None, :]
        for blk in self.suffix_blocks():
            start = self.first_ours(blk, lambda u: u - target >= 0)
            rows = max(1, _CELLS // (2 * m))
            for r in range(0, start.shape[0], rows):
                pos = start[r : r + rows, None] + reach
                inside = (pos >= 0) & (pos < self.prefixes)
                u = self.ours_sorted[np.clip(pos, 0, self.prefixes - 1)]
                for t in range(blk.ours.shape[1]):
                    u = u + blk.ours[r : r + rows, t, None]
                best = np.concatenate([best, np.abs(u - target)[inside]])
                if best.shape[0] > m:
                    best = np.partition(best, m - 1)[:m]
        return float(best.max())

    def packages(self, positions: IntArray, suffixes: IntArray) -> IntArray:
        """Package indices of (sorted prefix position, suffix) pairs."""
        return self.order[positions] * self.suffixes + suffixes


def _partial_sums(prefs: Preferences, shape: tuple[int, ...]) -> FloatArray:
    """Utility of every prefix over its terms, summed exactly as the full grid sums."""
    k = len(shape)
    total: FloatArray = np.zeros((), dtype=np.float64)
    for i in range(k):
        dims = [1] * k
        dims[i] = shape[i]
        total = total + (prefs.weights[i] * prefs.values[i]).reshape(dims)
    return np.ascontiguousarray(np.broadcast_to(total, shape)).reshape(-1)


def _suffix_terms(
    prefs: Preferences, cut: int, digits: tuple[IntArray, ...], rows: int
) -> FloatArray:
    cols = [(prefs.weights[cut + t] * prefs.values[cut + t])[d] for t, d in enumerate(digits)]
    if not cols:
        return np.zeros((rows, 0), dtype=np.float64)
    return np.stack(cols, axis=1)
