"""Wires settings to adapters and services. Nothing happens at import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from accord.adapters.documents.docx import DocxRenderer
from accord.adapters.documents.files import AtomicFiles
from accord.adapters.documents.pdf import PdfRenderer
from accord.adapters.documents.templates import YamlDocumentTemplates
from accord.adapters.store.store import Store
from accord.config import Settings, load_settings
from accord.services.documents import (
    DocumentFiles,
    DocumentFormat,
    DocumentRenderer,
    DocumentTemplates,
)
from accord.services.ports import Clock

__all__ = ["Accord", "SystemClock", "bootstrap"]


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Accord:
    """Everything a CLI command, API route or web page needs to call a service."""

    settings: Settings
    store: Store
    clock: Clock
    renderers: dict[DocumentFormat, DocumentRenderer] = field(default_factory=dict)
    templates: DocumentTemplates = field(default_factory=YamlDocumentTemplates)
    document_files: DocumentFiles = field(default_factory=AtomicFiles)

    def close(self) -> None:
        self.store.dispose()


def bootstrap(
    settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool = True
) -> Accord:
    """Build Accord from settings; by default bring the database schema up to date."""
    settings = settings or load_settings()
    store = Store(settings.resolved_database_url, echo=settings.sql_echo)
    if migrate:
        store.migrate()
    return Accord(
        settings=settings,
        store=store,
        clock=clock or SystemClock(),
        renderers={DocumentFormat.DOCX: DocxRenderer(), DocumentFormat.PDF: PdfRenderer()},
        templates=YamlDocumentTemplates(settings.resolved_templates_dir),
    )
