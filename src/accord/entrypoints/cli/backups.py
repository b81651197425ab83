"""``accord backup`` and ``accord restore``: the whole database as one file and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import JSON_OPTION, print_json, stderr_console
from accord.errors import AuditChainError, ValidationError
from accord.services import audit, backups
from accord.services.backup_ports import BackupProgress

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


@contextmanager
def _progress(label: str) -> Iterator[BackupProgress]:
    """A bar on standard error (gone when done), so that standard output stays clean."""
    with Progress(
        TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(), console=stderr_console(), transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def backup(
    path: Path | None = typer.Argument(
        None,
        help="File to write; default DATA_DIR/backups/accord-YYYYMMDD-HHMMSS.db (.dump on "
        "PostgreSQL).",
        dir_okay=False,
    ),
    with_market: bool = typer.Option(
        False, "--with-market", help="Also archive the market dataset, to FILE.market.tar."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Back up the whole database to one file, safely while the server runs.

    SQLite: a consistent copy (VACUUM INTO). PostgreSQL: pg_dump in custom format (its
    client programs must be installed). The market dataset is included only with
    --with-market (it can be rebuilt from the public price files).
    """
    accord = get_app()
    destination = path or backups.default_backup_path(
        accord.backups, accord.settings.data_dir / "backups", accord.clock.now()
    )
    with _progress("backing up") as advance:
        results = [backups.take_backup(accord.backups, destination, advance)]
    if with_market:
        market_dir = accord.settings.resolved_market_dir
        results.append(backups.take_market_backup(accord.market_archives, market_dir, destination))
    if as_json:
        rows = [{"path": str(r.path), "size_bytes": r.size_bytes} for r in results]
        print_json(rows[0] if len(rows) == 1 else {**rows[0], "market": rows[1]})
        return
    for result in results:
        console.print(f"backup written: {result.path} ({_size(result.size_bytes)})")


def restore(
    path: Path = typer.Argument(
        ..., help="Backup written by `accord backup`.", exists=True, dir_okay=False
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Replace the database without asking."),
    with_market: bool = typer.Option(
        False, "--with-market", help="Also replace the market dataset from FILE.market.tar."
    ),
) -> None:
    """Replace the whole database with a backup (after checking the backup reads to its end).

    After restoring, the audit trail's hash chain is verified (exit 9 if it is broken).

    An older backup is migrated to this Accord's schema; one from a newer Accord is refused.
    Everything recorded since the backup was taken is lost, so Accord asks first.
    """
    accord = get_app()
    checked = backups.check_backup(accord.backups, path)
    market = backups.check_market_backup(accord.market_archives, path) if with_market else None
    console.print(
        f"{path}: a readable backup at schema revision {checked.revision}"
        + (f" (will be migrated to {checked.current_revision})" if checked.needs_migration else "")
    )
    if not yes:
        question = f"Replace the database {accord.store.display_url} with this backup?"
        try:
            confirmed = typer.confirm(question, default=False)
        except (typer.Abort, OSError):  # no answer: standard input closed or unreadable
            confirmed = False
        if not confirmed:
            raise ValidationError("nothing restored (answer yes, or pass --yes in scripts)")
    accord.close()  # our own connections must not hold the old database open
    with _progress("restoring") as advance:
        backups.restore_backup(accord.backups, checked, advance)
    console.print(f"restored {path} into {accord.store.display_url}")
    # The restored record must carry an intact audit trail; say so, or fail loudly.
    report = audit.verify_audit(accord.store.unit_of_work())
    if report.broken is not None:
        raise AuditChainError(
            f"restored {path}, but its audit trail does not verify at row "
            f"{report.broken.entry_id}: {report.broken.reason}"
        )
    console.print(f"audit trail intact: {report.entries} entries")
    if market is not None:
        market_dir = accord.settings.resolved_market_dir
        backups.restore_market_backup(accord.market_archives, market, market_dir)
        console.print(f"restored the market dataset {market} into {market_dir}")


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} kB"
