"""The market domain stays pure: no pyarrow, DuckDB, Typer or other adapters below it."""

from __future__ import annotations

import ast
from pathlib import Path

import accord.domain.market

ALLOWED_ROOTS = {"__future__", "collections", "dataclasses", "decimal", "re", "typing", "numpy"}


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
                assert name.split(".")[0] in ALLOWED_ROOTS or name.startswith("accord.domain"), (
                    f"{module.name} imports {name}"
                )
