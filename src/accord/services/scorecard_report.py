"""Use case: the payer scorecard as a document (DOCX or PDF) for a period.

The figures are the scorecard service's own (:func:`accord.services.scorecards.
payer_scorecard`), called through its function only, so that the report, ``accord payer
scorecard``, the page and the CSV always agree::

    rendered = make_scorecard_document(accord.store.unit_of_work, accord.medicare_prices,
                                       accord.renderers, accord.templates, accord.charts,
                                       now, DocumentFormat.PDF, start=date(2026, 1, 1),
                                       end=date(2026, 12, 31))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from accord.domain.document_wording import Wording
from accord.domain.documents import (
    Block,
    Document,
    DocumentKind,
    Figure,
    Letterhead,
    Paragraph,
    Section,
    Table,
)
from accord.domain.economics.scorecard import PayerScore
from accord.domain.organisations import OrganisationKind
from accord.errors import ConfigurationError, ValidationError
from accord.services.chart_ports import Charts
from accord.services.contract_ports import MedicarePriceSource
from accord.services.document_parts import dollars, filled_clauses, long_date, template_metadata
from accord.services.document_templates import DocxTemplateEngine, organisation_wording
from accord.services.documents import (
    DocumentFormat,
    DocumentRenderer,
    DocumentTemplates,
    RenderedDocument,
    document_filename,
)
from accord.services.ports import UnitOfWork, UnitOfWorkFactory
from accord.services.scorecards import Scorecard, payer_scorecard

__all__ = [
    "RATES_HEADER",
    "SERVICE_HEADER",
    "make_scorecard_document",
    "our_organisation",
    "rate_row",
    "scorecard_document",
    "service_row",
]

RATES_HEADER = ("#", "Payer", "Revenue", "Visits", "Units", "Paid per visit",
                "Paid per unit", "% of Medicare")  # fmt: skip
SERVICE_HEADER = ("#", "Payer", "Claims", "Days to pay", "Denial rate",
                  "Top denial reasons", "Underpaid (open)", "Patient share")  # fmt: skip
_HUNDRED = Decimal(100)


def _pct(share: Decimal | None) -> str:
    return "—" if share is None else f"{share * _HUNDRED:.1f}%"


def rate_row(s: PayerScore) -> tuple[str, ...]:
    """A payer's revenue and rates, as the report prints them."""
    per_visit = dollars(s.paid_per_visit) if s.paid_per_visit is not None else "—"
    per_unit = dollars(s.paid_per_unit) if s.paid_per_unit is not None else "—"
    return (str(s.rank), s.payer, dollars(s.revenue), f"{s.visits:,}", f"{s.units:,}",
            per_visit, per_unit, _pct(s.medicare_share))  # fmt: skip


def service_row(s: PayerScore) -> tuple[str, ...]:
    """A payer's speed, denials, underpayments and patient share, as printed."""
    days = "—" if s.days_to_pay is None else f"{s.days_to_pay:.1f}"
    reasons = "; ".join(f"{reason} ×{n}" for reason, n in s.top_denial_reasons) or "—"
    return (str(s.rank), s.payer, f"{s.claims:,}", days, _pct(s.denial_rate), reasons,
            dollars(s.underpaid), _pct(s.patient_share))  # fmt: skip


def _period(card: Scorecard) -> str:
    if card.start is None and card.end is None:
        return "all stored remittances"
    first = long_date(card.start) if card.start else "the first remittance"
    last = long_date(card.end) if card.end else "the last remittance"
    return f"{first} to {last}"


def scorecard_document(
    card: Scorecard,
    wording: Wording,
    charts: Charts,
    now: datetime,
    *,
    organisation: str,
) -> Document:
    """The scorecard report of ``card``: ranked tables, two charts, per-code figures."""
    name = wording.organisation_name or organisation
    values = {
        "organisation": name, "counterparty": "—", "title": "Payer scorecard",
        "kind": "payer scorecard", "today": long_date(now), "deadline": "—",
        "signer": wording.signer_name, "patient_ref": "—", "payment_days": "30",
    }  # fmt: skip
    wording.check(values)
    period = _period(card)
    payers = card.payers
    summary: list[Block] = []
    intro = wording.clause("introduction", values)
    if intro:
        summary.append(Paragraph(intro))
    sections: list[Section] = []
    if not payers:
        summary.append(Paragraph(f"No remittances are stored for {period}."))
        sections.append(Section("Summary", summary))
    else:
        sections += _payer_sections(payers, summary, charts)
    method = wording.clause("method", values)
    if method:
        sections.append(Section("How the figures are counted", [Paragraph(method)]))
    return Document(
        DocumentKind.SCORECARD,
        "Payer scorecard",
        letterhead=Letterhead(name, wording.letterhead_lines, wording.logo),
        subtitle=f"{period} · prepared {long_date(now)}",
        sections=sections,
        footer=f"{name} · payer scorecard · {period}",
        metadata=template_metadata(values, wording),
        clauses=filled_clauses(wording, values),
    )


