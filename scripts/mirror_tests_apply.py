"""The move that ``scripts/mirror_tests.py --apply`` makes: ``git mv`` each file to its
planned folder, make relative imports absolute first, split the folders' ``conftest.py``
by fixture (with the imports and helpers each needs), rewrite the imports and paths of
moved modules (tests, benchmarks, scripts, docs), and let ruff sort the imports again.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mirror_tests import ROOT, Plan, _absolute, dotted, fx_folder

__all__ = ["apply"]

SCRIPTS = {ROOT / "scripts" / "mirror_tests.py", Path(__file__).resolve()}
"""Left alone: their tables name the old paths."""


def absolute_imports(path: PurePosixPath) -> None:
    """Make a file's ``from .x import`` absolute, so that it survives the move."""
    text = (ROOT / path).read_text(encoding="utf-8")
    new = re.sub(
        r"^(\s*)from \.(\w*) import",
        lambda m: f"{m.group(1)}from {_absolute(path, m.group(2))} import",
        text,
        flags=re.MULTILINE,
    )
    if new != text:
        (ROOT / path).write_text(new, encoding="utf-8")


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def _needed(tree: ast.Module, names: set[str]) -> list[ast.stmt]:
    """The top-level helpers (functions, constants, aliases) that ``names`` reach."""
    defined: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.decorator_list:
            defined[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    defined[target.id] = node
    keep: list[ast.stmt] = []
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in defined and defined[name] not in keep:
            keep.append(defined[name])
            todo.extend(n.id for n in ast.walk(defined[name]) if isinstance(n, ast.Name))
    return sorted(keep, key=lambda n: n.lineno)


def _segment(text: str, node: ast.stmt) -> str:
    lines = text.splitlines()
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return "\n".join(lines[start - 1 : node.end_lineno]) + "\n"


Placed = dict[str, list[tuple[str, set[str]]]]
"""An old conftest module -> (the folder of a new conftest, the names it now defines)."""


def _imported_from_conftests() -> dict[str, set[str]]:
    """The names test modules import from a conftest (``Run``, a type alias, say)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".conftest"):
                found.setdefault(node.module or "", set()).update(a.name for a in node.names)
    return found


def write_conftests(result: Plan) -> tuple[list[Path], Placed]:
    """Each fixture into the conftest of its folder, with the imports and helpers it needs
    (and the names other modules import from its old conftest)."""
    blocks: dict[str, list[tuple[PurePosixPath, ast.stmt]]] = {}
    for fx in result.fixtures:
        blocks.setdefault(fx_folder(fx), []).append((fx.conftest, fx.node))
    imported = _imported_from_conftests()
    written: list[Path] = []
    placed: Placed = {}
    for folder, items in sorted(blocks.items()):
        target = ROOT / "tests" / folder / "conftest.py"
        imports: list[str] = []
        body: list[str] = []
        for source in sorted({s for s, _ in items}):
            text = (ROOT / source).read_text(encoding="utf-8")
            tree = ast.parse(text)
            imports += [
                _segment(text, n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)
            ]
            nodes = [n for s, n in items if s == source]
            referenced = {x.id for n in nodes for x in ast.walk(n) if isinstance(x, ast.Name)}
            referenced |= imported.get(dotted(source), set())
            helpers = _needed(tree, referenced)
            body += [_segment(text, n) for n in [*helpers, *nodes]]
            names = (
                {getattr(n, "name", "") for n in nodes}
                | {t.id for h in helpers for t in ast.walk(h) if isinstance(t, ast.Name)}
                | {getattr(h, "name", "") for h in helpers}
            )
            placed.setdefault(dotted(source), []).append((folder, names))
        docstring = (
            f'"""Fixtures of the tests under tests/{folder or "."} (by mirror_tests.py)."""\n'
        )
        existing = target.read_text(encoding="utf-8") if target.exists() else docstring
        head, _, rest = existing.partition("\n\n")
        merged = "\n".join([head, "", *dict.fromkeys(imports), rest, "", *body])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(merged, encoding="utf-8")
        written.append(target)
    return written, placed


def retarget_conftest_imports(placed: Placed, files: Iterable[Path]) -> None:
    """``from tests.cli.conftest import Run`` -> the new conftest that defines ``Run``,
    the nearest one above the importing file."""
    line = re.compile(r"^(\s*)from (tests\.[\w.]*conftest) import ([\w, ]+)$", re.MULTILINE)

    def target(path: Path, module: str, names: set[str]) -> str:
        here = path.parent.relative_to(ROOT / "tests").as_posix()
        here = "" if here == "." else here
        options = [f for f, defined in placed[module] if names <= defined] or [
            f for f, _ in placed[module]
        ]
        above = [f for f in options if not f or here == f or here.startswith(f + "/")]
        folder = max(above or options, key=len)
        return ".".join(["tests", *folder.split("/")]) + ".conftest" if folder else "tests.conftest"

    def retarget(path: Path, m: re.Match[str]) -> str:
        if m.group(2) not in placed:
            return m.group(0)
        names = {n.strip() for n in m.group(3).split(",")}
        return f"{m.group(1)}from {target(path, m.group(2), names)} import {m.group(3)}"

    for path in files:
        text = path.read_text(encoding="utf-8")
        new = line.sub(partial(retarget, path), text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def rewrite(result: Plan, files: Iterable[Path]) -> None:
    """Imports (and paths) of moved modules, and ``parents[N]`` of a file at a new depth."""
    renames = {dotted(old): dotted(new) for old, new in result.moves.items()}
    renames |= {str(old): str(new) for old, new in result.moves.items()}
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(m) for m in sorted(renames, key=len, reverse=True)) + r")\b"
    )
    depth = {ROOT / new: len(new.parts) - len(old.parts) for old, new in result.moves.items()}
    for path in files:
        text = path.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: renames[m.group(1)], text) if renames else text
        if shift := depth.get(path):
            new = re.sub(r"(__file__\)\.resolve\(\)\.parents\[)(\d+)\]",
                         lambda m: f"{m.group(1)}{int(m.group(2)) + shift}]", new)  # fmt: skip
        if new != text:
            path.write_text(new, encoding="utf-8")


def apply(result: Plan) -> None:
    """Move, rewrite and split; then let ruff tidy what was written."""
    for new in {n.parent for n in result.moves.values()}:
        for folder in [new, *new.parents]:
            if folder == PurePosixPath("tests") or str(folder) == ".":
                break
            (ROOT / folder).mkdir(parents=True, exist_ok=True)
            if not (init := ROOT / folder / "__init__.py").exists():
                init.write_text("", encoding="utf-8")
                git("add", str(init.relative_to(ROOT)))
    for old in result.moves:
        absolute_imports(old)
    written, placed = write_conftests(result)  # read the old conftests before they go
    for old, new in sorted(result.moves.items()):
        git("mv", str(old), str(new))
    for conftest in {fx.conftest for fx in result.fixtures}:
        if (ROOT / conftest) not in written:
            git("rm", "-q", str(conftest))
    for folder in {old.parent for old in result.moves}:
        left = [
            p for p in (ROOT / folder).iterdir() if p.name not in ("__init__.py", "__pycache__")
        ]
        if not left and (ROOT / folder / "__init__.py").exists():
            git("rm", "-q", str(folder / "__init__.py"))
    code = [
        p
        for d in ("tests", "benchmarks", "scripts")
        for p in (ROOT / d).rglob("*")
        if p.is_file()
        and not any(part.startswith((".", "__pycache__")) for part in p.relative_to(ROOT).parts)
        and (p.suffix == ".py" or d == "scripts")
    ]
    code = [p for p in code if p not in SCRIPTS]
    rewrite(result, [*code, *(ROOT / "docs").glob("*.md"), ROOT / "README.md"])
    retarget_conftest_imports(placed, [p for p in code if p.suffix == ".py" and p.exists()])
    ruff = [sys.executable, "-m", "ruff"]
    # every Python file of the moved tree and its importers: imports sorted again
    targets = [str(p) for p in code if p.suffix == ".py" and p.exists()] + [str(p) for p in written]
    subprocess.run([*ruff, "check", "--fix", "--select", "I,F401", *targets], cwd=ROOT, check=False)
    subprocess.run([*ruff, "format", *targets], cwd=ROOT, check=False)
    git("add", "-A", "tests")
