"""A worklist row marked by its key moves exactly the lines its ids would have moved,
nothing outside its period, and leaves the stored roll-ups equal to a recompute; its ids
are read a page at a time on demand. On the demo's year, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from accord.adapters.store.tables import economics_lines, economics_underpaid
from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import Actor
from accord.domain.audit import AuditSource
from accord.domain.economics.underpayments import Tolerance
from accord.errors import PermissionDeniedError, ValidationError
from accord.services import underpayment_worklist as worklist
from accord.services.audit_ports import acting_as
from accord.services.demo_economics import load_demo_economics
from accord.services.economics_ports import UnderpaidGroupKey
from accord.services.economics_refresh import refresh_economics

# below the default ($1 and 2%): rows the roll-up does not hold, grouped from the lines
LOOSE = Tolerance(Decimal("0.50"), Decimal("0.5"))


def _rollup(app: Accord) -> set[tuple[Any, ...]]:
    with app.store.engine.connect() as connection:
        return {tuple(r) for r in connection.execute(sa.select(economics_underpaid))}


def _recomputed(app: Accord) -> set[tuple[Any, ...]]:
    """The worklist roll-up rebuilt from every line (stored: equal when it was right)."""
    with app.store.unit_of_work() as uow:
        uow.economics_rollup.refresh_rollups(None)
        uow.commit()
    return _rollup(app)


def _period(app: Accord) -> tuple[date, date]:
    """A period inside the demo's year (which follows today's date), cutting its rows."""
    with app.store.engine.connect() as connection:
        first, last = connection.execute(
            sa.select(sa.func.min(economics_lines.c.day), sa.func.max(economics_lines.c.day))
        ).one()
    return first + timedelta(days=100), last - timedelta(days=120)


def _statuses(app: Accord) -> dict[int, str]:
    with app.store.unit_of_work() as uow:
        return {int(k): v for k, v in uow.economics.statuses().items()}


def _worklist(app: Accord, **kw: Any) -> Any:
    return worklist.underpayment_worklist(
        app.store.unit_of_work, app.medicare_prices, line_ids=True, **kw
    )


def _rows(w: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (g.group.payer, g.group.code, g.group.reason, g.status.value, g.group.lines,
         g.group.line_ids, g.group.expected, g.group.allowed)
        for g in w.groups
    )  # fmt: skip


def _key(g: Any) -> UnderpaidGroupKey:
    return UnderpaidGroupKey(g.group.payer, g.group.code, g.group.reason, g.status.value)


@pytest.fixture
def demo(accord: Accord) -> Accord:
    load_demo_economics(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock, accord.demo_remittances
    )
    refresh_economics(accord.store.unit_of_work, accord.medicare_prices)
    return accord


@pytest.mark.parametrize("tolerance", [Tolerance(), LOOSE], ids=["default", "loose"])
def test_marking_a_row_marks_exactly_the_lines_its_ids_would(
    demo: Accord, tolerance: Tolerance
) -> None:
    app, uow = demo, demo.store.unit_of_work
    start, end = _period(app)
    before = _worklist(app, start=start, end=end, tolerance=tolerance)
    assert before.groups
    row = max(before.groups, key=lambda g: g.group.lines)
    ids = {int(i) for i in row.group.line_ids}
    assert len(ids) == row.group.lines > 1
    # the ids on demand, a page at a time, are the row's
    paged: list[int] = []
    while len(paged) < row.group.lines:
        page = worklist.underpayment_group_lines(
            uow, app.medicare_prices, _key(row), start=start, end=end, tolerance=tolerance,
            offset=len(paged), limit=3,
        )  # fmt: skip
        assert page.total == row.group.lines and page.line_ids
        paged += page.line_ids
    assert paged == sorted(ids)

    marked = worklist.mark_underpayment_group(
        uow, app.medicare_prices, app.clock, _key(row), "appealed",
        start=start, end=end, tolerance=tolerance,
    )  # fmt: skip
    assert marked == len(ids)
    assert {i for i, s in _statuses(app).items() if s == "appealed"} == ids
    assert _rollup(app) == _recomputed(app)
    whole = _rows(_worklist(app, tolerance=tolerance))
    assert whole != _rows(_worklist(app, start=start, end=end, tolerance=tolerance))

    # the same change by line ids gives the same worklist, over the year too (so nothing
    # outside the period moved either way)
    back = worklist.mark_underpayment_group(
        uow, app.medicare_prices, app.clock,
        UnderpaidGroupKey(row.group.payer, row.group.code, row.group.reason, "appealed"), "new",
        start=start, end=end, tolerance=tolerance,
    )  # fmt: skip
    assert back == len(ids)
    assert _rows(_worklist(app, start=start, end=end, tolerance=tolerance)) == _rows(before)
    worklist.mark_underpayments(uow, app.clock, sorted(ids), "appealed")
    assert _rows(_worklist(app, tolerance=tolerance)) == whole
    assert _rollup(app) == _recomputed(app)


def test_a_row_moved_already_marks_nothing_and_bad_keys_are_refused(demo: Accord) -> None:
    app, uow = demo, demo.store.unit_of_work
    [row, *_] = _worklist(app).groups
    key = _key(row)
    n = worklist.mark_underpayment_group(uow, app.medicare_prices, app.clock, key, "recovered")
    assert n == row.group.lines
    rollup = _rollup(app)
    # a second click on the stale page: the row is no longer new, nothing moves
    assert (
        worklist.mark_underpayment_group(uow, app.medicare_prices, app.clock, key, "appealed") == 0
    )
    assert _rollup(app) == rollup == _recomputed(app)
    assert set(_statuses(app).values()) == {"recovered"}
    with pytest.raises(ValidationError, match="status among"):
        worklist.mark_underpayment_group(uow, app.medicare_prices, app.clock, key, "paid")
    blank = UnderpaidGroupKey(" ", row.group.code, row.group.reason, "new")
    with pytest.raises(ValidationError, match="row's payer"):
        worklist.mark_underpayment_group(uow, app.medicare_prices, app.clock, blank, "appealed")
    with pytest.raises(ValidationError, match="limit"):
        worklist.underpayment_group_lines(uow, app.medicare_prices, key, limit=0)


def test_the_worklist_reads_no_line_ids_unless_asked(demo: Accord) -> None:
    w = worklist.underpayment_worklist(demo.store.unit_of_work, demo.medicare_prices)
    assert w.groups
    assert all(g.group.line_ids == () and g.group.lines > 0 for g in w.groups)
    with_ids = _worklist(demo)
    assert [g.group.lines for g in w.groups] == [len(g.group.line_ids) for g in with_ids.groups]


def test_a_viewer_moves_no_row(demo: Accord) -> None:
    app, uow = demo, demo.store.unit_of_work
    [row, *_] = _worklist(app).groups
    rollup, statuses = _rollup(app), _statuses(app)
    viewer = AuditSource(Actor(40, "pat-viewer", Role.VIEWER), "req-7", "10.0.0.9")
    with acting_as(viewer), pytest.raises(PermissionDeniedError):
        worklist.mark_underpayment_group(uow, app.medicare_prices, app.clock, _key(row), "appealed")
    assert (_rollup(app), _statuses(app)) == (rollup, statuses)
