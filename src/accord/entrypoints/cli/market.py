"""CLI commands of the market capability: ``accord market ingest | pfs | query | status``.

Each command parses its options, calls one function of :mod:`accord.services.market`
and renders the result; errors are :class:`~accord.errors.AccordError` and print as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from accord.errors import ValidationError

__all__ = ["register"]

market_app = typer.Typer(
    name="market",
    help="Market-rate intelligence: ingest price files, load the Medicare fee schedule, query.",
    no_args_is_help=True,
)

MARKET_DIR = typer.Option(
    None,
    "--market-dir",
    help="Market dataset directory (default: ACCORD_MARKET_DIR or DATA_DIR/market).",
)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the ``accord`` application."""
    app.add_typer(market_app, name="market")


def _market_dir(option: Path | None) -> Path:
    if option is not None:
        return option
    from accord.config import load_settings

    return load_settings().resolved_market_dir


def _codes(codes: list[str], codes_file: Path | None) -> frozenset[str] | None:
    values = {c.strip() for c in codes if c.strip()}
    if codes_file is not None:
        try:
            text = codes_file.read_text()
        except OSError as exc:
            raise ValidationError(
                f"cannot read {codes_file}: {exc.strerror}", field="codes-file"
            ) from exc
        values |= {c.strip() for line in text.splitlines() for c in line.split(",") if c.strip()}
    return frozenset(values) if values else None


