"""How the server logs: a level and a format (``ACCORD_LOG_LEVEL``, ``ACCORD_LOG_FORMAT``).

``json`` writes one JSON object per line (for a log shipper); ``text`` one readable line
with the same fields as ``key=value``. Each line carries the request id of the request
it belongs to. Only the fields listed in :data:`FIELDS` are ever copied from a record:
a stray ``extra=`` elsewhere cannot put record data into the structured part.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

import orjson

from accord.entrypoints.http.access_log import current_request_id

__all__ = ["FIELDS", "StructuredFormatter", "configure_logging"]

FIELDS = ("request_id", "user_id", "http_method", "route", "status", "duration_ms")


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        # No users yet (issue 13 §1): the field is there so that log queries need no change.
        if not hasattr(record, "user_id"):
            record.user_id = None
        return True


class StructuredFormatter(logging.Formatter):
    """JSON lines (``as_json``) or ``time level logger message key=value ...``.

    Exceptions are logged as their type only: their messages may quote record text.
    """

    def __init__(self, *, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        fields = {name: getattr(record, name, None) for name in FIELDS}
        if record.exc_info and record.exc_info[0] is not None:
            fields["exception"] = record.exc_info[0].__name__
        message = record.getMessage()
        if self.as_json:
            line = {"time": when, "level": record.levelname.lower(), "logger": record.name}
            line["message"] = message
            line.update({key: value for key, value in fields.items() if value is not None})
            return orjson.dumps(line).decode()
        extras = " ".join(f"{key}={value}" for key, value in fields.items() if value is not None)
        return f"{when} {record.levelname.lower()} {record.name}: {message} {extras}".rstrip()


def configure_logging(level: str, log_format: str, stream: TextIO | None = None) -> None:
    """Send every logger's lines to ``stream`` (standard error) in ``log_format`` at ``level``.

    Uvicorn's own access log is replaced by ours (it logs the raw path and query).
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(StructuredFormatter(as_json=log_format == "json"))
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # Library chatter below a warning says nothing a user can act on.
    for name in ("sqlalchemy", "httpx", "httpcore", "multipart", "python_multipart", "asyncio"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
