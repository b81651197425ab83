"""The test tree mirrors the source: a test file lives under ``tests/<folder>`` where
``src/accord/<folder>`` is a package (``tests/domain/engine``, ``tests/adapters/store``,
``tests/entrypoints/web``), or in ``tests/`` itself (for ``config.py``, ``bootstrap.py``),
``tests/architecture``, ``tests/support`` or ``tests/journeys``.

The tree is moved by ``scripts/mirror_tests.py --apply``, once, on the final main. Until
then :data:`MIRRORED` is False and the rule is checked on the script's plan; the
integrator sets it to True in the commit that applies the move, and the rule then holds
for the tree itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

import accord

MIRRORED = True
"""True once the tree is moved (``scripts/mirror_tests.py --apply``)."""

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(accord.__file__).parent
HOMES = ("architecture", "support", "journeys")


def mirrors_source(path: PurePosixPath) -> bool:
    """Whether ``tests/...`` file ``path`` lives where the rule says."""
    folder = path.parent.relative_to("tests")
    return not folder.parts or folder.parts[0] in HOMES or (SRC / folder / "__init__.py").exists()


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mirror_tests", ROOT / "scripts" / "mirror_tests.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _test_files() -> list[PurePosixPath]:
    return sorted(
        PurePosixPath(p.relative_to(ROOT).as_posix())
        for p in (ROOT / "tests").rglob("test_*.py")
        if "__pycache__" not in p.parts
    )


def test_the_rule_tells_mirrored_folders_from_the_others() -> None:
    assert mirrors_source(PurePosixPath("tests/domain/engine/test_pareto.py"))
    assert mirrors_source(PurePosixPath("tests/entrypoints/web/test_pages.py"))
    assert mirrors_source(PurePosixPath("tests/support/test_helpers.py"))
    assert not mirrors_source(PurePosixPath("tests/web/test_a_page.py"))
    assert not mirrors_source(PurePosixPath("tests/domain/nowhere/test_x.py"))


def test_the_mirror_plan_puts_every_test_file_under_a_mirrored_folder() -> None:
    moves = _script().plan().moves
    after = [moves.get(path, path) for path in _test_files()]
    assert [str(path) for path in after if not mirrors_source(path)] == []


@pytest.mark.skipif(not MIRRORED, reason="on after scripts/mirror_tests.py --apply")
def test_every_test_file_lives_under_a_folder_that_mirrors_the_source() -> None:
    assert [str(path) for path in _test_files() if not mirrors_source(path)] == []
