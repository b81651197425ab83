"""``accord market query | chart | status``: what the market dataset says.

Each command parses its options, calls :mod:`accord.services.market_reports` and renders
a table, JSON or an SVG; errors are :class:`~accord.errors.AccordError` and print as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from accord.entrypoints.cli.market_options import MARKET_DIR, market_app
from accord.entrypoints.cli.output import (
    RecordTable,
    line,
    print_json,
    record_table,
    stdout_console,
)

if TYPE_CHECKING:
    from accord.domain.market.rate_query import RateQuery
    from accord.services.market_reports import RateReport

__all__ = ["chart", "query", "status"]


def _money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def query(
    billing_code: str = typer.Argument(..., help="Billing code, e.g. 97110."),
    modifier: str | None = typer.Option(None, "--modifier", help="Billing code modifier."),
    region: str | None = typer.Option(
        None,
        "--region",
        help="State (MD), ZIP3 / ZIP (212, 21201), CBSA (cbsa:12580, after "
        "'accord market regions') or county (county:MD:Montgomery: Medicare of its locality).",
    ),
    payer: str | None = typer.Option(None, "--payer", help="Payer name (matched loosely)."),
    billing_class: str | None = typer.Option(
        None, "--billing-class", help="professional | institutional."
    ),
    setting: str | None = typer.Option(None, "--setting", help="inpatient | outpatient."),
    my_rate: float | None = typer.Option(
        None, "--my-rate", help="Your rate: where it falls in the market."
    ),
    by_payer: bool = typer.Option(False, "--by-payer", help="One line per payer."),
    export: Path | None = typer.Option(
        None, "--export", help="Write matching rows to .csv or .parquet."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Percentiles of a code's negotiated rates (and each as % of Medicare)."""
    from accord.domain.market.benchmark import percent_of_medicare
    from accord.domain.market.rate_query import RateQuery
    from accord.services.market_reports import export_rates, rate_report

    market = market_app(market_dir).market
    q = RateQuery(
        billing_code,
        modifier=modifier,
        region=region,
        payer=payer,
        billing_class=billing_class,
        setting=setting,
    )
    report = rate_report(market, q, my_rate=my_rate, per_payer=by_payer)
    out = stdout_console()
    if export is not None:
        n = export_rates(market, q, export)
        out.print(f"wrote {n:,} rows to {export}")
    if as_json:
        print_json(_query_data(q, report, my_rate))
        return
    if report.market is None:
        out.print(f"no rates for {billing_code} match; Medicare: {_money(report.medicare)}")
        raise typer.Exit(1)
    out.print(_rate_table(billing_code, report))
    if my_rate is not None and report.my_rate_rank is not None:
        out.print(
            f"your rate {_money(my_rate)} is at the {report.my_rate_rank * 100:.0f}th percentile "
            f"of this market ({_pct(percent_of_medicare(my_rate, report.medicare))} of Medicare)"
        )


def _query_data(q: RateQuery, report: RateReport, my_rate: float | None) -> dict[str, Any]:
    """``accord market query --json``: the query, the market, Medicare, each payer."""
    bench = report.benchmark()
    return {
        "query": {
            k: getattr(q, k)
            for k in ("billing_code", "modifier", "region", "payer", "billing_class", "setting")
        },
        "market": report.market.as_dict() if report.market else None,
        "medicare": report.medicare,
        "percent_of_medicare": bench.percent_of_medicare() if bench else None,
        "by_payer": [{"payer": p, **s.as_dict()} for p, s in report.by_payer],
        "my_rate": my_rate,
        "my_rate_percentile": None
        if report.my_rate_rank is None
        else round(report.my_rate_rank * 100, 1),
    }


def _rate_table(billing_code: str, report: RateReport) -> RecordTable:
    """The market's percentiles (and each payer's), each with its % of Medicare row."""
    from accord.domain.market.benchmark import percent_of_medicare

    assert report.market is not None
    numbers = ["count", "min", "p10", "p25", "p50", "p75", "p90", "max"]
    table = record_table(
        f"{billing_code} — {report.market.count:,} rates; Medicare {_money(report.medicare)}",
        ["", *numbers],
        right=numbers,
    )
    rows = [("market", report.market), *report.by_payer]
    for label, s in rows:
        values = s.as_dict()
        table.add_row(
            label,
            f"{s.count:,}",
            *(_money(values[k]) for k in ("min", "p10", "p25", "p50", "p75", "p90", "max")),
        )
        if report.medicare:
            table.add_row(
                "  % of Medicare",
                "",
                *(
                    _pct(percent_of_medicare(values[k], report.medicare))
                    for k in ("min", "p10", "p25", "p50", "p75", "p90", "max")
                ),
            )
    return table


def chart(
    billing_code: str = typer.Argument(..., help="Billing code, e.g. 97110."),
    out: Path = typer.Option(..., "--out", "-o", help="SVG file to write."),
    region: str | None = typer.Option(
        None, "--region", help="State (MD), ZIP3 / ZIP, CBSA (cbsa:12580) or county:MD:Name."
    ),
    billing_class: str | None = typer.Option(
        None, "--billing-class", help="professional | institutional."
    ),
    my_rate: float | None = typer.Option(None, "--my-rate", help="Mark your rate on the chart."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Draw the market for a code: a percentile box per payer, Medicare and your rate."""
    from accord.domain.market.rate_query import RateQuery
    from accord.services.market_reports import market_chart

    q = RateQuery(billing_code, region=region, billing_class=billing_class)
    accord = market_app(market_dir)
    path = market_chart(accord.market, accord.charts, q, out, my_rate=my_rate)
    stdout_console().print(f"wrote {path}")


def status(
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """What the market dataset holds: files, rows, warnings, the fee schedule."""
    from accord.services.market_reports import market_status

    info = market_status(market_app(market_dir).market)
    if as_json:
        print_json(info)
        return
    out = stdout_console()
    totals = info["totals"]
    if info["pfs_demo"]:
        info["pfs"] += " (demo subset: load CMS's full files with `accord market pfs`)"
    out.print(line(
        (info["market_dir"], "bold"),
        f": {totals['rows']:,} rates, {totals['codes']:,} codes, "
        f"{totals['payers']:,} payers; fee schedule: {info['pfs'] or 'not loaded'}; "
        f"CBSA crosswalk: {info['cbsa_crosswalk'] or 'not loaded'}",
    ))  # fmt: skip
    table = record_table(
        "Files", ["file", "kind", "version", "payer", "rates", "warnings", "partition"]
    )
    for m in info["files"]:
        table.add_row(
            m.get("name", ""),
            m.get("kind", ""),
            m.get("schema_version", ""),
            m.get("payer", ""),
            f"{m.get('rows', 0):,}",
            str(len(m.get("warnings", []))),
            m.get("file_id", ""),
        )
    out.print(table)
