"""``accord serve``: the web workbench and the JSON API on one local server.

The port is bound before anything is printed or loaded: a busy port is a one-line error
(exit 78) and the URL shown is one that already accepts connections.
"""

from __future__ import annotations

import errno
import socket

import typer

from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.demo_note import demo_economics_note, demo_market_note
from accord.entrypoints.http.hosts import is_loopback
from accord.entrypoints.http.log_format import configure_logging
from accord.errors import ConfigurationError
from accord.services import demo
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    load_demo: bool = typer.Option(False, "--demo", help="Load the demo negotiations first."),
) -> None:
    """Serve the web workbench and the JSON API (OpenAPI at /docs) until Ctrl-C."""
    import uvicorn

    from accord.asgi import create_app

    listener = _listen(host, port)
    try:
        accord = get_app()
        if load_demo:
            ids = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
            console.print(f"demo negotiations loaded: {', '.join(map(str, ids))}")
            demo_market_note(load_demo_market(accord.market, accord.reference_files))
            demo_economics_note(
                load_demo_economics(
                    accord.store.unit_of_work, accord.remittance_reader, accord.clock,
                    accord.demo_remittances,
                )
            )  # fmt: skip
        bound = listener.getsockname()[1]  # the real one when --port 0
        shown = f"[{host}]" if ":" in host else host
        if not is_loopback(host):
            # Logins and TLS come later; until then say plainly what binding elsewhere means.
            console.print(
                f"warning: serving on {shown}, reachable from other machines, without logins "
                "or TLS: anyone who can reach this port can read and change every negotiation. "
                "Browsers must use a name listed in ACCORD_TRUSTED_HOSTS. See docs/security.md.",
                soft_wrap=True, markup=False, highlight=False,
            )  # fmt: skip
        console.print(
            f"Accord is running at http://{shown}:{bound}/ (API docs at /docs); Ctrl-C stops it",
            soft_wrap=True,
        )
        configure_logging(accord.settings.log_level, accord.settings.log_format)
        config = uvicorn.Config(
            create_app(accord, host=host),
            log_config=None,  # configure_logging did it: our format, our access log
            log_level=accord.settings.log_level,
            access_log=False,
        )
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()


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
