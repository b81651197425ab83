"""Throughput of the pipeline page under load: requests per second, p50 and p99.

Builds (or reuses) the team-sized record of ``benchmarks/record.py`` (5,000
negotiations by default), serves it with uvicorn on 127.0.0.1 in separate worker
processes (so that the load generator does not share their interpreter), and sends a
bounded load: ``--concurrency`` keep-alive connections with one request in flight each,
at most ``--requests`` requests and at most ``--seconds`` seconds, after a short
warm-up. The client speaks plain HTTP/1.1 over asyncio streams: an httpx client cost
about as much CPU per request as the server's cached page, so on two cores it measured
itself. Loopback only; nothing leaves the machine.

Issue 14 measured 19 req/s at p99 837 ms (one worker, concurrency 8, 5,000
negotiations); the goal is at least 100 req/s.

    .venv/bin/python benchmarks/load.py [--negotiations 5000] [--concurrency 8]
        [--requests 2000] [--seconds 30] [--workers 1] [--path /] [--no-cache]
        [--postgres postgresql+psycopg://user@host/empty_db] [--keep-sqlite PATH]

Not a test: numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.record import FixedClock, database_targets, open_record

from accord.bootstrap import Accord

BASELINE = "issue 14: 19 req/s, p99 837 ms (1 worker, concurrency 8)"


@dataclass(frozen=True)
class Result:
    requests: int
    failures: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -- the server ----------------------------------------------------------------------------
def signed_in_cookie(accord: Accord) -> str:
    """The ``Cookie`` header of a viewer signed in as a browser would be: every page and
    API call needs a session (issue 13), and the load measures the signed-in page."""
    from accord.domain.accounts import Role
    from accord.domain.actors import LOCAL
    from accord.services import accounts
    from accord.services.sign_in import issue_sign_in_link, redeem_sign_in_link

    name, uow = "load-benchmark", accord.store.unit_of_work
    with uow() as open_uow:
        found = open_uow.accounts.find(name)
    user_id = (
        found.id
        if found is not None
        else accounts.add_user(
            uow(), accord.passwords, LOCAL, name, Role.VIEWER, None, accord.clock.now()
        ).id
    )
    link = issue_sign_in_link(uow(), user_id, accord.clock.now())
    _, secret = redeem_sign_in_link(uow(), link, accord.clock.now(), timedelta(days=1))
    return f"accord_session={secret}"


def _serve(url: str, data_dir: str, listener: socket.socket, cache: bool) -> None:
    """One worker: its own Accord (engine, pool) on the shared listening socket; without
    ``cache`` every page is computed afresh (as the first one after each write is)."""
    import uvicorn

    from accord.asgi import create_app
    from accord.bootstrap import bootstrap
    from accord.config import Settings

    accord = bootstrap(Settings(data_dir=Path(data_dir), database_url=url), clock=FixedClock())
    if not cache:
        from accord.services.read_cache import ReadCache

        accord.read_cache = ReadCache(size=0)
    config = uvicorn.Config(
        create_app(accord), log_level="warning", lifespan="on", access_log=False
    )
    uvicorn.Server(config).run(sockets=[listener])


def start_workers(
    url: str, data_dir: Path, workers: int, *, cookie: str, cache: bool = True
) -> tuple[str, list[multiprocessing.Process]]:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    port = listener.getsockname()[1]
    context = multiprocessing.get_context("fork")  # the children inherit the socket
    processes = [
        context.Process(target=_serve, args=(url, str(data_dir), listener, cache), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    listener.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            answer = httpx.get(
                base + "/api/pipeline?limit=1", headers={"Cookie": cookie}, timeout=5
            )
            if answer.status_code == 200:
                return base, processes
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            stop_workers(processes)
            raise SystemExit("the server did not start within 30 s")
        time.sleep(0.1)


def stop_workers(processes: list[multiprocessing.Process]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)


# -- the load --------------------------------------------------------------------------------
async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one GET on a keep-alive connection; read the whole answer; return its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)
    }
    if "content-length" not in headers:
        raise SystemExit(f"an answer without Content-Length: {lines[0]}")
    await reader.readexactly(int(headers["content-length"]))
    return status


async def load(
    base: str,
    path: str,
    *,
    concurrency: int,
    requests: int,
    seconds: float,
    accept: str,
    cookie: str,
) -> Result:
    """At most ``requests`` GETs of ``path``, ``concurrency`` at a time, for at most
    ``seconds``; each connection sends its next request when the last one is answered."""
    latencies: list[float] = []
    failures = 0
    sent = 0
    url = httpx.URL(base)
    host, port = url.host, url.port or 80
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n"
               f"Cookie: {cookie}\r\nAccept-Encoding: identity\r\n\r\n")  # fmt: skip
    request_bytes = request.encode("ascii")
    stop_at = time.perf_counter() + seconds

    async def one_client() -> None:
        nonlocal failures, sent
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while sent < requests and time.perf_counter() < stop_at:
                sent += 1
                start = time.perf_counter()
                status = await _get(reader, writer, request_bytes)
                latencies.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    failures += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return Result(len(latencies), failures, elapsed, latencies)


def server_cpu_seconds(processes: list[multiprocessing.Process]) -> float | None:
    """CPU seconds the server processes have used (None where it cannot be read).

    On a machine others share, req/s says how much CPU the server got; CPU time per
    request says what a request costs, and so how many a free core would serve.
    """
    try:
        import psutil
    except ImportError:  # an optional figure
        return None
    total = 0.0
    for process in processes:
        times = psutil.Process(process.pid).cpu_times()
        total += times.user + times.system
    return total


def report(label: str, result: Result, cpu: float | None) -> None:
    print(
        f"  {label:16} {result.requests:6d} req in {result.seconds:5.1f} s  "
        f"{result.per_second:7.1f} req/s  p50 {result.percentile(50):6.1f} ms  "
        f"p99 {result.percentile(99):6.1f} ms  failures {result.failures}"
    )
    if cpu is not None and result.requests:
        per_request = cpu / result.requests * 1000
        print(f"  {'':16} server CPU {per_request:5.1f} ms/request "
              f"(= {1000 / per_request:5.0f} req/s per free core); "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--negotiations", type=int, default=5000, help="How many to build.")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generated record.")
    parser.add_argument("--concurrency", type=int, default=8, help="Requests in flight.")
    parser.add_argument("--requests", type=int, default=2000, help="At most this many.")
    parser.add_argument("--seconds", type=float, default=30, help="At most this long.")
    parser.add_argument("--workers", type=int, default=1, help="Server processes.")
    parser.add_argument("--path", action="append", help="Page(s) to load (default: / and "
                        "/api/pipeline).")  # fmt: skip
    parser.add_argument("--no-cache", action="store_true",
                        help="Compute every page afresh (the cache's worst case).")  # fmt: skip
    parser.add_argument("--postgres", metavar="URL", help="Also on this PostgreSQL database.")
    parser.add_argument("--keep-sqlite", metavar="PATH", type=Path,
                        help="Build the SQLite file here and reuse it on later runs.")  # fmt: skip
    args = parser.parse_args()
    paths = args.path or ["/", "/api/pipeline"]
    print(f"baseline: {BASELINE}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive = work / "record.json"
        for label, url in database_targets(args, work):
            print(f"{label}: {args.negotiations:,} negotiations, {args.workers} worker(s), "
                  f"concurrency {args.concurrency}, cpus {os.cpu_count()}"
                  f"{', no page cache' if args.no_cache else ''}")  # fmt: skip
            accord = open_record(url, work / "data", args.negotiations, args.seed, archive)
            cookie = signed_in_cookie(accord)
            accord.close()
            base, processes = start_workers(
                url, work / "data", args.workers, cookie=cookie, cache=not args.no_cache
            )
            try:
                for path in paths:
                    accept = "application/json" if path.startswith("/api") else "text/html"
                    asyncio.run(load(base, path, concurrency=args.concurrency,
                                     requests=min(50, args.requests), seconds=10,
                                     accept=accept, cookie=cookie))  # fmt: skip
                    before = server_cpu_seconds(processes)
                    result = asyncio.run(
                        load(base, path, concurrency=args.concurrency, requests=args.requests,
                             seconds=args.seconds, accept=accept, cookie=cookie)
                    )  # fmt: skip
                    after = server_cpu_seconds(processes)
                    cpu = after - before if after is not None and before is not None else None
                    report(path, result, cpu)
            finally:
                stop_workers(processes)


if __name__ == "__main__":
    main()
