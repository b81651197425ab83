"""Routes analysed once per process and installed on every application built in it.

FastAPI analyses a route (its parameters, body and response models, each one a pydantic
schema) when a router is included in an application: ~0.1 s for Accord's routes, paid
by every ``create_app`` (and a test suite builds ~2,000 applications). The analysis
depends only on the route's code, never on the application: every route reaches the
application it serves through the request (``request.app.state.accord``, the session
key, the trusted hosts), so one analysed copy serves every application of the process.

>>> from fastapi import APIRouter, FastAPI
>>> pages = APIRouter()
>>> prepared = PreparedRoutes(lambda: [(pages, True)])
>>> prepared.install(FastAPI())   # the first call analyses; later ones reuse it
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from fastapi import APIRouter, FastAPI
from starlette.routing import BaseRoute

__all__ = ["PreparedRoutes"]

Routers = Callable[[], Iterable[tuple[APIRouter, bool]]]
"""The routers to include, in order, each with whether it shows in the OpenAPI document."""


class PreparedRoutes:
    """The routes of ``routers``, included (and so analysed) on first use, then added
    to each application as they are.

    The routers are included in a router of their own rather than in an application,
    so nothing of any one application is captured: the application's state comes from
    ``request.app`` at request time.
    """

    def __init__(self, routers: Routers) -> None:
        self._routers = routers
        self._routes: Sequence[BaseRoute] | None = None
        # Two applications built at once in two threads analyse the routes once.
        self._lock = threading.Lock()

    def routes(self) -> Sequence[BaseRoute]:
        """The analysed routes, built on the first call."""
        with self._lock:
            if self._routes is None:
                holder = APIRouter()
                for router, in_schema in self._routers():
                    # Including without a prefix analyses every route now (FastAPI
                    # checks each one's path), not at the first request.
                    holder.include_router(router, include_in_schema=in_schema)
                self._routes = tuple(holder.routes)
            return self._routes

    def install(self, app: FastAPI) -> None:
        """Add the routes to ``app``, after the ones it has."""
        app.router.routes.extend(self.routes())
