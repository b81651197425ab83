"""An OpenID Connect provider, reached only when someone signs in.

Discovery (``/.well-known/openid-configuration``) and the provider's keys (JWKS) are
fetched on the first sign-in and kept for the process; the keys are fetched again when
a token names a key id not among them (the provider rotated its keys). The ID token is
checked with joserfc: the signature against those keys (asymmetric algorithms only:
RS256/384/512, PS256/384/512, ES256/384/512 — never ``none`` or a shared secret),
then ``iss`` (the configured issuer), ``aud`` (our client id; ``azp`` too when there are
several audiences), ``exp`` and ``iat`` (with a minute of leeway for clocks),
and the ``nonce`` this browser's sign-in was started with.

joserfc (by Authlib's author) was chosen over Authlib, PyJWT and python-jose: it does
only JOSE (JWS, JWK, JWT), is typed, maintained, and needs nothing but ``cryptography``;
the two HTTP calls of the code flow are a few lines of the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from accord.domain.single_sign_on import VerifiedIdentity
from accord.errors import NotSignedInError
from accord.services.sign_on_ports import SignOnStart

__all__ = ["ALGORITHMS", "OidcProvider"]

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
_LEEWAY = 60  # seconds of clock difference tolerated between us and the provider
_MAX_BODY = 1 << 20  # a discovery document, a key set or a token answer is small


class OidcProvider:
    """The :class:`~accord.services.sign_on_ports.IdentityProvider` of one issuer."""

    def __init__(
        self, *, issuer: str, client_id: str, client_secret: str | None, name: str,
        timeout: float = 10.0,
    ) -> None:  # fmt: skip
        self.issuer = issuer.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._name = name
        self._timeout = timeout
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    @property
    def name(self) -> str:
        return self._name

    # -- talking to the provider ---------------------------------------------------

    def _fetch(self, url: str, *, data: bytes | None = None) -> dict[str, Any]:
        request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            if self._client_secret is not None:
                pair = f"{_quote(self._client_id)}:{_quote(self._client_secret)}".encode()
                request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                body = answer.read(_MAX_BODY + 1)
        except urllib.error.HTTPError as exc:
            raise NotSignedInError(
                f"the sign-in provider refused ({exc.code}) at {_where(url)}{_reason(exc)}"
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise NotSignedInError(
                f"could not reach the sign-in provider at {_where(url)}; try again, or ask "
                "an owner or admin to check ACCORD_OIDC_ISSUER"
            ) from exc
        try:
            parsed = json.loads(body[:_MAX_BODY])
        except ValueError as exc:
            raise NotSignedInError(
                f"the sign-in provider at {_where(url)} did not answer JSON"
            ) from exc
        if not isinstance(parsed, dict):
            raise NotSignedInError(f"the sign-in provider at {_where(url)} answered no object")
        return parsed

    def _discovery(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                found = self._fetch(self.issuer + "/.well-known/openid-configuration")
                if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                    raise NotSignedInError(
                        "the sign-in provider's discovery document names another issuer "
                        f"({str(found.get('issuer'))[:100]!r}); check ACCORD_OIDC_ISSUER"
                    )
                for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(found.get(key), str):
                        raise NotSignedInError(f"the sign-in provider publishes no {key}")
                self._metadata = found
            return self._metadata

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        with self._lock:
            keys = self._keys
        if keys is None or refresh:
            document = self._fetch(self._discovery()["jwks_uri"])
            try:
                keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError, KeyError) as exc:
                raise NotSignedInError("the sign-in provider's keys (JWKS) are unreadable") from exc
            with self._lock:
                self._keys = keys
        return keys

    # -- the flow ------------------------------------------------------------------

    def start(self, redirect_uri: str) -> SignOnStart:
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = _b64(hashlib.sha256(verifier.encode("ascii")).digest())
        query = urllib.parse.urlencode(
            {
                "response_type": "code", "client_id": self._client_id,
                "redirect_uri": redirect_uri, "scope": "openid email profile",
                "state": state, "nonce": nonce,
                "code_challenge": challenge, "code_challenge_method": "S256",
            }
        )  # fmt: skip
        endpoint = self._discovery()["authorization_endpoint"]
        joiner = "&" if "?" in endpoint else "?"
        return SignOnStart(f"{endpoint}{joiner}{query}", state, nonce, verifier)

    def finish(
        self, *, code: str, redirect_uri: str, verifier: str, nonce: str, now: datetime
    ) -> VerifiedIdentity:
        form = {
            "grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri, "code_verifier": verifier,
        }  # fmt: skip
        if self._client_secret is None:
            form["client_id"] = self._client_id
        answer = self._fetch(
            self._discovery()["token_endpoint"], data=urllib.parse.urlencode(form).encode()
        )
        id_token = answer.get("id_token")
        if not isinstance(id_token, str) or len(id_token) > _MAX_BODY:
            raise NotSignedInError("the sign-in provider sent no ID token")
        claims = self._verified(id_token, nonce, now)
        return VerifiedIdentity(
            issuer=self.issuer, subject=str(claims["sub"]),
            email=claims["email"] if isinstance(claims.get("email"), str) else None,
            email_verified=claims.get("email_verified") is True, claims=claims,
        )  # fmt: skip

    def _decode(self, id_token: str) -> jwt.Token:
        try:
            return jwt.decode(id_token, self._key_set(), algorithms=ALGORITHMS)
        except JoseError as first:
            # A key id we do not know yet: the provider may have rotated its keys.
            if not _unknown_key(first):
                raise _refused(first) from first
        try:
            return jwt.decode(id_token, self._key_set(refresh=True), algorithms=ALGORITHMS)
        except JoseError as exc:
            raise _refused(exc) from exc

    def _verified(self, id_token: str, nonce: str, now: datetime) -> dict[str, Any]:
        token = self._decode(id_token)
        registry = JWTClaimsRegistry(
            now=int(now.timestamp()), leeway=_LEEWAY,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self._client_id},
            sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )  # fmt: skip
        try:
            registry.validate(token.claims)
        except JoseError as exc:
            raise _refused(exc) from exc
        audiences = token.claims.get("aud")
        several = isinstance(audiences, list) and len(audiences) > 1
        if several and token.claims.get("azp") != self._client_id:
            raise NotSignedInError("the sign-in provider's ID token was meant for another party")
        return dict(token.claims)


def _unknown_key(exc: JoseError) -> bool:
    return type(exc).__name__ in {"InvalidKeyIdError", "MissingKeyError"}


def _refused(exc: JoseError) -> NotSignedInError:
    """A token that failed a check, in words (the details go to the exception's cause)."""
    kind = type(exc).__name__
    what = {
        "BadSignatureError": "its signature does not match the provider's keys",
        "ExpiredTokenError": "it has expired",
        "InvalidClaimError": f"its {getattr(exc, 'claim', 'claims')} is not what was expected",
        "MissingClaimError": f"it lacks {getattr(exc, 'claim', 'a claim')}",
        "UnsupportedAlgorithmError": "it is signed with an algorithm Accord does not accept",
    }.get(kind, "it could not be verified")
    return NotSignedInError(
        f"the sign-in provider's ID token was refused: {what}; start again from the sign-in page"
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _quote(text: str) -> str:
    # RFC 6749 §2.3.1: the id and secret are form-encoded before Basic authentication
    return urllib.parse.quote_plus(text, safe="")


def _where(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _reason(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read(4096))
    except (ValueError, OSError):
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return f": {str(error)[:80]}" if error else ""
