"""The ``accord`` command: builds the Typer application and runs it.

Each command group lives in its own module with a ``register(app)`` function;
:func:`build_app` wires them. :func:`main` turns any :class:`~accord.errors.AccordError`
into a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from accord import __version__
from accord.errors import AccordError

__all__ = ["build_app", "main", "run"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """Assemble the CLI from its command groups."""
    app = typer.Typer(
        name="accord",
        help=(
            "Accord: a negotiation workbench for healthcare case managers and outpatient "
            "practices. Data lives in a SQLite file in your data directory unless "
            "ACCORD_DATABASE_URL names another database."
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Show the version."
        ),
    ) -> None:
        """Accord's command line."""

    from accord.entrypoints.cli import (
        admin,
        agreements,
        analysis,
        bargaining,
        documents,
        economics,
        engine,
        market,
        negotiations,
        organisations,
        preparation,
        remittances,
        serve,
    )

    for group in (
        admin,
        organisations,
        negotiations,
        bargaining,
        preparation,
        agreements,
        documents,
        analysis,
        engine,
        market,
        economics,
        remittances,
        serve,
    ):
        group.register(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    app = build_app()
    try:
        app(args=argv, prog_name="accord", standalone_mode=True)
    except AccordError as exc:
        # soft_wrap: a long path or field name must stay whole, whatever the width.
        Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {exc}", highlight=False)
        return exc.exit_code
    except SystemExit as exc:  # click's own exit: --help, usage errors, typer.Exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
