"""Pydantic models on the wire: ``XCreate`` / ``XUpdate`` in, ``XPublic`` out."""
