from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import accord.adapters.scenarios
import accord.domain.engine

FORBIDDEN = {"sqlalchemy", "typer", "rich", "fastapi", "duckdb", "pyarrow", "matplotlib", "yaml",
             "negmas", "click", "pydantic"}  # fmt: skip


def engine_modules() -> list[Path]:
    return sorted(Path(accord.domain.engine.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: p.name)
def test_engine_module_imports_only_pure_python_and_numpy(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
            if name.startswith("accord."):
                assert name.startswith(("accord.domain", "accord.errors")), name


@pytest.mark.parametrize(
    "package", [accord.domain.engine, accord.adapters.scenarios], ids=lambda p: p.__name__
)
def test_every_module_declares_its_public_names(package: object) -> None:
    for info in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        mod = importlib.import_module(f"{package.__name__}.{info.name}")  # type: ignore[attr-defined]
        assert hasattr(mod, "__all__"), mod.__name__
        for name in mod.__all__:
            assert hasattr(mod, name), f"{mod.__name__}.{name}"


def test_engine_modules_stay_small() -> None:
    for path in engine_modules():
        assert len(path.read_text().splitlines()) <= 420, path.name
