"""The CLI's access to the wired application, built on first use and closed at exit."""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING

from accord.entrypoints.cli.output import OutputConsole

if TYPE_CHECKING:
    from accord.bootstrap import Accord

__all__ = ["console", "get_app", "reset_app"]

# Markup is never parsed and control characters never echoed: see output.py.
console = OutputConsole()
_app: Accord | None = None
_migrated = False


def get_app(*, database: bool = True) -> Accord:
    """The Accord instance for this process, from ``ACCORD_*`` settings.

    With ``database`` (the default) its schema is brought up to date first; commands
    that never touch the database (market, scenarios) pass ``database=False`` and open
    nothing.
    """
    global _app, _migrated
    if _app is None:
        # Imported here: the database stack is not needed for --help or --version.
        from accord.bootstrap import bootstrap
        from accord.config import load_settings

        _app = bootstrap(load_settings(), migrate=False)
        _migrated = False
        atexit.register(reset_app)
    if database and not _migrated:
        _app.store.migrate()
        _migrated = True
    return _app


def reset_app() -> None:
    """Close the database connections (tests call this between runs)."""
    global _app, _migrated
    if _app is not None:
        _app.close()
        _app = None
    _migrated = False
