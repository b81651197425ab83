"""The market explorer: a billing code's negotiated rates in a region (percentiles, each
as % of Medicare), each payer, a rate against the market, and the chart."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.market.rate_query import RateQuery
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
from accord.errors import ValidationError
from accord.services.market_explorer import MarketView, explore_market, market_chart_document

__all__ = ["BILLING_CLASSES", "MarketPage", "MarketQueryText", "router"]

router = APIRouter()

BILLING_CLASSES = ("professional", "institutional")
_STATS = (("min", "Min"), ("p10", "P10"), ("p25", "P25"), ("p50", "Median (P50)"),
          ("p75", "P75"), ("p90", "P90"), ("max", "Max"))  # fmt: skip
Text = Annotated[str, Query(max_length=80)]


class MarketQueryText(BaseModel):
    """The query as typed (kept in the form)."""

    code: str = ""
    modifier: str = ""
    region: str = ""
    payer: str = ""
    billing_class: str = ""
    my_rate: str = ""


class StatRow(BaseModel):
    key: str
    label: str
    value: float
    percent_of_medicare: float | None


class PayerRow(BaseModel):
    payer: str
    count: int
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    p50_percent_of_medicare: float | None


class MarketPage(BaseModel):
    market_dir: str
    loaded: bool
    rows: int
    codes: int
    payers: int
    files: int
    fee_schedule: bool
    fee_schedule_demo: bool = False
    """Whether the loaded fee schedule is the demo subset (8 therapy codes, Montana)."""
    query: MarketQueryText
    asked: bool
    """Whether a billing code was asked for (and the query was valid)."""
    count: int | None = None
    stats: list[StatRow] = []
    medicare: float | None = None
    by_payer: list[PayerRow] = []
    my_rate: float | None = None
    my_rate_percentile: float | None = None
    """Share of the market's rates at or below ``my_rate``, 0–100."""
    my_rate_percent_of_medicare: float | None = None
    chart: str | None = None
    """Address of the distribution chart (SVG), when some rate matched."""


def _query(text: MarketQueryText) -> tuple[RateQuery | None, float | None]:
    """The typed query, or None without a code; ValidationError names the field."""
    form = Form(text.model_dump())
    code = form.text("code").upper()
    my_rate = form.number("my_rate")
    if my_rate is not None and my_rate < 0:
        raise ValidationError("a rate cannot be negative", field="my_rate")
    billing_class = form.optional("billing_class")
    if billing_class is not None and billing_class not in BILLING_CLASSES:
        raise ValidationError(f"choose one of {', '.join(BILLING_CLASSES)}", field="billing_class")
    if not code:
        if any((form.text("modifier"), form.text("region"), form.text("payer"), my_rate)):
            raise ValidationError("give the billing code (for example 97110)", field="code")
        return None, my_rate
    if not code.isalnum() or len(code) > 12:
        raise ValidationError(f"{code!r} is not a billing code (e.g. 97110)", field="code")
    query = RateQuery(
        code, modifier=form.optional("modifier"), region=form.optional("region"),
        payer=form.optional("payer"), billing_class=billing_class,
    )  # fmt: skip
    return query, my_rate


def _page(text: MarketQueryText, view: MarketView, *, asked: bool) -> MarketPage:
    status = view.status
    page = MarketPage(
        market_dir=status["market_dir"], loaded=view.loaded, rows=status["totals"]["rows"],
        codes=status["totals"]["codes"], payers=status["totals"]["payers"],
        files=len(status["files"]), fee_schedule=status["pfs"] is not None,
        fee_schedule_demo=status["pfs_demo"],
        query=text, asked=asked,
    )  # fmt: skip
    report = view.report
    if report is None:
        return page
    page.medicare = report.medicare
    page.my_rate = report.my_rate
    page.my_rate_percent_of_medicare = view.my_rate_percent_of_medicare
    if report.my_rate_rank is not None:
        page.my_rate_percentile = round(report.my_rate_rank * 100, 1)
    if report.market is None:
        return page
    figures = report.market.as_dict()
    page.count = report.market.count
    page.stats = [StatRow(key=k, label=label, value=figures[k],
                          percent_of_medicare=view.percent_of_medicare.get(k))
                  for k, label in _STATS]  # fmt: skip
    page.by_payer = [
        PayerRow(payer=name, count=s.count, p10=s.p10, p25=s.p25, p50=s.p50, p75=s.p75,
                 p90=s.p90, p50_percent_of_medicare=pct.get("p50"))
        for (name, s), pct in zip(report.by_payer, view.payer_percent_of_medicare, strict=True)
    ]  # fmt: skip
    params = {k: v for k, v in text.model_dump().items() if v}
    page.chart = "/market/chart.svg?" + urlencode(params)
    return page


def _explore(accord: Accord, text: MarketQueryText) -> tuple[MarketPage, FormError | None]:
    market = accord.market
    try:
        query, my_rate = _query(text)
        view = explore_market(market, query, my_rate=my_rate)
    except ValidationError as exc:
        return _page(text, explore_market(market, None), asked=False), FormError.of("market", exc)
    return _page(text, view, asked=query is not None), None


@router.get("/market", name="market")
def market_page(
    request: Request, accord: AccordDep, code: Text = "", modifier: Text = "",
    region: Text = "", payer: Text = "", billing_class: Text = "", my_rate: Text = "",
) -> Response:  # fmt: skip
    """The market explorer (JSON twin: ``?format=json``). Without data it says how to
    load some; a query it cannot read comes back with the field marked (422)."""
    text = MarketQueryText(code=code, modifier=modifier, region=region, payer=payer,
                           billing_class=billing_class, my_rate=my_rate)  # fmt: skip
    page, error = _explore(accord, text)
    title = f"Market — {page.query.code.upper()}" if page.asked else "Market explorer"
    return render_page(request, "market.html", page, title=title, error=error,
                       values=text.model_dump(), status_code=422 if error else 200)  # fmt: skip


@router.get("/market/chart.svg", name="market_chart")
def market_chart(
    accord: AccordDep, code: Text = "", modifier: Text = "", region: Text = "",
    payer: Text = "", billing_class: Text = "", my_rate: Text = "",
) -> Response:  # fmt: skip
    """The distribution chart: a P10–P90 whisker and P25–P75 box for all payers, then
    each payer; Medicare's amount and the typed rate as dashed lines."""
    text = MarketQueryText(code=code, modifier=modifier, region=region, payer=payer,
                           billing_class=billing_class, my_rate=my_rate)  # fmt: skip
    query, rate = _query(text)
    if query is None:
        raise ValidationError("give the billing code (for example 97110)", field="code")
    svg = market_chart_document(accord.market, accord.charts, query, my_rate=rate)
    return Response(svg, media_type="image/svg+xml")
