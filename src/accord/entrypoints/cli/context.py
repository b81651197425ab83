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


def get_app() -> Accord:
    """The Accord instance for this process, from ``ACCORD_*`` settings, schema migrated."""
    global _app
    if _app is None:
        # Imported here: the database stack is not needed for --help or --version.
        from accord.bootstrap import bootstrap
        from accord.config import load_settings

        _app = bootstrap(load_settings())
        atexit.register(reset_app)
    return _app


def reset_app() -> None:
    """Close the database connections (tests call this between runs)."""
    global _app
    if _app is not None:
        _app.close()
        _app = None
