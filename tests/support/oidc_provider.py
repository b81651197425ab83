"""A small, real OpenID Connect provider for tests, served over HTTP on loopback.

It publishes discovery and a JWKS, signs ID tokens with a fresh RSA key (RS256, with a
key id), and runs the authorization code flow with PKCE (S256) the way a real provider
does: ``/authorize`` "signs in" the person the test chose (no form: it redirects back at
once with a one-time code and the state), and ``/token`` checks the client's id and
secret (HTTP Basic), the code, the redirect address and the PKCE verifier before it
answers with an ID token carrying the nonce it was given.

``trick`` makes it misbehave the way an attacker or a broken provider would: a token
whose payload was changed after signing (``tampered``), signed by another key
(``foreign_key``), carrying another nonce (``wrong_nonce``), meant for another client
(``wrong_audience``), already expired (``expired``), or from another issuer
(``wrong_issuer``).

Written for Accord's tests (the installable mock providers cannot sign a token wrongly
on purpose); it is not a provider to run for people.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "Grant", "LocalProvider", "oidc_provider"]

CLIENT_ID = "accord-test"
CLIENT_SECRET = "a client secret for tests"


@dataclass
class Grant:
    """What ``/authorize`` handed out for one code."""

    redirect_uri: str
    nonce: str
    challenge: str
    claims: dict[str, Any]


@dataclass
class LocalProvider:
    """The provider's state: who signs in next, and how it should misbehave."""

    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    person: dict[str, Any] = field(default_factory=dict)
    trick: str | None = None
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: int = 0
    clock: Callable[[], float] = time.time
    """The provider's time (a test gives it the clock Accord runs on)."""

    def sign_in_as(self, sub: str, **claims: Any) -> None:
        """Who the next visit to ``/authorize`` signs in (``email``, ``groups``, ...)."""
        self.person = {"sub": sub, **claims}

    def id_token(self, grant: Grant) -> str:
        now = int(self.clock())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": grant.nonce, **grant.claims}  # fmt: skip
        key = self.key
        if self.trick == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        elif self.trick == "wrong_audience":
            claims["aud"] = "another-client"
        elif self.trick == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif self.trick == "wrong_issuer":
            claims["iss"] = "https://elsewhere.example"
        elif self.trick == "foreign_key":
            key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        if self.trick == "tampered":
            header, payload, signature = token.split(".")
            changed = json.loads(_unb64(payload))
            changed["email"] = "olga@clinic.example"  # someone else's address
            token = ".".join((header, _b64(json.dumps(changed).encode()), signature))
        return token


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _handler(provider: LocalProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, {
                    "issuer": provider.issuer,
                    "authorization_endpoint": provider.issuer + "/authorize",
                    "token_endpoint": provider.issuer + "/token",
                    "jwks_uri": provider.issuer + "/jwks",
                    "response_types_supported": ["code"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                })  # fmt: skip
            elif url.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
            else:
                self._json(404, {"error": "not_found"})

        def _authorize(self, query: dict[str, str]) -> None:
            if query.get("client_id") != CLIENT_ID or query.get("code_challenge_method") != "S256":
                self._json(400, {"error": "invalid_request"})
                return
            code = secrets.token_urlsafe(16)
            provider.grants[code] = Grant(
                query["redirect_uri"], query.get("nonce", ""), query["code_challenge"],
                dict(provider.person),
            )  # fmt: skip
            back = urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?{back}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            provider.token_requests += 1
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            kind, _, given = self.headers.get("Authorization", "").partition(" ")
            pair = base64.b64decode(given or "").decode() if kind == "Basic" else ""
            client, _, secret = pair.partition(":")
            if (unquote_plus(client), unquote_plus(secret)) != (CLIENT_ID, CLIENT_SECRET):
                self._json(401, {"error": "invalid_client"})
                return
            grant = provider.grants.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = _b64(hashlib.sha256(verifier.encode()).digest())
            if (
                grant is None
                or form.get("grant_type") != "authorization_code"
                or form.get("redirect_uri") != grant.redirect_uri
                or challenge != grant.challenge
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                             "id_token": provider.id_token(grant)})  # fmt: skip

    return Handler


@contextmanager
def oidc_provider() -> Iterator[LocalProvider]:
    """Serve a :class:`LocalProvider` on 127.0.0.1 (its issuer is ``http://127.0.0.1:PORT``)."""
    provider = LocalProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
