"""``accord serve``: the web workbench and the JSON API on one local server."""

from __future__ import annotations

import typer

from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.http.hosts import is_loopback
from accord.services import demo

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

    from accord.entrypoints.api.app import create_app

    accord = get_app()
    if load_demo:
        ids = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
        console.print(f"demo negotiations loaded: {', '.join(map(str, ids))}")
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
        f"Accord is running at http://{shown}:{port}/ (API docs at /docs); Ctrl-C stops it"
    )
    uvicorn.run(create_app(accord, host=host), host=host, port=port, log_level="warning")
