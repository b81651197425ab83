"""Plan (and apply) the move of the test tree onto the source tree (issue 10, step 3).

Each test file goes under the folder that mirrors what it tests, computed from the code,
not from a list: ``tests/domain[/<sub>]``, ``tests/services``, ``tests/adapters/<adapter>``,
``tests/entrypoints/{cli,api,web,http}``, or ``tests/`` itself for the top-level modules
(``config.py``, ``bootstrap.py``). ``tests/architecture`` and ``tests/support`` stay.

- What a file tests: the ``accord.*`` modules it imports and the fixtures it uses (an
  HTTP client, a browser page, the CLI runner). A file that crosses layers goes with its
  outermost part (web > api > cli > http > adapters > services > domain); an HTTP test
  is a page test when it asks for more pages than ``/api`` paths. ``OVERRIDES`` settles
  the files the rule cannot.
- A helper module (``tests/web/server.py``) goes to the deepest folder shared by the
  files that import it (``tests/support`` if that is ``tests``); every import of a moved
  module is rewritten, and ``Path(__file__).parents[N]`` follows a file's new depth.
- The fixtures of a folder's ``conftest.py`` (not the root's, which every test sees) go
  to the ``conftest.py`` of the deepest folder shared by the tests that use them,
  directly or through other fixtures, with the imports and helpers they need.

Usage (from the checkout)::

    .venv/bin/python scripts/mirror_tests.py --plan    # print old -> new, nothing changes
    .venv/bin/python scripts/mirror_tests.py --apply   # git mv, rewrite, split conftests

``--apply`` then runs ruff (imports, format) on the files it wrote; check with
``pytest --collect-only -q`` that the number of tests is unchanged.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
STAY = ("tests/architecture", "tests/support")
OVERRIDES: dict[str, str] = {
    # file -> its folder, where imports and fixtures cannot tell
    "tests/web/screenshots.py": "tests/entrypoints/web",  # run by scripts/screenshots
    "tests/web/template_screenshots.py": "tests/entrypoints/web",
    "tests/cli/test_crash.py": "tests/entrypoints/cli",  # runs `accord` in a subprocess
    "tests/store/test_record_version.py": "tests/adapters/store",  # the store's versions
    "tests/market/test_domain_purity.py": "tests/architecture",  # a rule of imports
}
RANK = ("", "domain", "services", "adapters", "entrypoints/http", "entrypoints/cli",
        "entrypoints/api", "entrypoints/web")  # fmt: skip
"""Layers from the innermost; a file that crosses layers goes to its outermost."""
BROWSER = {"page", "browser"}
HTTP_CLIENTS = {"http", "sqlite_http", "live_http", "demo_http", "demo_app", "demo_base"}
HTTP_HELPERS = ("tests.support.in_process", "tests.web.server")
CLI_FIXTURES = {"run"}
STORES = {"accord", "sqlite_accord", "database_url", "postgres_url", "postgres_cluster"}
URL = re.compile(r"""["'](/[a-z][\w./{}-]*)""")


@dataclass
class TestFile:
    """What a test (or helper) module tells about what it tests."""

    path: PurePosixPath
    accord: Counter[str] = field(default_factory=Counter)
    helpers: set[str] = field(default_factory=set)
    fixtures: set[str] = field(default_factory=set)
    api_urls: int = 0
    page_urls: int = 0


def dotted(path: PurePosixPath) -> str:
    """``tests/web/server.py`` -> ``tests.web.server``."""
    return ".".join(path.with_suffix("").parts)


def read(path: PurePosixPath) -> ast.Module:
    return ast.parse((ROOT / path).read_text(encoding="utf-8"))


def mirror_of(module: str) -> str:
    """The test folder (under ``tests/``) mirroring an ``accord`` module's package."""
    if module in ("accord.asgi",):
        return "entrypoints/http"  # the composition root of the HTTP doors
    parts = module.split(".")[1:]
    source = ROOT / "src" / "accord" / Path(*parts) if parts else ROOT / "src" / "accord"
    package = parts if source.is_dir() else parts[:-1]
    if not package:
        return ""
    depth = 2 if package[0] in ("entrypoints", "adapters", "domain") else 1
    return "/".join(package[:depth])