def _payer_sections(
    payers: list[PayerScore], summary: list[Block], charts: Charts
) -> list[Section]:
    """The summary (``summary`` and the totals), the ranked tables and charts, the codes."""
    revenue = sum((s.revenue for s in payers), Decimal(0))
    visits = sum(s.visits for s in payers)
    underpaid = sum((s.underpaid for s in payers), Decimal(0))
    summary.append(Paragraph(
        f"{len(payers)} payers paid {dollars(revenue)} for {visits:,} visits; "
        f"{dollars(underpaid)} of underpayments are open. Lowest paid per unit: "
        f"{payers[0].payer}."
    ))  # fmt: skip
    return [
        Section("Summary", summary),
        Section("Payers ranked by paid per unit (lowest first)", [
            Table(RATES_HEADER, tuple(rate_row(s) for s in payers),
                  caption="Revenue and rates", numeric=frozenset({0, 2, 3, 4, 5, 6, 7})),
            Table(SERVICE_HEADER, tuple(service_row(s) for s in payers),
                  caption="Speed, denials and underpayments",
                  numeric=frozenset({0, 2, 3, 4, 6, 7})),
            *_charts(payers, charts),
        ]),
        Section("Paid per code", [Table(
            ("Payer", "Code", "Units", "Paid", "Paid per unit"),
            tuple((s.payer, c.code, f"{c.units:,}", dollars(c.paid),
                   dollars(c.paid_per_unit) if c.paid_per_unit is not None else "—")
                  for s in payers for c in s.codes),
            caption="Each payer's codes", numeric=frozenset({2, 3, 4}),
        )]),
    ]  # fmt: skip


def _charts(payers: list[PayerScore], charts: Charts) -> list[Block]:
    blocks: list[Block] = []
    figures = (
        ("Paid per unit", [(s.payer, s.paid_per_unit) for s in payers]),
        ("Paid per visit", [(s.payer, s.paid_per_visit) for s in payers]),
    )
    for title, values in figures:
        bars = [(payer, float(v)) for payer, v in values if v is not None]
        if bars:
            blocks.append(Figure(charts.price_bars_svg(title, bars),
                                 f"{title} by payer, in dollars, ranked as the table"))  # fmt: skip
    return blocks


def our_organisation(uow: UnitOfWork) -> str:
    """The practice's name: our organisation that negotiates rates (not case management)."""
    with uow:
        ours = list(uow.organisations.list(OrganisationKind.OURS))
        if len(ours) > 1:
            practices = {n.our_org_id for n in uow.negotiations.list()
                         if not n.kind.is_case_management}  # fmt: skip
            ours = [o for o in ours if o.id in practices] or ours
    return ours[0].name if ours else "Our practice"


def make_scorecard_document(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    renderers: Mapping[DocumentFormat, DocumentRenderer],
    templates: DocumentTemplates,
    charts: Charts,
    now: datetime,
    fmt: DocumentFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    docx_templates: DocxTemplateEngine | None = None,
) -> RenderedDocument:
    """The scorecard over ``start``..``end`` (either may be open) as DOCX or PDF."""
    if start is not None and end is not None and start > end:
        raise ValidationError("the period ends before it starts", field="to")
    renderer = renderers.get(fmt)
    if renderer is None:
        raise ConfigurationError(f"no {fmt.value.upper()} renderer is configured")
    card = payer_scorecard(uow_factory, medicare, start=start, end=end)
    wording = organisation_wording(uow_factory(), templates, DocumentKind.SCORECARD)
    document = scorecard_document(
        card, wording, charts, now, organisation=our_organisation(uow_factory())
    )
    content: bytes | None = None
    if fmt is DocumentFormat.DOCX and docx_templates is not None:
        with uow_factory() as uow:
            template = uow.document_templates.docx_template(DocumentKind.SCORECARD)
        if template is not None:
            content = docx_templates.fill(template, document)
    return RenderedDocument(
        content=renderer.render(document) if content is None else content,
        media_type=renderer.media_type,
        filename=document_filename(DocumentKind.SCORECARD, None, now, fmt),
    )
