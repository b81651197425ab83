"""Finding PostgreSQL's client programs (pg_dump, pg_restore, psql) of a usable version.

``pg_dump`` refuses a server newer than itself, so the newest client found on PATH or in
Debian's ``/usr/lib/postgresql/<major>/bin`` is taken, and a clear error names the
package to install when even that one is too old.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from accord.errors import ConfigurationError

__all__ = ["client_environment", "find_client_bin"]

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def _major(program: Path) -> int | None:
    try:
        result = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    found = _VERSION.search(result.stdout)
    return int(found.group(1)) if found else None


def find_client_bin(server_major: int) -> Path:
    """The directory of the newest pg_dump/pg_restore/psql, at least ``server_major``."""
    candidates: list[Path] = []
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(Path(on_path))
    candidates += [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin/pg_dump")]
    versions = {c: v for c in candidates if (v := _major(c)) is not None}
    if not versions:
        raise ConfigurationError(
            "pg_dump was not found on PATH or in /usr/lib/postgresql/*/bin: install "
            f"PostgreSQL's client programs (Debian: apt install postgresql-client-{server_major})"
        )
    newest = max(versions, key=lambda c: versions[c])
    if versions[newest] < server_major:
        raise ConfigurationError(
            f"pg_dump {versions[newest]} cannot back up a PostgreSQL {server_major} server: "
            f"install postgresql-client-{server_major} (or newer)"
        )
    # On Debian /usr/bin/pg_dump is a wrapper; pg_restore and psql wrappers sit beside it.
    directory = newest.parent
    for program in ("pg_restore", "psql"):
        if not (directory / program).exists():
            raise ConfigurationError(f"{program} is missing beside {newest}: install it")
    return directory


def client_environment(url: URL) -> dict[str, str]:
    """libpq's PG* variables for ``url``: the password never appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host or str(url.query.get("host") or ""),
        "PGPORT": str(url.port or ""),
        "PGUSER": url.username or "",
        "PGPASSWORD": url.password or "",
        "PGDATABASE": url.database or "",
        "PGCONNECT_TIMEOUT": "30",
    }
    env.update({key: value for key, value in values.items() if value})
    return env
