"""One concept per module, about 400 lines at most, and no function over 60 lines
(STYLE.md 2; issue 10, step 3)."""

from __future__ import annotations

import ast
from pathlib import Path

import accord

SRC = Path(accord.__file__).parent
CAP = 400
FUNCTION_CAP = 60
"""Lines of a function or method, decorators left out, as the counting script counts."""

# Entry points over the cap when it was set, with their length then: issue 10's step 2
# (entry points as siblings) reshapes them and must shrink this set, never grow it. A
# module listed here that has come under the cap fails too, so the set cannot go stale.
ENTRY_POINT_ALLOWANCE: dict[str, int] = {}


def lines_of(path: Path) -> int:
    """Lines as ``scripts/architecture_counts.py`` counts them (newlines)."""
    return path.read_text(encoding="utf-8").count("\n")


def module_lengths() -> dict[str, int]:
    """Every module of the package (generated migrations exempt) → its length."""
    return {
        str(path.relative_to(SRC)): lines_of(path)
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.relative_to(SRC).parts
    }


def test_no_module_is_over_the_cap() -> None:
    over = {
        name: lines
        for name, lines in module_lengths().items()
        if lines > CAP and name not in ENTRY_POINT_ALLOWANCE
    }
    assert not over, f"modules over {CAP} lines (split them by concept): {over}"


def test_the_allowance_holds_only_entry_points_still_over_the_cap() -> None:
    lengths = module_lengths()
    for name, when_set in ENTRY_POINT_ALLOWANCE.items():
        assert name.startswith("entrypoints/"), f"{name}: only entry points may be allowed"
        assert lengths.get(name, 0) > CAP, f"{name} is under the cap now: drop it from the set"
        assert lengths[name] <= when_set, f"{name} grew from {when_set} to {lengths[name]}"


def test_the_cap_counts_real_modules() -> None:
    # the walk finds the package (a wrong root would pass the cap vacuously), leaves out
    # the generated migrations, and measures as the counting script does
    lengths = module_lengths()
    assert "adapters/store/tables.py" in lengths and len(lengths) > 100
    assert not any(name.startswith("adapters/store/migrations/") for name in lengths)
    assert lengths["errors.py"] == lines_of(SRC / "errors.py") > 0


def long_functions() -> dict[str, int]:
    """``module:function`` → its lines, for each function over :data:`FUNCTION_CAP`
    (generated migrations exempt)."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_CAP:
                    found[f"{path.relative_to(SRC)}:{node.name}"] = lines
    return found


def test_no_function_is_over_sixty_lines() -> None:
    over = long_functions()
    assert not over, f"functions over {FUNCTION_CAP} lines (split where it reads better): {over}"
