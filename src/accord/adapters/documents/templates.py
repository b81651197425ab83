"""The organisation's document wording: packaged defaults, overridden by YAML files.

``TEMPLATES_DIR/<kind>.yaml`` (``proposal``, ``agreement``, ``brief``, ``savings``)
replaces the packaged file's values key by key: a clause given there wins, a clause
left out keeps the default. A malformed file is an :class:`InputFileError` naming it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from accord.domain.document_wording import Wording, placeholders
from accord.domain.documents import DocumentKind
from accord.errors import InputFileError

__all__ = ["YamlDocumentTemplates"]

_KEYS = {"letterhead", "signer_name", "signer_title", "clauses"}


class YamlDocumentTemplates:
    """Wording read from the packaged defaults and an optional override directory."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.override_dir = override_dir

    def wording(self, kind: DocumentKind) -> Wording:
        """The wording of ``kind``; a bad override file fails here, naming itself."""
        packaged = resources.files("accord.adapters.documents").joinpath(
            f"defaults/{kind.value}.yaml"
        )
        data = _load(packaged.read_text(encoding="utf-8"), f"(packaged) {kind.value}.yaml")
        source = "packaged defaults"
        if self.override_dir is not None:
            path = self.override_dir / f"{kind.value}.yaml"
            if path.is_file():
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise InputFileError(f"cannot read: {exc}", path=str(path)) from exc
                override = _load(text, str(path))
                clauses = {**data.get("clauses", {}), **override.get("clauses", {})}
                data = {**data, **override, "clauses": clauses}
                source = str(path)
        for key, text in data.get("clauses", {}).items():
            placeholders(text, where=f"{source}: clause {key!r}")
        return Wording(
            letterhead_lines=tuple(data.get("letterhead", ())),
            signer_name=data.get("signer_name", ""),
            signer_title=data.get("signer_title", ""),
            clauses=dict(data.get("clauses", {})),
            source=source,
        )


def _load(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputFileError(f"not valid YAML ({exc})".replace("\n", " "), path=where,
                             line=line) from exc  # fmt: skip
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputFileError("expected keys letterhead, signer_name, signer_title, clauses",
                             path=where)  # fmt: skip
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputFileError(f"unknown key {unknown[0]!r}; known: {', '.join(sorted(_KEYS))}",
                             path=where)  # fmt: skip
    clauses = data.get("clauses") or {}
    if not isinstance(clauses, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in clauses.items()
    ):
        raise InputFileError("clauses: each clause is a name and a text", path=where)
    lines = data.get("letterhead") or []
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise InputFileError("letterhead: a list of lines", path=where)
    for key in ("signer_name", "signer_title"):
        if not isinstance(data.get(key, ""), str):
            raise InputFileError(f"{key}: a line of text", path=where)
    return {**data, "clauses": clauses, "letterhead": lines}
