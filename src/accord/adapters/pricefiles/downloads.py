"""Download a price file over http(s): resumable, retried, checked, renamed when complete.

Payers' files run to tens of GB, so a download writes ``<name>.part`` beside the target,
resumes it with an HTTP ``Range`` request after a failure, retries with exponential
back-off, verifies the SHA-256 when one is given, and only then renames the file into
place — an interrupted download never looks like a complete file. Nothing is fetched
unless a caller asks for it: Accord works offline by default.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from accord.adapters.pricefiles.source_files import ProgressCallback
from accord.errors import InputFileError, ValidationError

__all__ = ["download", "is_url"]

_CHUNK = 1 << 20
_RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL."""
    return urllib.parse.urlparse(text).scheme in {"http", "https"}


def _file_name(url: str) -> str:
    name = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path)).name
    return name or "download"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


def download(
    url: str,
    dest_dir: Path,
    *,
    sha256: str | None = None,
    retries: int = 5,
    timeout: float = 60.0,
    progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
    backoff: float = 1.0,
) -> Path:
    """Fetch ``url`` into ``dest_dir`` and return the complete file's path.

    A complete file already there (with the expected SHA-256, when given) is reused.
    ``on_start`` gets the total size when the server states it; ``progress`` gets bytes.
    """
    if not is_url(url):
        raise ValidationError(f"not an http(s) URL: {url}", field="url")
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / _file_name(url)
    if target.is_file() and (sha256 is None or _sha256(target) == sha256.lower()):
        return target
    part = target.with_name(target.name + ".part")
    attempt = 0
    while True:
        try:
            _fetch(url, part, timeout=timeout, progress=progress, on_start=on_start)
            break
        except (
            urllib.error.URLError,
            http.client.HTTPException,
            TimeoutError,
            ConnectionError,
        ) as exc:
            status = exc.code if isinstance(exc, urllib.error.HTTPError) else None
            if status is not None and status not in _RETRYABLE_STATUS:
                raise InputFileError(f"download failed: HTTP {status}", path=url) from exc
            attempt += 1
            if attempt > retries:
                raise InputFileError(
                    f"download failed after {retries} retries: {exc}",
                    path=url,
                    offset=part.stat().st_size if part.exists() else 0,
                ) from exc
            time.sleep(backoff * 2 ** (attempt - 1))
    if sha256 is not None and _sha256(part) != sha256.lower():
        part.unlink()
        raise InputFileError("download does not match the expected SHA-256", path=url)
    os.replace(part, target)
    return target


def _fetch(
    url: str,
    part: Path,
    *,
    timeout: float,
    progress: ProgressCallback | None,
    on_start: Callable[[int], None] | None,
) -> None:
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "accord"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to fetch: the part is complete
            return
        raise
    with response:
        resumed = have and response.status == 206
        mode = "ab" if resumed else "wb"
        length = response.headers.get("Content-Length")
        if on_start is not None and length is not None:
            on_start(int(length) + (have if resumed else 0))
        if resumed and progress is not None:
            progress(have)
        with part.open(mode) as out:
            while block := response.read(_CHUNK):
                out.write(block)
                if progress is not None:
                    progress(len(block))
        expected = None if length is None else int(length) + (have if resumed else 0)
        if expected is not None and part.stat().st_size != expected:
            raise ConnectionError("connection closed before the end of the file")
