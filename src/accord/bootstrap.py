"""Wires settings to adapters and services. Nothing happens at import.

This is the one module outside ``adapters/`` that imports adapters: it builds each one
behind its port and hands them to the entry points on :class:`Accord`. What is costly
to build is built on first use: the database engine (``Accord.store``), and a DuckDB
connection per question (``Accord.market.queries()``, closed after).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from accord.adapters.archive_files import JsonArchives
from accord.adapters.backup.market_tar import TarDirectories
from accord.adapters.backup.postgres_backup import PostgresBackups
from accord.adapters.backup.sqlite_backup import SqliteBackups
from accord.adapters.charts.svg_charts import SvgCharts
from accord.adapters.contracts.contract_files import ContractFiles
from accord.adapters.contracts.medicare_prices import NoMedicarePrices
from accord.adapters.contracts.reference_tables import ReferenceTables
from accord.adapters.documents.docx import DocxRenderer
from accord.adapters.documents.docx_template import DocxtplTemplates
from accord.adapters.documents.files import AtomicFiles
from accord.adapters.documents.logos import PillowLogoImages
from accord.adapters.documents.pdf import PdfRenderer
from accord.adapters.documents.templates import YamlDocumentTemplates
from accord.adapters.market.file_parallel import ProcessesOrDask
from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.medicare_prices import MarketMedicarePrices
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.passwords.argon2_hasher import Argon2Passwords
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import SyntheticRemittances
from accord.adapters.scenarios.scenario_files import ScenarioFiles
from accord.adapters.sign_on.oidc import OidcProvider
from accord.adapters.store.sign_in_failures import StoredSignInFailures
from accord.adapters.store.store import Store
from accord.adapters.workbooks import OpenpyxlWorkbooks
from accord.config import Settings, load_settings
from accord.domain.accounts import Role
from accord.domain.single_sign_on import SignOnPolicy, parse_role_map
from accord.errors import ConfigurationError
from accord.services.account_ports import PasswordHasher
from accord.services.archive_ports import Archives
from accord.services.backup_ports import BackupStore, DirectoryArchives
from accord.services.chart_ports import Charts
from accord.services.contract_ports import (
    ContractFileStore,
    MedicarePriceSource,
    ReferenceTableSource,
)
from accord.services.document_templates import DocxTemplateEngine, LogoImages
from accord.services.documents import (
    DocumentFiles,
    DocumentFormat,
    DocumentRenderer,
    DocumentTemplates,
)
from accord.services.ingest_ports import FileParallel, PriceFiles
from accord.services.market_ports import MarketData, ReferenceFiles
from accord.services.ports import Clock
from accord.services.read_cache import ReadCache
from accord.services.remittance_ports import DemoRemittances, RemittanceReader
from accord.services.scenario_ports import ScenarioLibrary
from accord.services.sign_in_throttle import SignInThrottle
from accord.services.sign_on_ports import IdentityProvider
from accord.services.workbook_ports import Workbooks

__all__ = ["Accord", "SystemClock", "bootstrap"]


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Accord:
    """Everything a CLI command, API route or web page needs to call a service.

    Each field is an adapter behind its port (see ``services/*ports.py``); ``store`` is
    opened on first use, so a command that never touches the database never opens it.
    """

    settings: Settings
    clock: Clock
    market: MarketData
    reference_files: ReferenceFiles
    price_files: PriceFiles
    parallel: FileParallel
    charts: Charts
    contract_files: ContractFileStore
    reference_tables: ReferenceTableSource
    scenarios: ScenarioLibrary
    archives: Archives
    remittance_reader: RemittanceReader
    demo_remittances: DemoRemittances
    renderers: dict[DocumentFormat, DocumentRenderer] = field(default_factory=dict)
    templates: DocumentTemplates = field(default_factory=YamlDocumentTemplates)
    document_files: DocumentFiles = field(default_factory=AtomicFiles)
    medicare_prices: MedicarePriceSource = field(default_factory=NoMedicarePrices)
    logo_images: LogoImages = field(default_factory=PillowLogoImages)
    docx_templates: DocxTemplateEngine = field(default_factory=DocxtplTemplates)
    market_archives: DirectoryArchives = field(default_factory=TarDirectories)
    read_cache: ReadCache = field(default_factory=ReadCache)
    """This process's cache of read-model answers (the pipeline), kept per record version."""
    passwords: PasswordHasher = field(default_factory=Argon2Passwords)
    workbooks: Workbooks = field(default_factory=OpenpyxlWorkbooks)
    sign_on: IdentityProvider | None = None
    """The organisation's OpenID Connect provider, when ``ACCORD_OIDC_ISSUER`` names one."""
    sign_on_policy: SignOnPolicy = field(default_factory=SignOnPolicy)
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The database (engine and units of work), built on first use."""
        if self._store is None:
            self._store = Store(
                self.settings.resolved_database_url,
                echo=self.settings.sql_echo,
                now=self.clock.now,  # the audit trail's "when"
            )
        return self._store

    @property
    def sign_in_throttle(self) -> SignInThrottle:
        """Failed sign-ins counted in the database, so every worker process (and every
        server on one PostgreSQL) throttles the same account and address alike."""
        return SignInThrottle(StoredSignInFailures(self.store.engine))

    @property
    def backups(self) -> BackupStore:
        """Backups of this database: a SQLite copy, or ``pg_dump`` for PostgreSQL."""
        engine = self.store.engine
        if engine.dialect.name == "sqlite" and engine.url.database:
            return SqliteBackups(Path(engine.url.database))
        return PostgresBackups(engine)

    def with_market_dir(self, market_dir: Path) -> Accord:
        """The same Accord over another market dataset (``--market-dir``)."""
        settings = self.settings.model_copy(update={"market_dir": market_dir})
        return replace(
            self,
            settings=settings,
            market=self.market.at(market_dir),
            medicare_prices=MarketMedicarePrices(settings.resolved_market_dir),
        )

    def close(self) -> None:
        """Release the database connections, if the database was opened."""
        if self._store is not None:
            self._store.dispose()


def bootstrap(
    settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool = True
) -> Accord:
    """Build Accord from settings; by default bring the database schema up to date.

    With ``migrate=False`` nothing is opened until a service asks for it.
    """
    settings = settings or load_settings()
    accord = Accord(
        settings=settings,
        clock=clock or SystemClock(),
        market=ParquetMarket(settings.resolved_market_dir),
        reference_files=CmsReferenceFiles(),
        price_files=PriceFileReaders(),
        parallel=ProcessesOrDask(),
        charts=SvgCharts(),
        contract_files=ContractFiles(),
        reference_tables=ReferenceTables(),
        scenarios=ScenarioFiles(),
        archives=JsonArchives(),
        remittance_reader=OxediRemittanceReader(),
        demo_remittances=SyntheticRemittances(),
        renderers={DocumentFormat.DOCX: DocxRenderer(), DocumentFormat.PDF: PdfRenderer()},
        templates=YamlDocumentTemplates(settings.resolved_templates_dir),
        document_files=AtomicFiles(),
        logo_images=PillowLogoImages(),
        docx_templates=DocxtplTemplates(),
        medicare_prices=MarketMedicarePrices(settings.resolved_market_dir),
        sign_on=_identity_provider(settings),
        sign_on_policy=_sign_on_policy(settings),
    )
    if migrate:
        accord.store.migrate()
    return accord


def _identity_provider(settings: Settings) -> IdentityProvider | None:
    """The OpenID Connect provider of the settings, or None (no single sign-on). Nothing
    is fetched here: the provider is asked only when someone signs in with it."""
    if settings.oidc_issuer is None:
        return None
    if not settings.oidc_client_id:
        raise ConfigurationError(
            "ACCORD_OIDC_ISSUER is set but ACCORD_OIDC_CLIENT_ID is not: single sign-on "
            "needs the client id Accord has at the provider"
        )
    return OidcProvider(
        issuer=settings.oidc_issuer, client_id=settings.oidc_client_id,
        client_secret=settings.oidc_secret, name=settings.oidc_provider_name,
    )  # fmt: skip


def _sign_on_policy(settings: Settings) -> SignOnPolicy:
    domains = (d.strip().lower().lstrip("@") for d in settings.oidc_allowed_domains.split(","))
    return SignOnPolicy(
        allowed_domains=frozenset(d for d in domains if d),
        role_claim=settings.oidc_role_claim or None,
        role_map=parse_role_map(settings.oidc_role_map),
        create_users=settings.oidc_create_users,
        new_user_role=Role(settings.oidc_new_user_role),
    )