def _absolute(path: PurePosixPath, module: str) -> str:
    """``from .factories`` in ``tests/engine/x.py`` -> ``tests.engine.factories``."""
    return ".".join([*path.parent.parts, *([module] if module else [])])


def _is_module(name: str) -> bool:
    """Whether ``accord.x.y`` names a module or package (not a class or function)."""
    source = ROOT / "src" / Path(*name.split("."))
    return source.is_dir() or source.with_suffix(".py").exists()


def study(path: PurePosixPath) -> TestFile:
    """The imports, fixtures and URLs of one module."""
    found = TestFile(path)
    local: set[str] = set()  # fixtures the file defines for itself
    for node in ast.walk(read(path)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:  # from .factories import
            found.helpers.add(_absolute(path, node.module or ""))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            modules = [n for n in names if _is_module(n)]
            for module in modules or [node.module]:
                if module.startswith("accord"):
                    found.accord[mirror_of(module)] += 1
            if node.module.startswith("tests."):
                found.helpers.add(node.module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("accord"):
                    found.accord[mirror_of(alias.name)] += 1
                elif alias.name.startswith("tests."):
                    found.helpers.add(alias.name)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            fixture = any("fixture" in ast.unparse(d) for d in node.decorator_list)
            if fixture:
                local.add(node.name)
            if fixture or node.name.startswith("test"):
                found.fixtures.update(a.arg for a in [*node.args.args, *node.args.kwonlyargs])
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "usefixtures"):  # fmt: skip
            found.fixtures.update(
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for url in URL.findall(repr(node.value)):
                found.api_urls += url.startswith("/api")
                found.page_urls += not url.startswith(("/api", "/static"))
    found.fixtures -= local
    return found


@dataclass
class Fixture:
    """A fixture of a folder's conftest: its source, what it needs, where it goes."""

    name: str
    conftest: PurePosixPath
    node: ast.FunctionDef
    needs: set[str]
    autouse: bool
    users: set[str] = field(default_factory=set)


def fixtures_of(conftest: PurePosixPath) -> list[Fixture]:
    found = []
    for node in read(conftest).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        marks = [ast.unparse(d) for d in node.decorator_list]
        if any("fixture" in mark for mark in marks):
            needs = {a.arg for a in node.args.args}
            found.append(
                Fixture(node.name, conftest, node, needs, any("autouse=True" in m for m in marks))
            )
    return found


def uses(test: TestFile, fixtures: dict[str, Fixture]) -> set[str]:
    """The fixtures a file uses, with those they use in turn."""
    seen: set[str] = set()
    todo = [name for name in test.fixtures if name in fixtures]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(n for n in fixtures[name].needs if n in fixtures)
    return seen


def destination(test: TestFile, used: set[str]) -> str:
    """The folder (under ``tests/``) of a test file."""
    if str(test.path) in OVERRIDES:
        return OVERRIDES[str(test.path)].removeprefix("tests").strip("/")
    candidates = Counter(test.accord)
    strong: set[str] = set()  # the doors its fixtures open
    talks_http = bool(used & HTTP_CLIENTS) or any(h in test.helpers for h in HTTP_HELPERS)
    if used & BROWSER or "playwright" in (ROOT / test.path).read_text(encoding="utf-8"):
        strong.add("entrypoints/web")
    elif talks_http:
        strong.add("entrypoints/api" if test.api_urls >= test.page_urls else "entrypoints/web")
    if used & CLI_FIXTURES:
        strong.add("entrypoints/cli")
    if strong:  # a journey across layers goes with its outermost door
        return max(strong | {f for f in candidates if f in RANK[4:]}, key=RANK.index)
    if len(candidates) > 1:
        candidates.pop("", None)  # config, bootstrap, errors: set-up, unless alone
    if not candidates:
        return ""
    named = _named_after(test.path)
    if named is not None and named in candidates:  # test_input_text.py of domain/input_text.py
        return named
    doors = [f for f in candidates if f.startswith("entrypoints")]
    if doors:
        return max(doors, key=lambda f: (RANK.index(f) if f in RANK else 0, candidates[f]))
    # otherwise what it imports most; a tie goes to the outer layer
    folder = max(candidates, key=lambda f: (candidates[f], RANK.index(f.split("/")[0]) if
                                            f.split("/")[0] in RANK else 0, f))  # fmt: skip
    if folder.startswith("domain") and used & STORES:
        return "services"  # a domain test needs no database
    return folder


def _named_after(path: PurePosixPath) -> str | None:
    """The mirror folder of the one source module ``test_<name>.py`` is named after."""
    name = path.stem.removeprefix("test_") + ".py"
    found = {p for p in (ROOT / "src" / "accord").rglob(name) if "migrations" not in p.parts}
    if len(found) != 1:
        return None
    parts = found.pop().relative_to(ROOT / "src").with_suffix("").parts
    return mirror_of(".".join(parts))


def common(folders: Iterable[str]) -> str:
    """The deepest folder shared by ``folders`` (``""``: ``tests`` itself)."""
    split = [f.split("/") if f else [] for f in folders]
    shared: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    return "/".join(shared) if all(len(s) >= len(shared) for s in split) else ""


@dataclass
class Plan:
    moves: dict[PurePosixPath, PurePosixPath]
    fixtures: list[Fixture]


def plan() -> Plan:
    """Where every test file, helper module and fixture goes."""
    tests_dir = ROOT / "tests"
    files = sorted(PurePosixPath(p.relative_to(ROOT).as_posix()) for p in tests_dir.rglob("*.py")
                   if "__pycache__" not in p.parts)  # fmt: skip
    movable = [
        f for f in files if not str(f).startswith(STAY) and f.parent != PurePosixPath("tests")
    ]
    conftests = [f for f in movable if f.name == "conftest.py"]
    fixtures = {fx.name: fx for c in conftests for fx in fixtures_of(c)}
    studied = {f: study(f) for f in movable if f.name not in ("conftest.py", "__init__.py")}
    moves: dict[PurePosixPath, PurePosixPath] = {}
    folder_of: dict[str, str] = {}
    tests = {f: s for f, s in studied.items() if f.name.startswith("test_") or str(f) in OVERRIDES}
    for path, test in tests.items():
        used = uses(test, fixtures)
        folder = destination(test, used)
        folder_of[dotted(path)] = folder
        moves[path] = PurePosixPath("tests", folder, path.name)
        for name in used:
            fixtures[name].users.add(folder)
    for fx in fixtures.values():
        if fx.autouse or not fx.users:
            fx.users |= {folder_of[dotted(t)] for t in tests if t.parent == fx.conftest.parent}
    helpers = [f for f in studied if f not in tests]
    for path in helpers:  # after the tests, so that their importers' places are known
        importers = {folder_of[dotted(t)] for t, s in studied.items()
                     if dotted(path) in s.helpers and dotted(t) in folder_of}  # fmt: skip
        importers |= {fx_folder(fx) for fx in fixtures.values()
                      if dotted(path) in study(fx.conftest).helpers and fx.users}  # fmt: skip
        folder = common(importers) if importers else ""
        moves[path] = PurePosixPath("tests", folder or "support", path.name)
        folder_of[dotted(path)] = folder or "support"
    taken: set[PurePosixPath] = set()
    for path, target in list(moves.items()):  # two files of one name meeting in one folder
        if target in taken or ((ROOT / target).exists() and target != path):
            moves[path] = target.with_name(f"{path.parent.name}_{path.name}")
        taken.add(moves[path])
    return Plan({k: v for k, v in moves.items() if k != v}, list(fixtures.values()))


def fx_folder(fx: Fixture) -> str:
    return common(fx.users)


def print_plan(result: Plan) -> None:
    for old, new in sorted(result.moves.items()):
        print(f"{old} -> {new}")
    for fx in sorted(result.fixtures, key=lambda f: (str(f.conftest), f.name)):
        target = PurePosixPath("tests", fx_folder(fx), "conftest.py")
        print(f"fixture {fx.name}: {fx.conftest} -> {target}")
    print(f"{len(result.moves)} files move, {len(result.fixtures)} fixtures are placed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--plan", action="store_true", help="print where everything goes")
    mode.add_argument("--apply", action="store_true", help="move (git mv) and rewrite")
    args = parser.parse_args()
    result = plan()
    print_plan(result)
    if args.apply:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from mirror_tests_apply import apply

        apply(result)


if __name__ == "__main__":
    main()
