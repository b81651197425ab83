"""Issue 10's counts for a checkout: imports by layer direction, long modules, long functions.

Usage: python3 scripts/architecture_counts.py [CHECKOUT]   (default: this checkout)
Generated migrations are left out. Prints one figure a line.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ENTRY_POINTS = ("cli", "api", "web")


def layer(module: str) -> str:
    """``accord.services.x`` -> ``services``; ``accord.entrypoints.web.x`` -> ``web``."""
    parts = module.split(".")
    if len(parts) < 2:
        return "accord"
    return parts[2] if parts[1] == "entrypoints" and len(parts) > 2 else parts[1]


def main(checkout: Path) -> None:
    package = checkout / "src" / "accord"
    to_adapters: Counter[str] = Counter()
    modules_to_adapters: dict[str, set[str]] = {"services": set(), "entry points": set()}
    between_entry_points: Counter[tuple[str, str]] = Counter()
    long_modules: list[tuple[int, str]] = []
    long_functions = 0
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        text = path.read_text(encoding="utf-8")
        if (lines := text.count("\n")) > 400:
            long_modules.append((lines, str(path.relative_to(package))))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                long_functions += (node.end_lineno or node.lineno) - node.lineno + 1 > 60
            imported: list[str] = []
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported = [node.module]
            for module in imported:
                if not module.startswith("accord."):
                    continue
                source, target = layer(name), layer(module)
                side = "entry points" if source in ENTRY_POINTS else source
                if target == "adapters" and side in modules_to_adapters:
                    to_adapters[side] += 1
                    modules_to_adapters[side].add(name)
                if source in ENTRY_POINTS and target in ENTRY_POINTS and source != target:
                    between_entry_points[(source, target)] += 1
    for side, modules in modules_to_adapters.items():
        print(f"{side} -> adapters: {to_adapters[side]} imports in {len(modules)} modules")
    for (source, target), count in sorted(between_entry_points.items()):
        print(f"{source} -> {target}: {count} imports")
    print(f"modules over 400 lines: {len(long_modules)}")
    for lines, module in sorted(long_modules, reverse=True):
        print(f"  {module}: {lines}")
    print(f"functions over 60 lines: {long_functions}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
