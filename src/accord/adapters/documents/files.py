"""Writing a rendered document to disk: to a temporary name, then renamed when complete.

A reader never sees half a file, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from accord.errors import ConflictError, InputFileError

__all__ = ["AtomicFiles"]


class AtomicFiles:
    """Writes whole files atomically (same directory temp file, then ``os.replace``)."""

    def write(self, path: Path, content: bytes, *, overwrite: bool = False) -> Path:
        """Write ``content`` to ``path``; refuse an existing file unless ``overwrite``."""
        target = path.expanduser()
        if target.is_dir():
            raise InputFileError("is a directory; give a file name", path=str(target))
        if target.exists() and not overwrite:
            raise ConflictError(f"{target} exists; pass --force to replace it")
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise InputFileError("the folder does not exist", path=str(folder))
        try:
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                            dir=folder)  # fmt: skip
        except OSError as exc:
            raise InputFileError(f"cannot write here: {exc.strerror}", path=str(folder)) from exc
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target
