"""Time to build the HTTP application (``accord.asgi.create_app``) on a wired Accord.

Every test that talks to the application builds one, so this is a cost the test suite
pays ~2,000 times. The first build in a process also imports and analyses the routes;
the later ones show what each further test pays. Not a test: numbers vary with the
machine and its load.

    .venv/bin/python benchmarks/app_build.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from accord.asgi import create_app
from accord.bootstrap import bootstrap
from accord.config import Settings


def main() -> None:
    """Build the application ``--repeat`` times on one SQLite file; print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'accord.db'}")
        accord = bootstrap(settings)
        times = []
        for _ in range(args.repeat + 1):
            start = time.perf_counter()
            create_app(accord)
            times.append(time.perf_counter() - start)
        first, later = times[0], times[1:]
        print(f"first build in the process: {first * 1000:.0f} ms")
        print(
            f"each later build: median {statistics.median(later) * 1000:.1f} ms, "
            f"min {min(later) * 1000:.1f} ms ({args.repeat} builds)"
        )


if __name__ == "__main__":
    main()