@market_app.command("ingest")
def ingest(
    sources: list[str] = typer.Argument(
        ..., help="Price files (.json, .json.gz, .zip, .csv) or http(s) URLs to download first."
    ),
    code: list[str] = typer.Option(
        [], "--code", "-c", help="Keep only this billing code (repeatable)."
    ),
    codes_file: Path | None = typer.Option(
        None, "--codes-file", help="File of billing codes to keep."
    ),
    npi: list[int] = typer.Option([], "--npi", help="Keep only rates of providers with this NPI."),
    tin: list[str] = typer.Option([], "--tin", help="Keep only rates of providers with this TIN."),
    billing_class: list[str] = typer.Option(
        [], "--billing-class", help="professional | institutional."
    ),
    negotiated_type: list[str] = typer.Option(
        [], "--negotiated-type", help="negotiated, derived, fee schedule, percentage, per diem."
    ),
    state: str | None = typer.Option(
        None, "--state", help="Two-letter state to tag rates of files without locations (TiC)."
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, help="Ingest several files at once on this many processes."
    ),
    sha256: str | None = typer.Option(
        None, "--sha256", help="Expected SHA-256 of a single downloaded file."
    ),
    fetch_references: bool = typer.Option(
        False, "--fetch-references", help="Download remote provider-reference files (online)."
    ),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Read price files into the market dataset, with a progress bar per file."""
    from accord.adapters.pricefiles.rate_rows import RowFilter
    from accord.services.market import ingest_price_file

    row_filter = RowFilter(
        billing_codes=_codes(code, codes_file),
        npis=frozenset(npi) or None,
        tins=frozenset(tin) or None,
        billing_classes=frozenset(billing_class) or None,
        negotiated_types=frozenset(negotiated_type) or None,
    )
    root = _market_dir(market_dir)
    out = Console()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    paths = _local_paths(root, sources, sha256=sha256, columns=columns)
    if jobs > 1 and len(paths) > 1:
        _ingest_parallel(root, paths, jobs=jobs, row_filter=row_filter, state=state, out=out)
        return
    for path in paths:
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(path.name, total=None)

            def started(size: int, task: Any = task, bar: Progress = bar) -> None:
                bar.update(task, total=size)

            def advance(n: int, task: Any = task, bar: Progress = bar) -> None:
                bar.advance(task, n)

            result = ingest_price_file(
                root,
                path,
                row_filter=row_filter,
                state=state,
                progress=advance,
                on_start=started,
                fetch_references=fetch_references,
            )
        _print_result(out, result)


def _local_paths(
    root: Path, sources: list[str], *, sha256: str | None, columns: tuple[Any, ...]
) -> list[Path]:
    """Download the URLs among ``sources`` (with a progress bar each); keep local paths."""
    from accord.adapters.pricefiles.downloads import is_url
    from accord.services.market import fetch_price_file

    urls = [s for s in sources if is_url(s)]
    if sha256 is not None and len(urls) != 1:
        raise ValidationError("--sha256 needs exactly one URL", field="sha256")
    paths = []
    for source in sources:
        if not is_url(source):
            paths.append(Path(source))
            continue
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(f"download {source.rsplit('/', 1)[-1]}", total=None)

            def started(size: int, task: Any = task, bar: Progress = bar) -> None:
                bar.update(task, total=size)

            def advance(n: int, task: Any = task, bar: Progress = bar) -> None:
                bar.advance(task, n)

            paths.append(
                fetch_price_file(root, source, sha256=sha256, progress=advance, on_start=started)
            )
    return paths


def _print_result(out: Console, result: Any) -> None:
    name = result.path.name
    if result.skipped:
        out.print(f"{name}: already ingested (partition {result.file_id}); nothing changed")
        return
    report = result.report
    out.print(
        f"{name}: {result.kind} v{report.schema_version or '?'}, "
        f"{report.payer or 'unknown payer'}: {result.rows:,} rates from "
        f"{report.items_kept:,} of {report.items:,} items → partition {result.file_id}"
    )
    for warning in report.warnings:
        out.print(f"  [yellow]warning:[/] {warning}", highlight=False)


def _ingest_parallel(
    root: Path, paths: list[Path], *, jobs: int, row_filter: Any, state: str | None, out: Console
) -> None:
    from accord.services.market import ingest_price_files

    failed = 0
    columns = (TextColumn("[bold]files"), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("files", total=len(paths))
        for outcome in ingest_price_files(
            root, paths, jobs=jobs, row_filter=row_filter, state=state
        ):
            bar.advance(task)
            if outcome.result is not None:
                _print_result(out, outcome.result)
            else:
                failed += 1
                out.print(f"[bold red]error:[/] {outcome.error}", highlight=False)
    if failed:
        raise ValidationError(f"{failed} of {len(paths)} files could not be ingested (see above)")


@market_app.command("pfs")
def pfs(
    rvu: Path = typer.Option(..., "--rvu", help="CMS PPRRVU file (CSV)."),
    gpci: Path = typer.Option(..., "--gpci", help="CMS GPCI file (CSV)."),
    localities: Path | None = typer.Option(
        None, "--localities", help="CMS locality–county file (CSV)."
    ),
    year: int | None = typer.Option(
        None, "--year", help="Fee schedule year (default: from the RVU file)."
    ),
    zips: Path | None = typer.Option(None, "--zip-file", help="CMS ZIP5 file: ZIP → locality."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Load the Medicare Physician Fee Schedule: amounts per code and locality."""
    from accord.services.market import load_pfs

    result = load_pfs(_market_dir(market_dir), rvu, gpci, localities, year=year, zip_path=zips)
    Console().print(
        f"PFS {result.year}: conversion factor {result.conversion_factor}, "
        f"{result.codes:,} codes × {result.localities} localities (+ national) = "
        f"{result.rows:,} amounts → {result.path}"
    )


def _money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


@market_app.command("query")
def query(
    billing_code: str = typer.Argument(..., help="Billing code, e.g. 97110."),
    modifier: str | None = typer.Option(None, "--modifier", help="Billing code modifier."),
    region: str | None = typer.Option(
        None, "--region", help="State (MD) or ZIP3 / ZIP (212, 21201)."
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
    from accord.adapters.market.queries import RateQuery
    from accord.domain.market.benchmark import percent_of_medicare
    from accord.services.market import export_rates, rate_report

    root = _market_dir(market_dir)
    q = RateQuery(
        billing_code,
        modifier=modifier,
        region=region,
        payer=payer,
        billing_class=billing_class,
        setting=setting,
    )
    report = rate_report(root, q, my_rate=my_rate, per_payer=by_payer)
    out = Console()
    if export is not None:
        n = export_rates(root, q, export)
        out.print(f"wrote {n:,} rows to {export}")
    if as_json:
        bench = report.benchmark()
        payload = {
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
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    if report.market is None:
        out.print(f"no rates for {billing_code} match; Medicare: {_money(report.medicare)}")
        raise typer.Exit(1)
    table = Table(
        title=f"{billing_code} — {report.market.count:,} rates; Medicare {_money(report.medicare)}"
    )
    table.add_column("")
    for name in ("count", "min", "p10", "p25", "p50", "p75", "p90", "max"):
        table.add_column(name, justify="right")
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
    out.print(table)
    if my_rate is not None and report.my_rate_rank is not None:
        out.print(
            f"your rate {_money(my_rate)} is at the {report.my_rate_rank * 100:.0f}th percentile "
            f"of this market ({_pct(percent_of_medicare(my_rate, report.medicare))} of Medicare)"
        )


@market_app.command("chart")
def chart(
    billing_code: str = typer.Argument(..., help="Billing code, e.g. 97110."),
    out: Path = typer.Option(..., "--out", "-o", help="SVG file to write."),
    region: str | None = typer.Option(None, "--region", help="State (MD) or ZIP3 / ZIP."),
    billing_class: str | None = typer.Option(
        None, "--billing-class", help="professional | institutional."
    ),
    my_rate: float | None = typer.Option(None, "--my-rate", help="Mark your rate on the chart."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Draw the market for a code: a percentile box per payer, Medicare and your rate."""
    from accord.adapters.market.queries import RateQuery
    from accord.services.market import market_chart

    q = RateQuery(billing_code, region=region, billing_class=billing_class)
    path = market_chart(_market_dir(market_dir), q, out, my_rate=my_rate)
    Console().print(f"wrote {path}")


@market_app.command("toc")
def toc(
    path: Path = typer.Argument(..., help="A TiC table-of-contents (index) file."),
    plan: str | None = typer.Option(None, "--plan", help="Plan name (part of it) or plan id."),
    ein: str | None = typer.Option(None, "--ein", help="EIN of the plan (plan_id_type ein)."),
    name: str | None = typer.Option(
        None, "--name", help="Text in a plan name or file description."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ingest_files: bool = typer.Option(
        False, "--ingest", help="Download and ingest the in-network files listed (online)."
    ),
    state: str | None = typer.Option(None, "--state", help="Two-letter state to tag rates with."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for the ingests."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """List the in-network (and allowed-amount) files an index names, filtered; or ingest them."""
    from accord.services.market import ingest_index, list_index_files

    if ingest_files:
        out = Console()
        failed = 0
        for outcome in ingest_index(
            _market_dir(market_dir), path, plan=plan, ein=ein, name=name, jobs=jobs, state=state
        ):
            if outcome.result is not None:
                _print_result(out, outcome.result)
            else:
                failed += 1
                out.print(f"[bold red]error:[/] {outcome.error}", highlight=False)
        if failed:
            raise ValidationError(f"{failed} listed files could not be ingested (see above)")
        return
    files = list_index_files(path, plan=plan, ein=ein, name=name)
    if as_json:
        payload = [
            {
                "kind": f.kind,
                "description": f.description,
                "location": f.location,
                "plans": [
                    {"plan_name": p[0], "plan_id_type": p[1], "plan_id": p[2]} for p in f.plans
                ],
            }
            for f in files
        ]
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title=f"{len(files)} files")
    for col in ("kind", "plans", "description", "location"):
        table.add_column(col, overflow="fold")
    for f in files:
        table.add_row(f.kind, ", ".join(p[0] for p in f.plans), f.description, f.location)
    Console().print(table)


@market_app.command("status")
def status(
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """What the market dataset holds: files, rows, warnings, the fee schedule."""
    from accord.services.market import market_status

    info = market_status(_market_dir(market_dir))
    if as_json:
        typer.echo(orjson.dumps(info, option=orjson.OPT_INDENT_2).decode())
        return
    out = Console()
    totals = info["totals"]
    out.print(
        f"[bold]{info['market_dir']}[/]: {totals['rows']:,} rates, {totals['codes']:,} codes, "
        f"{totals['payers']:,} payers; fee schedule: {info['pfs'] or 'not loaded'}"
    )
    table = Table()
    for col in ("file", "kind", "version", "payer", "rates", "warnings", "partition"):
        table.add_column(col, overflow="fold")
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
