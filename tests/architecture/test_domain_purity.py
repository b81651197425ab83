"""Every market module declares a public surface that exists, with docstrings."""

from __future__ import annotations

# What the market domain may import is a row of the layer table:
# tests/architecture/test_layers.py.


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
