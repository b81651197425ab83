"""Accord's settings: one typed class, read from ``ACCORD_*`` environment variables.

Every setting has a default and a one-line description; ``accord settings`` and
``docs/settings.md`` show them, and a test fails when one is undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from accord.errors import ConfigurationError

__all__ = ["Settings", "default_data_dir", "load_settings"]


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
