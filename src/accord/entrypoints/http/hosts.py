"""Trusted hosts: a request whose ``Host`` header names another machine is refused.

A web page on an attacker's site can make a browser talk to ``127.0.0.1`` under the
attacker's own name (DNS rebinding); checking ``Host`` against the names Accord is
served under is what stops the browser from treating the answer as the attacker's.

>>> hosts = TrustedHosts.parse("localhost,127.0.0.1,[::1]")
>>> hosts.allows("127.0.0.1:8000"), hosts.allows("evil.example")
(True, False)
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["LOOPBACK_NAMES", "TrustedHostMiddleware", "TrustedHosts", "host_name", "is_loopback"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def host_name(header: str) -> str:
    """The name in a ``Host`` header without its port: ``[::1]:8000`` → ``[::1]``."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    return value.split(":", 1)[0].rstrip(".")


def is_loopback(host: str) -> bool:
    """True for an address or name that only this machine can reach."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class TrustedHosts:
    """The host names Accord answers to; ``*.example.org`` allows its subdomains."""

    names: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> TrustedHosts:
        """A comma-separated list, as in ``ACCORD_TRUSTED_HOSTS``."""
        return cls(frozenset(host_name(part) for part in text.split(",") if part.strip()))

    def with_host(self, host: str) -> TrustedHosts:
        """These names plus ``host`` (the address ``accord serve`` binds, unless it is
        a wildcard address such as 0.0.0.0, which no browser sends as a name)."""
        if host in ("0.0.0.0", "::", ""):
            return self
        shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return TrustedHosts(self.names | {host_name(shown)})

    def allows(self, header: str | None) -> bool:
        """Whether a ``Host`` header (or an origin's host:port) names a trusted host."""
        if not header:
            return False
        name = host_name(header)
        if name in self.names or "*" in self.names:
            return True
        return any(
            pattern.startswith("*.") and name.endswith(pattern[1:]) for pattern in self.names
        )


class TrustedHostMiddleware:
    """Answer 400 to any request whose ``Host`` is not trusted, before anything else."""

    def __init__(self, app: ASGIApp, *, hosts: TrustedHosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1")
        if self.hosts.allows(host):
            await self.app(scope, receive, send)
            return
        message = (
            f"this server does not answer to the host name {host_name(host)!r}; "
            "add it to ACCORD_TRUSTED_HOSTS to serve under it"
        )
        await send_error(send, 400, "UntrustedHostError", message, field="Host")


async def send_error(
    send: Send, status: int, kind: str, message: str, *, field: str | None = None
) -> None:
    """An error in the API's one shape, sent before the application ran."""
    body = orjson.dumps({"error": {"type": kind, "message": message, "field": field}})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
