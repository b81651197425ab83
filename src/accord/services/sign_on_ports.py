"""What single sign-on needs from the outside: an OpenID Connect identity provider.

The adapter (``adapters/sign_on/``) speaks to the provider the settings name, and only
when someone signs in: it builds the address the browser is sent to (authorization
code flow with PKCE, a state and a nonce), then trades the code the browser brings back
for an ID token whose signature it checks against the provider's published keys
(JWKS) and whose issuer, audience, expiry and nonce it checks, before anything here
trusts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from accord.domain.single_sign_on import VerifiedIdentity

__all__ = ["IdentityProvider", "SignOnStart"]


@dataclass(frozen=True, slots=True)
class SignOnStart:
    """Where to send the browser, and the secrets its return must match (kept by the
    browser's session only: the state, the nonce and the PKCE verifier)."""

    url: str
    state: str
    nonce: str
    verifier: str


class IdentityProvider(Protocol):
    """An OpenID Connect provider (the organisation's identity provider)."""

    @property
    def name(self) -> str:
        """The name on the sign-in button: 'Sign in with <name>'."""
        ...

    def start(self, redirect_uri: str) -> SignOnStart:
        """A new sign-in: fresh state, nonce and PKCE verifier, and the provider's
        authorization address carrying them."""
        ...

    def finish(
        self, *, code: str, redirect_uri: str, verifier: str, nonce: str, now: datetime
    ) -> VerifiedIdentity:
        """Trade ``code`` for an ID token and verify it (signature against the JWKS,
        issuer, audience, expiry, nonce); NotSignedInError when anything is wrong."""
        ...
