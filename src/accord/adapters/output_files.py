"""Files Accord writes for the user (archives, charts, CSV): whole or not at all.

A file is written under a temporary name next to its destination and renamed when
complete, so a reader never sees half of it. A destination that cannot be written (its
folder is missing, it is a folder, no permission) is a :class:`~accord.errors.ValidationError`
naming the path, raised before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from accord.errors import ValidationError

__all__ = ["check_writable", "write_file_atomically"]


def check_writable(path: Path) -> None:
    """Refuse a destination that cannot take a file, with the reason in plain words."""
    if path.is_dir():
        raise ValidationError(f"cannot write {path}: it is a folder; name a file in it")
    parent = path.parent
    if not parent.is_dir():
        raise ValidationError(f"cannot write {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise ValidationError(f"cannot write {path}: no permission to write in {parent}")


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed at the end."""
    check_writable(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ValidationError(f"cannot write {path}: {exc.strerror or exc}") from exc
