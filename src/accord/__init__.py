"""Accord: a self-hosted negotiation workbench for healthcare.

Nothing happens at import: build an application with :func:`accord.bootstrap.bootstrap`.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
