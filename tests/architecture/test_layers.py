"""The layers of DESIGN.md and STYLE.md, checked on the source tree."""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import accord

SRC = Path(accord.__file__).parent
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}

# What every entry point may import besides itself: the wiring, the shared HTTP room, the
# services and the domain; never another entry point (issue 10, step 2).
ENTRY = frozenset({"accord", "bootstrap", "config", "domain", "errors", "http", "services"})
ENTRY_POINTS = ("cli", "api", "web")

# Which layers of Accord each layer may import (DESIGN.md §3, docs/architecture.md).
# A layer is a folder of src/accord (entry points one each) or a top-level module.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "config": frozenset({"errors"}),
    "domain": frozenset({"domain", "errors"}),
    "services": frozenset({"accord", "domain", "errors", "services"}),
    # an adapter implements a port: it may read the port modules of services (below)
    "adapters": frozenset({"accord", "adapters", "domain", "errors", "services:ports"}),
    "bootstrap": frozenset({"adapters", "config", "domain", "errors", "services"}),
    # the shared HTTP room: what api and web both need (the app, its dependencies, error
    # rendering, the schemas of what goes over HTTP, hosts, origins, limits, caching; who
    # is signed in: auth.py asks the sign-in services once for both; who acts, for the
    # audit trail: audit_source.py)
    "http": frozenset({"accord", "bootstrap", "config", "domain", "errors", "http", "services"}),
    # the composition root of the HTTP doors (accord/asgi.py): api and web side by side
    "asgi": ENTRY | {"api", "web"},
    # `accord serve` serves the composed application
    "cli": ENTRY | {"cli", "asgi"},
    "api": ENTRY | {"api"},
    "web": ENTRY | {"web"},
}

# What each layer may import from outside Accord besides the standard library (None:
# anything). The domain is plain Python + numpy; the use cases need nothing more either.
THIRD_PARTY: dict[str, frozenset[str] | None] = {
    "errors": frozenset(),
    "config": None,
    "domain": frozenset({"numpy"}),
    "services": frozenset({"numpy"}),
    "adapters": None,
    "bootstrap": frozenset(),
    "http": None,
    "asgi": None,
    "cli": None,
    "api": None,
    "web": None,
}
# The market's domain is stricter still: these standard modules, numpy, nothing else.
MARKET_DOMAIN_ROOTS = frozenset(
    {"__future__", "collections", "dataclasses", "decimal", "difflib", "re", "typing", "numpy"}
)
# No entry point talks to a database, a Parquet file or DuckDB itself.
STORAGE = frozenset({"sqlalchemy", "alembic", "psycopg", "duckdb", "pyarrow"})

# Entry points importing each other: none since issue 10, step 2 moved what they share
# into the shared HTTP room (and the parsers of text into the domain). The counts before
# (imports, not modules): web → api 44, web → cli 2, api → web 1, cli → api 1.
PAIRS = [(a, b) for a in ENTRY_POINTS for b in ENTRY_POINTS if a != b]


def layer_of(module: str) -> str:
    """``accord.services.market`` -> ``services``; ``accord.entrypoints.web.x`` -> ``web``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "accord"
    if parts[1] == "entrypoints":
        return parts[2] if len(parts) > 2 else "entrypoints"
    return parts[1]


def is_port_module(name: str) -> bool:
    """Whether ``name`` is one of the services' port modules: the protocols adapters
    satisfy and the plain values that cross them (no use case)."""
    last = name.rsplit(".", 1)[-1]
    return name.startswith("accord.services.") and (
        last in ("ports", "read_model") or last.endswith("_ports")
    )


def source_modules() -> list[Path]:
    """Every module of the package but the generated migrations."""
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def accord_imports() -> list[tuple[str, str, str, str]]:
    """(importing layer, imported layer, importing module, imported module) of every
    import of Accord by Accord."""
    found = []
    for path in source_modules():
        name = module_name(path)
        for imported in imported_roots(path):
            if imported == "accord" or imported.startswith("accord."):
                found.append((layer_of(name), layer_of(imported), name, imported))
    return found


def allowed(importer: str, imported_layer: str, imported: str) -> bool:
    rules = MAY_IMPORT[importer]
    if imported_layer == "services" and "services:ports" in rules:
        return is_port_module(imported)
    return imported_layer in rules


def test_every_layer_of_the_tree_is_in_the_table() -> None:
    layers = {layer_of(module_name(p)) for p in source_modules()} - {"accord", "entrypoints"}
    assert layers == set(MAY_IMPORT)


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_a_layer_imports_only_the_layers_the_table_allows(layer: str) -> None:
    wrong = [
        f"{module} imports {imported}"
        for importer, imported_layer, module, imported in accord_imports()
        if importer == layer and not allowed(importer, imported_layer, imported)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("importer", "imported"), PAIRS)
def test_entry_points_do_not_import_each_other(importer: str, imported: str) -> None:
    pairs = [
        f"{module} imports {name}"
        for source, target, module, name in accord_imports()
        if (source, target) == (importer, imported)
    ]
    assert not pairs, f"{len(pairs)} imports:\n" + "\n".join(pairs)


def test_services_and_entry_points_import_no_adapter() -> None:
    # The target of issue 10, step 1, counted apart so that its number is plain to see.
    found = [
        f"{module} imports {imported}"
        for importer, imported_layer, module, imported in accord_imports()
        if imported_layer == "adapters"
        and importer in ("services", "cli", "api", "web", "http", "asgi")
    ]
    assert found == []


@pytest.mark.parametrize("path", source_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_a_module_imports_only_the_libraries_its_layer_allows(path: Path) -> None:
    name = module_name(path)
    layer = layer_of(name)
    roots = {n.split(".")[0] for n in imported_roots(path)} - STDLIB - {"accord"}
    permitted = THIRD_PARTY.get(layer)
    if permitted is not None:
        assert roots <= permitted, f"{name} imports {sorted(roots - permitted)}"
    if layer in ("cli", "api", "web", "http", "asgi"):
        assert not roots & STORAGE, f"{name} imports {sorted(roots & STORAGE)}"
    if name.startswith("accord.domain.market"):
        for imported in imported_roots(path):
            root = imported.split(".")[0]
            assert root in MARKET_DOMAIN_ROOTS or imported.startswith(
                ("accord.domain", "accord.errors")
            ), f"{name} imports {imported}"


def public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="accord."):
        if ".migrations" in info.name or info.ispkg:
            continue
        names.append(info.name)
    return names


@pytest.mark.parametrize("name", public_modules())
def test_every_module_declares_its_public_surface(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    for symbol in exported:
        assert hasattr(module, symbol), f"{name}.__all__ names {symbol}, which does not exist"


def test_importing_accord_does_nothing(tmp_path: Path) -> None:
    # Importing the wiring, the CLI and the web app must not read settings, create the
    # data directory or open a database: that happens in bootstrap(), on purpose.
    data = tmp_path / "never-created"
    code = (
        "import accord.bootstrap, accord.entrypoints.cli.app, accord.entrypoints.api.app, "
        "accord.asgi, accord.services.demo"
    )
    env = {**os.environ, "ACCORD_DATA_DIR": str(data), "ACCORD_DATABASE_URL": "mysql://x"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not data.exists()
