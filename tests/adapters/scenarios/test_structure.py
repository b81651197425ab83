from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import accord.adapters.scenarios
import accord.domain.engine


def engine_modules() -> list[Path]:
    return sorted(Path(accord.domain.engine.__file__).parent.glob("*.py"))


# What the engine may import is a row of the layer table: tests/architecture/test_layers.py.


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
