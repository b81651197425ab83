"""The ``accord`` command: builds the Typer application and runs it.

Each command group lives in its own module with a ``register(app)`` function;
:func:`build_app` wires them. :func:`main` turns any :class:`~accord.errors.AccordError`
into a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

import typer

from accord import __version__
from accord.domain.audit import CLI
from accord.entrypoints.cli.help_words import say_types_in_words
from accord.entrypoints.cli.output import print_error
from accord.errors import AccordError
from accord.services.audit_ports import acting_as

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
        rich_markup_mode="markdown",
    )

    @app.callback()
    def _root(
        ctx: typer.Context,
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Show the version."
        ),
    ) -> None:
        """Accord's command line."""
        # Every change a command makes is the local user's, made at this machine.
        ctx.with_resource(acting_as(CLI))

    for group in _command_groups():
        group.register(app)
    return app


def _command_groups() -> tuple[ModuleType, ...]:
    """The modules that add commands, in the order ``accord --help`` lists them."""
    from accord.entrypoints.cli import (
        admin,
        agreements,
        analysis,
        audit,
        backups,
        bargaining,
        contract_store,
        corrections,
        documents,
        economics,
        engine,
        market,
        negotiations,
        organisations,
        preparation,
        remittances,
        scorecards,
        serve,
        underpayments,
        user_orgs,
        users,
    )

    return (
        admin,
        audit,
        backups,
        organisations,
        negotiations,
        bargaining,
        corrections,
        preparation,
        agreements,
        documents,
        analysis,
        engine,
        market,
        economics,
        contract_store,
        remittances,
        underpayments,
        scorecards,
        serve,
        users,
        user_orgs,
    )


_EX_IOERR = 74  # sysexits.h: an input/output error


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the process exit code.

    Every error a user can cause ends as one unwrapped line on standard error and a
    non-zero exit code: an :class:`~accord.errors.AccordError` with its own code, a
    usage error (unknown option, a value out of range) with click's 2.
    """
    command = typer.main.get_command(build_app())
    say_types_in_words(command)
    try:
        result = command(args=argv, prog_name="accord", standalone_mode=False)
    except AccordError as exc:
        print_error(exc)
        return exc.exit_code
    except SystemExit as exc:  # sys.exit() from a library
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except OSError as exc:
        # The system refused a path the user gave (a name too long for the file system,
        # no permission, a device): their mistake or their machine's, not a bug to show
        # as a traceback. Adapters translate the errors they expect; this is the last net.
        where = f"{exc.filename}: " if exc.filename else ""
        print_error(f"{where}{exc.strerror or exc}")
        return _EX_IOERR
    except Exception as exc:
        handled = _click_error(exc)
        if handled is None:
            raise
        return handled
    return result if isinstance(result, int) else 0


def _click_error(exc: Exception) -> int | None:
    """Print click's own errors as one line; ``None`` for any other exception.

    Matched by class name: typer vendors click from 0.2x on, as a private module.
    """
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "NoArgsIsHelpError" in names:  # a group without a command: show its help
        exc.show()  # type: ignore[attr-defined]
        return int(getattr(exc, "exit_code", 2))
    if "ClickException" in names:
        message = str(exc.format_message())  # type: ignore[attr-defined]
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            message += f" (see `{ctx.command_path} --help`)"
        print_error(message)
        return int(getattr(exc, "exit_code", 1))
    if "Abort" in names:  # Ctrl-C or end of input at a prompt
        print_error("aborted")
        return 1
    return None


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``accord org list | head -1``): stop quietly, like cat.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    run()
