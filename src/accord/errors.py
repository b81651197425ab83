"""The one exception tree of Accord.

Every error a user can cause derives from :class:`AccordError`. Adapters translate
library exceptions into these (``raise ... from exc``); the CLI prints ``str(error)``
and exits with :attr:`AccordError.exit_code`; the API maps :attr:`AccordError.http_status`.

    AccordError
    ├── ValidationError        bad value from a user (400/422)
    │   └── InputFileError     bad input file: carries path and line or byte offset
    ├── NotFoundError          no such record (404)
    ├── ConflictError          record changed or already exists (409)
    │   └── StaleVersionError  a write raced another one (retried by the services)
    ├── InvalidTransitionError a stage change the process does not allow (409)
    ├── ConfigurationError     bad setting or missing dependency (500, exit 78)
    ├── NotSignedInError       no session or API token, or a wrong password (401)
    ├── PermissionDeniedError  the user's role does not allow the action (403)
    ├── TooManyAttemptsError   sign-in throttled after repeated failures (429)
    ├── StoreError             the database failed (503)
    └── AuditChainError        the audit trail's hash chain is broken (exit 9)
"""

from __future__ import annotations

__all__ = [
    "AccordError",
    "AuditChainError",
    "ConfigurationError",
    "ConflictError",
    "InputFileError",
    "InvalidTransitionError",
    "NotFoundError",
    "NotSignedInError",
    "PermissionDeniedError",
    "StaleVersionError",
    "StoreError",
    "TooManyAttemptsError",
    "ValidationError",
]


class AccordError(Exception):
    """Base of every error Accord raises on purpose."""

    http_status: int = 500
    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AccordError):
    """A value a user gave is not acceptable; ``field`` names where it is."""

    http_status = 422
    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


class InputFileError(ValidationError):
    """An input file is malformed; the message names the file and where in it."""

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        where = path
        if line is not None:
            where += f", line {line}"
        if offset is not None:
            where += f", byte {offset}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.offset = offset


class NotFoundError(AccordError):
    """The record asked for does not exist."""

    http_status = 404
    exit_code = 3


class ConflictError(AccordError):
    """The record exists already, or changed since it was read."""

    http_status = 409
    exit_code = 4


class StaleVersionError(ConflictError):
    """The negotiation changed between reading it and writing the change.

    A service that applies to the current version (no If-Match, or an append) reloads
    and tries again; only a change made under an explicit version reaches the user.
    """


class InvalidTransitionError(ConflictError):
    """A negotiation cannot move from its stage to the one asked for."""


class ConfigurationError(AccordError):
    """A setting is wrong or something Accord needs is missing."""

    http_status = 500
    exit_code = 78


class StoreError(AccordError):
    """The database could not do what was asked."""

    http_status = 503
    exit_code = 5


class NotSignedInError(AccordError):
    """No valid session or API token, or a user name and password that do not match."""

    http_status = 401
    exit_code = 6


class PermissionDeniedError(AccordError):
    """The signed-in user's role (or the token's scope) does not allow the action."""

    http_status = 403
    exit_code = 7


class TooManyAttemptsError(AccordError):
    """Sign-in refused for a while after repeated wrong passwords."""

    http_status = 429
    exit_code = 8


class AuditChainError(AccordError):
    """The audit trail does not verify: a row was edited, removed or inserted."""

    http_status = 500
    exit_code = 9
