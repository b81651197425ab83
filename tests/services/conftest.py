"""Fixtures of the tests under tests/services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.services import demo
from accord.services.documents import DocumentFormat, RenderedDocument, make_document

Render = Callable[..., RenderedDocument]


@pytest.fixture
def demo_ids(accord: Accord) -> tuple[int, int]:
    """(SNF single case agreement, PT rate renegotiation) on SQLite and PostgreSQL."""
    sca, pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    return sca, pt


@pytest.fixture
def render(accord: Accord) -> Render:
    """Make a document of ``kind`` for a negotiation in ``fmt`` with the wired renderers."""

    def make(
        kind: DocumentKind,
        negotiation_id: int | None,
        fmt: DocumentFormat,
        *,
        patient_name: str | None = None,
        period: tuple[date, date] | None = None,
    ) -> RenderedDocument:
        return make_document(
            accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts,
            accord.clock.now(), kind, negotiation_id, fmt,
            patient_name=patient_name, period=period,
        )  # fmt: skip

    return make
