"""``accord serve``: the web workbench and the JSON API on one local server.

The port is bound before anything is printed or loaded: a busy port is a one-line error
(exit 78) and the URL shown is one that already accepts connections. With ``--workers``
the bound socket is handed to that many worker processes (started afresh, not forked),
each with its own Accord: engine, pool and page cache.
"""

from __future__ import annotations

import errno
import multiprocessing
import signal
import socket
from pathlib import Path
from types import FrameType

import typer

from accord.bootstrap import Accord
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.demo_note import demo_economics_note, demo_market_note
from accord.entrypoints.http.hosts import is_loopback
from accord.entrypoints.http.log_format import configure_logging
from accord.errors import ConfigurationError
from accord.services import demo
from accord.services.accounts import ensure_local_owner
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market
from accord.services.sign_in import LINK_LIFETIME, issue_sign_in_link

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def _load_demo(accord: Accord) -> None:
    """``--demo``: the demo negotiations, its fee schedule and its practice's figures."""
    ids = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    console.print(f"demo negotiations loaded: {', '.join(map(str, ids))}")
    demo_market_note(load_demo_market(accord.market, accord.reference_files))
    demo_economics_note(
        load_demo_economics(
            accord.store.unit_of_work, accord.remittance_reader, accord.clock,
            accord.demo_remittances,
        )
    )  # fmt: skip


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    load_demo: bool = typer.Option(False, "--demo", help="Load the demo negotiations first."),
    workers: int = typer.Option(
        1, min=1, max=64,
        help="Worker processes; for a team, one per core (each keeps its own database pool).",
    ),
    ssl_certfile: Path | None = typer.Option(
        None, "--ssl-certfile", help="TLS certificate (PEM): serve over HTTPS."),
    ssl_keyfile: Path | None = typer.Option(
        None, "--ssl-keyfile", help="TLS private key (PEM) of --ssl-certfile."),
) -> None:  # fmt: skip
    """Serve the web workbench and the JSON API (OpenAPI at /docs) until Ctrl-C.

    On loopback with no users yet, makes the local owner and prints a one-time sign-in
    link. Beyond loopback, refuses to start without users and TLS (or ACCORD_TRUSTED_PROXY).
    """
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise ConfigurationError("give both --ssl-certfile and --ssl-keyfile, or neither")
    tls = ssl_certfile is not None
    listener = _listen(host, port)
    try:
        accord = get_app()
        if not is_loopback(host):
            _check_team_serving(accord, host, tls=tls)
        if load_demo:
            _load_demo(accord)
        bound = listener.getsockname()[1]  # the real one when --port 0
        shown = f"[{host}]" if ":" in host else host
        base = f"{'https' if tls else 'http'}://{shown}:{bound}"
        if not is_loopback(host):
            console.print(
                f"serving on {shown}, reachable from other machines: browsers must use a name "
                "listed in ACCORD_TRUSTED_HOSTS. See docs/security.md.",
                soft_wrap=True, markup=False, highlight=False,
            )  # fmt: skip
        console.print(
            f"Accord is running at {base}/ (API docs at /docs); Ctrl-C stops it",
            soft_wrap=True, markup=False, highlight=False,
        )  # fmt: skip
        if is_loopback(host):
            _print_sign_in_link(accord, base)
        else:
            console.print(f"sign in at {base}/login", markup=False, highlight=False)
        tls_files = (ssl_certfile, ssl_keyfile) if ssl_certfile and ssl_keyfile else None
        if workers == 1:
            _serve(accord, host, listener, tls_files)
        else:
            accord.close()  # each worker opens its own connections
            _serve_in_workers(host, listener, workers, tls_files)
    finally:
        listener.close()


TlsFiles = tuple[Path, Path] | None


def _serve(accord: Accord, host: str, listener: socket.socket, tls_files: TlsFiles) -> None:
    """Serve on ``listener`` in this process until Ctrl-C or SIGTERM."""
    import uvicorn

    from accord.asgi import create_app

    configure_logging(accord.settings.log_level, accord.settings.log_format)
    config = uvicorn.Config(
        create_app(accord, host=host),
        log_config=None,  # configure_logging did it: our format, our access log
        log_level=accord.settings.log_level,
        access_log=False,
        ssl_certfile=str(tls_files[0]) if tls_files else None,
        ssl_keyfile=str(tls_files[1]) if tls_files else None,
    )
    uvicorn.Server(config).run(sockets=[listener])


def _worker(host: str, listener: socket.socket, tls_files: TlsFiles) -> None:
    """One worker process: its own Accord on the same settings and the shared socket."""
    _serve(get_app(), host, listener, tls_files)


def _serve_in_workers(
    host: str, listener: socket.socket, workers: int, tls_files: TlsFiles
) -> None:
    """Start ``workers`` processes on ``listener``; stop them all on Ctrl-C or SIGTERM.

    Spawned, not forked: a fork would copy this process's open database connections
    and threads. They share the web forms' key and see each other's writes through the
    database (see :mod:`accord.services.form_keys` and :mod:`accord.services.read_cache`).
    """
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(host, listener, tls_files), name=f"accord-worker-{k}")
        for k in range(workers)
    ]

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.join()
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes what it serves
        for process in processes:
            process.join(timeout=30)


def _check_team_serving(accord: Accord, host: str, *, tls: bool) -> None:
    """Beyond loopback: users must exist, and the traffic must be encrypted (here, or
    by a trusted reverse proxy)."""
    with accord.store.unit_of_work() as uow:
        users = [u for u in uow.accounts.list() if u.active and u.has_password]
    if not users:
        raise ConfigurationError(
            f"refusing to serve on {host} without users: anyone reaching the port could "
            "read every negotiation; add one first: accord user add NAME --role owner"
        )
    if not tls and not accord.settings.trusted_proxy:
        raise ConfigurationError(
            f"refusing to serve on {host} without TLS: passwords and session cookies would "
            "cross the network in clear; give --ssl-certfile and --ssl-keyfile, or set "
            "ACCORD_TRUSTED_PROXY=true behind a reverse proxy that terminates TLS"
        )


def _print_sign_in_link(accord: Accord, base: str) -> None:
    """On loopback, the local owner (made now if there are no users) signs in by link."""
    owner = ensure_local_owner(accord.store.unit_of_work(), accord.clock.now())
    if owner is None:
        console.print(f"sign in at {base}/login", markup=False, highlight=False, soft_wrap=True)
        return
    secret = issue_sign_in_link(accord.store.unit_of_work(), owner.id, accord.clock.now())
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    console.print(
        f"open {base}/login/link?token={secret} to sign in as {owner.name} (works once, "
        f"for {minutes} minutes; give {owner.name} a password with "
        f"accord user reset-password {owner.name})",
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a :class:`ConfigurationError` saying why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ConfigurationError(f"cannot listen on {host!r}: {exc.strerror}") from exc
    listener = socket.socket(family, kind, proto)
    try:
        # as uvicorn does: a restart may reuse a port whose old connections are closing,
        # while a port another program listens on stays refused (Linux and macOS)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(2048)
    except OSError as exc:
        listener.close()
        reason = "it is already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise ConfigurationError(
            f"cannot listen on {host}:{port}: {reason}; choose another with --port"
        ) from exc
    return listener
