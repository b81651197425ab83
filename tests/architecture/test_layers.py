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
FRAMEWORKS = {
    "sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn", "typer", "click",
    "rich", "duckdb", "pyarrow", "matplotlib", "yaml", "pydantic", "pydantic_settings",
    "cattrs", "orjson", "jinja2", "httpx", "requests",
}  # fmt: skip


def modules_under(package: str) -> list[Path]:
    return sorted((SRC / package.replace(".", "/")).rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules_under("domain"), ids=lambda p: str(p.relative_to(SRC)))
def test_the_domain_imports_no_framework_and_no_outer_layer(path: Path) -> None:
    for name in imported_roots(path):
        root = name.split(".")[0]
        assert root not in FRAMEWORKS, f"{path.name} imports {name}"
        assert not name.startswith(
            ("accord.adapters", "accord.services", "accord.entrypoints", "accord.bootstrap")
        ), f"{path.name} imports {name}"


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("services", ("accord.entrypoints",)),
        ("adapters", ("accord.entrypoints", "accord.services")),
    ],
)
def test_imports_point_inward(layer: str, forbidden: tuple[str, ...]) -> None:
    for path in modules_under(layer):
        for name in imported_roots(path):
            if layer == "adapters" and is_port_module(name):
                continue  # an adapter implements a port: it may read the port's types
            assert not name.startswith(forbidden), f"{path.relative_to(SRC)} imports {name}"


def is_port_module(name: str) -> bool:
    """Whether ``name`` is one of the services' port modules: the protocols adapters
    satisfy and the plain values that cross them (no use case)."""
    last = name.rsplit(".", 1)[-1]
    return name.startswith("accord.services.") and (
        last in ("ports", "read_model") or last.endswith("_ports")
    )


def test_no_sql_in_entry_points() -> None:
    for path in modules_under("entrypoints"):
        for name in imported_roots(path):
            assert not name.startswith("sqlalchemy"), f"{path.relative_to(SRC)} imports {name}"


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
        "accord.services.demo"
    )
    env = {**os.environ, "ACCORD_DATA_DIR": str(data), "ACCORD_DATABASE_URL": "mysql://x"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not data.exists()
