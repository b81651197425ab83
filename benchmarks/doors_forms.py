"""The forms door: every form the signed-in pages render, posted with hostile values.

The forms are found by reading the pages as a browser would (action, fields and their
current values, the form token); each field in turn gets each hostile value while the
others keep what the page filled in. A probe fails on a 5xx, a traceback in the page,
or a ``<script>`` that comes back unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx
from benchmarks.doors_api import EARLY, LATE
from benchmarks.doors_kit import Server, Tally, form_token, shorten

PAGES = (
    "/",
    "/contacts",
    "/negotiations/new",
    "/negotiations/1",
    "/negotiations/2",
    "/negotiations/1/preparation",
    "/negotiations/2/preparation",
    "/rehearse",
    "/negotiations/2/rehearse",
    "/outcomes",
    "/underpayments",
    "/scorecard",
    "/contracts",
    "/settings/documents",
)
SCRIPT = "<script>alert(1)</script>"
VALUES = (  # the most telling first: --form-values takes a prefix
    "²",
    LATE,
    SCRIPT,
    "nan",
    "x" * 100_001,
    EARLY,
    "3²",
    "inf",
    "Evil [/x]",
    "\x00",
    "-1",
    "1e309",
    "99999999999999999999",
    "' OR 1=1 --",
    "../../etc/passwd",
    "",
)
SKIPPED_ACTIONS = ("/login", "/logout")


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormReader(HTMLParser):
    """The POST forms of a page (not multipart uploads: the archive door covers files)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            upload = "multipart" in a.get("enctype", "")
            if a.get("method", "get").lower() == "post" and not upload:
                self._open = Form(a.get("action", "").split("#")[0])
        elif self._open is not None and "name" in a:
            if tag == "input" and a.get("type") not in ("submit", "button", "file"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    self._open.fields.setdefault(a["name"], "")
                else:
                    self._open.fields[a["name"]] = a.get("value", "")
            elif tag == "select":
                self._select = a["name"]
                self._open.fields.setdefault(a["name"], "")
            elif tag == "textarea":
                self._textarea = a["name"]
                self._open.fields[a["name"]] = ""
        if tag == "option" and self._open is not None and self._select is not None:
            chosen = self._open.fields.get(self._select)
            self._open.fields[self._select] = (
                a.get("value", "") if not chosen or "selected" in a else chosen
            )

    def handle_data(self, data: str) -> None:
        if self._open is not None and self._textarea is not None:
            self._open.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_forms(client: httpx.Client, page: str) -> list[Form]:
    answer = client.get(page, headers={"Accept": "text/html"})
    reader = _FormReader()
    reader.feed(answer.text)
    return [f for f in reader.forms if f.action and f.action not in SKIPPED_ACTIONS]


def _fresh(client: httpx.Client, page: str, action: str) -> Form | None:
    """The form of ``action`` as the page renders it now (its version moves on)."""
    return next((f for f in read_forms(client, page) if f.action == action), None)


def run(server: Server, values: tuple[str, ...] = VALUES) -> Tally:
    """Each form, each field, each hostile value: count 5xx, tracebacks, raw scripts."""
    tally = Tally("Forms", note="each field of each form with each hostile value")
    with server.client() as client:
        seen: set[str] = set()
        for page in PAGES:
            for form in read_forms(client, page):
                if form.action in seen:
                    continue
                seen.add(form.action)
                current: Form | None = form
                for name in [n for n in form.fields if n != "csrf_token"]:
                    for value in values:
                        if current is None:
                            break
                        data = {**current.fields, name: value}
                        data["csrf_token"] = current.fields.get("csrf_token") or form_token(client)
                        try:
                            answer = client.post(
                                current.action, data=data, headers={"Accept": "text/html"}
                            )
                        except httpx.TransportError as exc:
                            tally.record(
                                False,
                                f"POST {form.action} {name}={shorten(value)}: connection {exc!r}",
                            )
                            continue
                        text = answer.text
                        ok = (
                            answer.status_code < 500
                            and "Traceback" not in text
                            and SCRIPT not in text
                        )
                        tally.record(
                            ok,
                            f"POST {form.action} (from {page}) {name}="
                            f"{shorten(value)} -> {answer.status_code}",
                        )
                        if answer.status_code < 400:  # it was written: the version moved
                            current = _fresh(client, page, form.action)
    tally.note += f" ({len(seen)} forms)"
    return tally
