"""``accord market ingest`` and ``accord market toc``: price files into the market dataset.

Each command parses its options, calls :mod:`accord.services.market_ingest` and renders
the outcome; errors are :class:`~accord.errors.AccordError` and print as one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from accord.entrypoints.cli.market_options import (
    MARKET_DIR,
    SCHEDULER,
    SCHEDULER_TIMEOUT,
    market_app,
)
from accord.entrypoints.cli.output import (
    OutputConsole,
    error_line,
    line,
    record_table,
    stderr_console,
    stdout_console,
)
from accord.errors import ValidationError

if TYPE_CHECKING:
    from accord.bootstrap import Accord


def _default_jobs() -> int:
    """Processes for several files when --jobs is not given: one per core."""
    return max(1, os.cpu_count() or 1)


__all__ = ["ingest", "toc"]


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


# The options as values, as JSON_OPTION is: the commands' signatures stay readable.
_SOURCES = typer.Argument(
    ..., help="Price files (.json, .json.gz, .zip, .csv) or http(s) URLs to download first."
)
_CODE = typer.Option([], "--code", "-c", help="Keep only this billing code (repeatable).")
_CODES_FILE = typer.Option(None, "--codes-file", help="File of billing codes to keep.")
_NPI = typer.Option([], "--npi", help="Keep only rates of providers with this NPI.")
_TIN = typer.Option([], "--tin", help="Keep only rates of providers with this TIN.")
_BILLING_CLASS = typer.Option([], "--billing-class", help="professional | institutional.")
_NEGOTIATED_TYPE = typer.Option(
    [], "--negotiated-type", help="negotiated, derived, fee schedule, percentage, per diem."
)
_STATE = typer.Option(
    None, "--state", help="Two-letter state to tag rates of files without locations (TiC)."
)
_JOBS = typer.Option(
    None, "--jobs", "-j", min=1,
    help="Ingest several files at once on this many processes (default: one per core).",
)  # fmt: skip
_SHA256 = typer.Option(None, "--sha256", help="Expected SHA-256 of a single downloaded file.")
_FETCH_REFERENCES = typer.Option(
    False, "--fetch-references", help="Download remote provider-reference files (online)."
)
_IGNORE_COLUMN_ERRORS = typer.Option(
    False, "--ignore-column-errors",
    help="Ingest a hospital CSV whose payer columns are missing or renamed, counting "
    "the rows that lose charges (refused otherwise).",
)  # fmt: skip


def _file_columns() -> tuple[Any, ...]:
    """The progress bar of one file: name, bar, bytes, speed, time left."""
    return (
        TextColumn("{task.description}", markup=False, style="bold"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )


def ingest(
    sources: list[str] = _SOURCES,
    code: list[str] = _CODE,
    codes_file: Path | None = _CODES_FILE,
    npi: list[int] = _NPI,
    tin: list[str] = _TIN,
    billing_class: list[str] = _BILLING_CLASS,
    negotiated_type: list[str] = _NEGOTIATED_TYPE,
    state: str | None = _STATE,
    jobs: int | None = _JOBS,
    sha256: str | None = _SHA256,
    fetch_references: bool = _FETCH_REFERENCES,
    ignore_column_errors: bool = _IGNORE_COLUMN_ERRORS,
    scheduler: str | None = SCHEDULER,
    scheduler_timeout: float = SCHEDULER_TIMEOUT,
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Read price files into the market dataset, with a progress bar per file."""
    from accord.domain.market.row_filter import RowFilter

    row_filter = RowFilter(
        billing_codes=_codes(code, codes_file),
        npis=frozenset(npi) or None,
        tins=frozenset(tin) or None,
        billing_classes=frozenset(billing_class) or None,
        negotiated_types=frozenset(negotiated_type) or None,
    )
    accord = market_app(market_dir)
    if scheduler is not None:
        scheduler = accord.parallel.check_scheduler(scheduler)  # before any download
    out = stdout_console()
    columns = _file_columns()
    paths = _local_paths(accord, sources, sha256=sha256, columns=columns)
    jobs = jobs or _default_jobs()
    if scheduler is not None or (jobs > 1 and len(paths) > 1):
        _ingest_parallel(
            accord,
            paths,
            jobs=jobs,
            row_filter=row_filter,
            state=state,
            fetch_references=fetch_references,
            ignore_column_errors=ignore_column_errors,
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
            out=out,
        )
        return
    for path in paths:
        result = _ingest_one(
            accord, path, columns=columns, row_filter=row_filter, state=state,
            fetch_references=fetch_references, ignore_column_errors=ignore_column_errors,
        )  # fmt: skip
        _print_result(out, result)


