"""The test tree mirrors the source: a test file lives under ``tests/<folder>`` where
``src/accord/<folder>`` is a package (``tests/domain/engine``, ``tests/adapters/store``,
``tests/entrypoints/web``), or in ``tests/`` itself (for ``config.py``, ``bootstrap.py``),
``tests/architecture``, ``tests/support`` or ``tests/journeys``.

A test file added in the wrong folder fails here; docs/architecture.md says which folder
takes which test.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import accord

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(accord.__file__).parent
HOMES = ("architecture", "support", "journeys")


def mirrors_source(path: PurePosixPath) -> bool:
    """Whether ``tests/...`` file ``path`` lives where the rule says."""
    folder = path.parent.relative_to("tests")
    return not folder.parts or folder.parts[0] in HOMES or (SRC / folder / "__init__.py").exists()


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


def test_every_test_file_lives_under_a_folder_that_mirrors_the_source() -> None:
    assert [str(path) for path in _test_files() if not mirrors_source(path)] == []
