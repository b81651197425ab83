"""Accord's settings: one typed class, read from ``ACCORD_*`` environment variables.

Every setting has a default and a one-line description; ``accord settings`` and
``docs/settings.md`` show them, and a test fails when one is undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from accord.errors import ConfigurationError

__all__ = ["Settings", "default_data_dir", "load_settings"]


_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ROLES = ("owner", "admin", "negotiator", "viewer", "auditor")


def default_data_dir() -> Path:
    """The per-user data directory (for example ``~/.local/share/accord`` on Linux)."""
    return Path(platformdirs.user_data_dir("accord", appauthor=False))


class Settings(BaseSettings):
    """Accord's configuration. Environment variables use the prefix ``ACCORD_``."""

    model_config = SettingsConfigDict(env_prefix="ACCORD_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Directory for the SQLite database, market data and exports.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the database; empty means a SQLite file accord.db in the "
            "data directory. PostgreSQL: postgresql+psycopg://user:pass@host/db."
        ),
    )
    market_dir: Path | None = Field(
        default=None,
        description="Directory of the Parquet market dataset; empty means DATA_DIR/market.",
    )
    templates_dir: Path | None = Field(
        default=None,
        description=(
            "Directory of the organisation's document wording (proposal.yaml, "
            "agreement.yaml, brief.yaml, savings.yaml); empty means DATA_DIR/templates."
        ),
    )
    trusted_hosts: str = Field(
        default="localhost,127.0.0.1,[::1]",
        description=(
            "Comma-separated host names the server answers to (others get 400); add the "
            "name a team uses, e.g. accord.clinic.example or *.clinic.example."
        ),
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info",
        description=(
            "Server log level: info logs one access line per request (request id, route, "
            "status, duration); warning only problems."
        ),
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="Server log lines as readable text, or json (one JSON object per line).",
    )
    session_hours: int = Field(
        default=12,
        ge=1,
        le=24 * 30,
        description="Hours a browser stays signed in before it must sign in again.",
    )
    trusted_proxy: bool = Field(
        default=False,
        description=(
            "Accord is served behind a reverse proxy that terminates TLS: accord serve "
            "may then listen beyond loopback without --ssl-certfile."
        ),
    )
    oidc_issuer: str | None = Field(
        default=None,
        description=(
            "Single sign-on: the OpenID Connect provider's issuer URL (https; http only on "
            "loopback, for tests); empty means no single sign-on, only passwords and links."
        ),
    )
    oidc_provider_name: str = Field(
        default="your organisation",
        max_length=60,
        description="Single sign-on: the provider's name on the button, 'Sign in with <name>'.",
    )
    oidc_client_id: str | None = Field(
        default=None,
        description="Single sign-on: Accord's client id at the provider.",
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Single sign-on: Accord's client secret (or give OIDC_CLIENT_SECRET_FILE); "
            "never printed."
        ),
    )
    oidc_client_secret_file: Path | None = Field(
        default=None,
        description="Single sign-on: a file holding the client secret (its first line).",
    )
    oidc_allowed_domains: str = Field(
        default="",
        description=(
            "Single sign-on: comma-separated e-mail domains allowed to sign in (the "
            "provider must say the address is verified); empty means any."
        ),
    )
    oidc_role_claim: str | None = Field(
        default=None,
        description=(
            "Single sign-on: the ID token claim whose values map to roles (e.g. groups); "
            "with OIDC_ROLE_MAP only people whose claim maps to a role may sign in."
        ),
    )
    oidc_role_map: str = Field(
        default="",
        description=(
            "Single sign-on: claim value=role pairs, comma-separated, e.g. "
            "'accord-admins=admin,billing=negotiator'; the highest role matched wins."
        ),
    )
    oidc_create_users: bool = Field(
        default=False,
        description=(
            "Single sign-on: make an Accord user at a person's first sign-in (else an "
            "owner or admin adds them first, named by their e-mail address)."
        ),
    )
    oidc_new_user_role: Literal["admin", "negotiator", "viewer", "auditor"] = Field(
        default="viewer",
        description="Single sign-on: the role of a user made at first sign-in (no role map).",
    )
    sql_echo: bool = Field(
        default=False,
        description="Log every SQL statement (for debugging; never use with patient data).",
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:// and postgresql+psycopg:// URLs are supported")
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # psycopg 3 is the chosen driver; the bare scheme would pick psycopg2.
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _secure_issuer(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        parsed = urlsplit(value.strip())
        loopback = parsed.hostname in _LOOPBACK
        if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
            raise ValueError(
                f"the issuer must be an https:// URL (http:// only on loopback); got {value!r}"
            )
        if not parsed.hostname or parsed.query or parsed.fragment:
            raise ValueError(
                f"expected an issuer URL like https://login.example.org; got {value!r}"
            )
        return value.strip().rstrip("/")

    @field_validator("oidc_role_map")
    @classmethod
    def _known_roles(cls, value: str) -> str:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            claim, sep, role = pair.rpartition("=")
            if not sep or not claim.strip() or role.strip() not in _ROLES:
                raise ValueError(
                    f"expected value=role pairs with a role of {', '.join(_ROLES)}; got {pair!r}"
                )
        return value

    @property
    def oidc_secret(self) -> str | None:
        """The client secret, from OIDC_CLIENT_SECRET or the first line of its file."""
        if self.oidc_client_secret is not None:
            return self.oidc_client_secret.get_secret_value()
        if self.oidc_client_secret_file is None:
            return None
        try:
            lines = self.oidc_client_secret_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(
                f"ACCORD_OIDC_CLIENT_SECRET_FILE: cannot read {self.oidc_client_secret_file}: "
                f"{exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}"
            ) from exc
        return lines[0].strip() if lines and lines[0].strip() else None

    @property
    def resolved_database_url(self) -> str:
        """The database URL to connect to, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'accord.db'}"

    @property
    def resolved_market_dir(self) -> Path:
        """The market dataset directory, with its default filled in."""
        return self.market_dir or self.data_dir / "market"

    @property
    def resolved_templates_dir(self) -> Path:
        """The document templates directory, with its default filled in."""
        return self.templates_dir or self.data_dir / "templates"

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Each setting's environment variable, default and description, for docs and help."""
        rows = []
        for name, field in cls.model_fields.items():
            default: Any = field.default
            if field.default_factory is not None:
                default = "(per-user data directory)" if name == "data_dir" else "(computed)"
            rows.append(
                {
                    "env": f"ACCORD_{name.upper()}",
                    "default": default,
                    "description": field.description or "",
                }
            )
        return rows


def load_settings() -> Settings:
    """Settings from the environment; a bad value is a :class:`ConfigurationError` naming it."""
    try:
        return Settings()
    except PydanticValidationError as exc:
        problems = "; ".join(
            f"ACCORD_{'_'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigurationError(f"invalid setting: {problems}") from exc