def _ingest_one(
    accord: Accord,
    path: Path,
    *,
    columns: tuple[Any, ...],
    row_filter: Any,
    state: str | None,
    fetch_references: bool,
    ignore_column_errors: bool,
) -> Any:
    """Ingest one file in this process, under a progress bar of its bytes."""
    from accord.services.market_ingest import ingest_price_file

    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(path.name, total=None)

        def started(size: int) -> None:
            bar.update(task, total=size)

        def advance(n: int) -> None:
            bar.advance(task, n)

        return ingest_price_file(
            accord.market,
            accord.price_files,
            accord.clock,
            path,
            row_filter=row_filter,
            state=state,
            progress=advance,
            on_start=started,
            fetch_references=fetch_references,
            ignore_column_errors=ignore_column_errors,
        )


def _local_paths(
    accord: Accord, sources: list[str], *, sha256: str | None, columns: tuple[Any, ...]
) -> list[Path]:
    """Download the URLs among ``sources`` (with a progress bar each); keep local paths."""
    from accord.services.market_ingest import fetch_price_file

    is_url = accord.price_files.is_url
    urls = [s for s in sources if is_url(s)]
    if sha256 is not None and len(urls) != 1:
        raise ValidationError("--sha256 needs exactly one URL", field="sha256")
    paths = []
    for source in sources:
        if not is_url(source):
            paths.append(Path(source))
            continue
        with Progress(*columns, console=stderr_console(), transient=True) as bar:
            task = bar.add_task(f"download {source.rsplit('/', 1)[-1]}", total=None)

            def started(size: int, task: Any = task, bar: Progress = bar) -> None:
                bar.update(task, total=size)

            def advance(n: int, task: Any = task, bar: Progress = bar) -> None:
                bar.advance(task, n)

            paths.append(
                fetch_price_file(
                    accord.market,
                    accord.price_files,
                    source,
                    sha256=sha256,
                    progress=advance,
                    on_start=started,
                )
            )
    return paths


def _print_result(out: OutputConsole, result: Any) -> None:
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
    if report.references_fetched:
        out.print(f"  fetched {report.references_fetched:,} remote provider reference files")
    for warning in report.warnings:
        out.print(line("  ", ("warning:", "yellow"), " ", warning))


def _ingest_parallel(
    accord: Accord,
    paths: list[Path],
    *,
    jobs: int,
    row_filter: Any,
    state: str | None,
    fetch_references: bool,
    ignore_column_errors: bool,
    scheduler: str | None,
    scheduler_timeout: float,
    out: OutputConsole,
) -> None:
    from accord.services.market_ingest import ingest_price_files

    failed = 0
    columns = (TextColumn("[bold]files"), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task("files", total=len(paths))
        for outcome in ingest_price_files(
            accord.market,
            accord.price_files,
            accord.clock,
            accord.parallel,
            paths,
            jobs=jobs,
            row_filter=row_filter,
            state=state,
            fetch_references=fetch_references,
            ignore_column_errors=ignore_column_errors,
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
        ):
            bar.advance(task)
            if outcome.result is not None:
                _print_result(out, outcome.result)
            else:
                failed += 1
                out.print(error_line(outcome.error or ""), soft_wrap=True)
    if failed:
        raise ValidationError(f"{failed} of {len(paths)} files could not be ingested (see above)")


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
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Processes for the ingests (default: one per core)."
    ),
    scheduler: str | None = SCHEDULER,
    scheduler_timeout: float = SCHEDULER_TIMEOUT,
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """List the in-network (and allowed-amount) files an index names, filtered; or ingest them."""
    from accord.services.market_ingest import ingest_index, list_index_files

    accord = market_app(market_dir)
    if scheduler is not None:
        if not ingest_files:
            raise ValidationError("--scheduler needs --ingest", field="scheduler")
        scheduler = accord.parallel.check_scheduler(scheduler)  # before any download
    if ingest_files:
        outcomes = ingest_index(
            accord.market, accord.price_files, accord.clock, accord.parallel, path,
            plan=plan, ein=ein, name=name, jobs=jobs or _default_jobs(), state=state,
            scheduler=scheduler, scheduler_timeout=scheduler_timeout,
        )  # fmt: skip
        failed = _print_outcomes(stdout_console(), outcomes)
        if failed:
            raise ValidationError(f"{failed} listed files could not be ingested (see above)")
        return
    _print_index_files(
        list_index_files(accord.price_files, path, plan=plan, ein=ein, name=name), as_json
    )


def _print_outcomes(out: OutputConsole, outcomes: Iterable[Any]) -> int:
    """Print each file's result, or its error as one line; return how many failed."""
    failed = 0
    for outcome in outcomes:
        if outcome.result is not None:
            _print_result(out, outcome.result)
        else:
            failed += 1
            out.print(error_line(outcome.error or ""), soft_wrap=True)
    return failed


def _print_index_files(files: list[Any], as_json: bool) -> None:
    """The files an index lists: JSON, or a table."""
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
    table = record_table(f"{len(files)} files", ["kind", "plans", "description", "location"])
    for f in files:
        table.add_row(f.kind, ", ".join(p[0] for p in f.plans), f.description, f.location)
    stdout_console().print(table)
