"""The market domain stays pure: no pyarrow, DuckDB, Typer or other adapters below it."""

from __future__ import annotations

import ast
from pathlib import Path

import accord.domain.market

ALLOWED_ROOTS = {
    "__future__",
    "collections",
    "dataclasses",
    "decimal",
    "difflib",
    "re",
    "typing",
    "numpy",
}


def test_market_domain_modules_import_only_the_standard_library_numpy_and_the_domain() -> None:
    root = Path(accord.domain.market.__file__).parent
    for module in root.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                # accord.errors is plain Python: the domain raises its ValidationError
                pure = name.startswith("accord.domain") or name == "accord.errors"
                assert name.split(".")[0] in ALLOWED_ROOTS or pure, f"{module.name} imports {name}"


def test_every_market_module_declares_a_public_surface_that_exists() -> None:
    import importlib
    import inspect
    import pkgutil

    import accord.adapters.market
    import accord.adapters.pricefiles

    packages = [accord.domain.market, accord.adapters.market, accord.adapters.pricefiles]
    names = [f"{p.__name__}.{m.name}" for p in packages for m in pkgutil.iter_modules(p.__path__)]
    import accord.entrypoints.cli
    import accord.services

    for package in (accord.services, accord.entrypoints.cli):
        names += [
            f"{package.__name__}.{m.name}"
            for m in pkgutil.iter_modules(package.__path__)
            if m.name.startswith("market")
        ]
    for name in names:
        module = importlib.import_module(name)
        public = getattr(module, "__all__", None)
        assert public, f"{name} has no __all__"
        for item in public:
            assert hasattr(module, item), f"{name}.__all__ names missing {item}"
            obj = getattr(module, item)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
                assert obj.__doc__, f"{name}.{item} has no docstring"
