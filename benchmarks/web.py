"""Server-side render time of the web pages and API reads with the demo data.

Runs the application in-process (Starlette's test client: no network, no browser) on a
SQLite file with the two demo negotiations and prints the median and 90th percentile in
milliseconds per page. Not a test: numbers vary with the machine.

    .venv/bin/python benchmarks/web.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():  # the test client's note about a future httpx2 package
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from accord.asgi import create_app
from accord.bootstrap import bootstrap
from accord.config import Settings
from accord.services import demo

PAGES = [
    ("pipeline", "/"),
    ("workspace (SCA, 3 terms)", "/negotiations/{sca}"),
    ("workspace (rates, 8 terms)", "/negotiations/{rates}"),
    ("preparation", "/negotiations/{rates}/preparation"),
    ("analysis", "/negotiations/{rates}/analysis"),
    ("brief", "/negotiations/{sca}/brief"),
    ("analysis chart (SVG)", "/negotiations/{rates}/analysis.svg"),
    ("contacts", "/contacts"),
    ("outcomes", "/outcomes"),
    ("pipeline JSON twin", "/?format=json"),
    ("workspace JSON twin", "/negotiations/{rates}?format=json"),
    ("API negotiation", "/api/negotiations/{rates}"),
    ("API brief", "/api/negotiations/{rates}/brief"),
    ("API analysis", "/api/negotiations/{rates}/analysis"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="Requests per page.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        accord = bootstrap(Settings(data_dir=Path(tmp)))
        sca, rates = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
        client = TestClient(create_app(accord))
        print(f"{'page':32} {'median ms':>10} {'p90 ms':>8} {'KB':>6}")
        for name, template in PAGES:
            path = template.format(sca=sca, rates=rates)
            client.get(path, headers={"Accept": "text/html"})  # warm up
            times = []
            size = 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(path, headers={"Accept": "text/html"})
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                size = len(response.content)
            p90 = statistics.quantiles(times, n=10)[-1]
            print(f"{name:32} {statistics.median(times):10.1f} {p90:8.1f} {size / 1024:6.0f}")
        accord.close()


if __name__ == "__main__":
    main()
