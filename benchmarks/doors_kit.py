"""What every probe of ``benchmarks/doors.py`` shares: the tally of one door, the data
directory and database under test, a real ``accord serve`` subprocess on loopback with
a signed-in owner, the CLI run in-process through ``main``, and the read-back sweep that
finds a stored value that breaks a later view."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx

# The exit codes the CLI documents (docs/user-guide.md, accord/errors.py, sysexits).
CLI_EXIT_CODES = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 74, 78})
ACCORD = Path(sys.executable).parent / "accord"
FORM_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
SHOWN = 160  # characters of a reproducing input shown in a failure line


def shorten(value: object) -> str:
    """``repr`` of a reproducing input, cut to a readable length with its size said."""
    text = repr(value)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(text):,} chars)"


@dataclass
class Tally:
    """Probes tried at one door, those that failed, and how to reproduce each failure."""

    door: str
    note: str = ""
    tried: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def record(self, ok: bool, what: str) -> None:
        """Count one probe; keep the input of a failure (the first 50 of them)."""
        self.tried += 1
        if not ok:
            self.failed += 1
            if len(self.failures) < 50:
                self.failures.append(what)

    def as_json(self) -> dict[str, object]:
        return {
            "door": self.door,
            "tried": self.tried,
            "failed": self.failed,
            "note": self.note,
            "failures": self.failures,
        }


@dataclass(frozen=True)
class Target:
    """The database and data directory the probes run against."""

    label: str
    url: str
    data_dir: Path

    def env(self) -> dict[str, str]:
        """The environment of an ``accord`` process on this target (fixed width: the
        output must not depend on the terminal)."""
        return {
            **os.environ,
            "ACCORD_DATA_DIR": str(self.data_dir),
            "ACCORD_DATABASE_URL": self.url,
            "COLUMNS": "120",
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def owner_cookie(target: Target) -> str:
    """A session of the owner ``doors-probe`` (made if missing), as a browser holds one."""
    from accord.bootstrap import bootstrap
    from accord.config import Settings
    from accord.domain.accounts import Role
    from accord.domain.actors import OPERATOR
    from accord.services import accounts
    from accord.services.sign_in import issue_sign_in_link, redeem_sign_in_link

    accord = bootstrap(Settings(data_dir=target.data_dir, database_url=target.url))
    try:
        uow, now = accord.store.unit_of_work, accord.clock.now()
        with uow() as open_uow:
            found = open_uow.accounts.find("doors-probe")
        user_id = (
            found.id
            if found is not None
            else accounts.add_user(
                uow(), accord.passwords, OPERATOR, "doors-probe", Role.OWNER, None, now
            ).id
        )
        link = issue_sign_in_link(uow(), user_id, now)
        _, secret = redeem_sign_in_link(uow(), link, now, timedelta(days=2))
    finally:
        accord.close()
    return f"accord_session={secret}"


class Server:
    """``accord serve`` in a subprocess on a free loopback port; killable, restartable."""

    def __init__(self, target: Target, cookie: str) -> None:
        self.target = target
        self.cookie = cookie
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = target.data_dir.parent / "serve.log"

    def start(self) -> None:
        # Its log goes to a file: a pipe nobody reads fills up and stalls the server.
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(ACCORD), "serve", "--port", str(self.port)],
                env=self.target.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-400:].strip()
                raise SystemExit(f"accord serve stopped at start: {tail}")
            try:
                answer = httpx.get(
                    self.base + "/api/pipeline?limit=1", headers=self.headers(), timeout=5
                )
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("accord serve did not answer within 60 s")

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Cookie": self.cookie, "Origin": self.base, **extra}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.headers(), timeout=60)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what the operating system does to a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def form_token(client: httpx.Client) -> str:
    """The form token of a page the server rendered for this session."""
    found = FORM_TOKEN.search(client.get("/contacts", headers={"Accept": "text/html"}).text)
    if found is None:
        raise SystemExit("the contacts page carries no form token: is the session signed in?")
    return found.group(1)


def run_cli(target: Target, *args: str) -> tuple[int | None, str]:
    """``accord ARGS`` in this process through ``main``: (exit code, stdout + stderr).

    The exit code is ``None`` when an exception escaped ``main`` (a traceback a user
    would have seen); the output then ends with that traceback.
    """
    import traceback

    from accord.entrypoints.cli.app import main
    from accord.entrypoints.cli.context import reset_app

    if os.environ.get("ACCORD_DATABASE_URL") != target.url:
        reset_app()  # another target: the next command wires Accord afresh
    # Otherwise the wired Accord is kept between commands, as the tests' runner keeps it:
    # wiring and the schema check cost more than most commands.
    os.environ.update(ACCORD_DATA_DIR=str(target.data_dir), ACCORD_DATABASE_URL=target.url)
    out = io.StringIO()
    code: int | None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(list(args))
        except BaseException:
            code = None
            out.write(traceback.format_exc())
    return code, out.getvalue()


def cli_failure(code: int | None, output: str) -> str | None:
    """Why a CLI run counts as failed (a traceback, an undocumented exit code, a raw
    control character), or ``None``."""
    if code is None or "Traceback (most recent call last)" in output:
        return "traceback: " + output.strip().splitlines()[-1][:200]
    if code not in CLI_EXIT_CODES:
        return f"exit code {code}"
    if "\x1b" in output or "\r" in output:
        return "a control character reached the terminal"
    return None


READ_PAGES = (
    "/",
    "/contacts",
    "/outcomes",
    "/negotiations/{n}",
    "/negotiations/{n}/preparation",
    "/negotiations/{n}/analysis",
    "/negotiations/{n}/brief",
    "/negotiations/{n}?format=json",
    "/negotiations/{n}/preparation?format=json",
    "/api/negotiations/{n}",
    "/api/negotiations/{n}/brief",
    "/api/negotiations/{n}/analysis",
    "/api/negotiations/{n}/offers",
    "/api/negotiations/{n}/interactions",
    "/api/negotiations/{n}/checklist",
    "/api/pipeline",
    "/api/organisations",
    "/api/contacts",
)
READ_COMMANDS = (
    ("org", "list"),
    ("contact", "list"),
    ("negotiation", "list"),
    ("negotiation", "show", "{n}"),
    ("term", "list", "{n}"),
    ("offer", "list", "{n}"),
    ("interaction", "list", "{n}"),
    ("checklist", "show", "{n}"),
    ("leverage", "list", "{n}"),
    ("brief", "{n}"),
    ("analyze", "{n}"),
)


def sweep_reads(
    tally: Tally, server: Server | None, target: Target, negotiations: list[int], cli: bool
) -> None:
    """Every read view (pages, JSON twins, API, and the CLI's read commands with
    ``cli``) of each negotiation: a 5xx or a traceback means a stored value poisoned it."""
    if server is not None:
        with server.client() as client:
            for n in negotiations:
                for page in READ_PAGES:
                    path = page.format(n=n)
                    status = client.get(path).status_code
                    tally.record(status < 500, f"read GET {path} -> {status}")
    if cli:
        for n in negotiations:
            for command in READ_COMMANDS:
                for extra in ((), ("--json",)):
                    argv = [part.format(n=n) for part in command] + list(extra)
                    why = cli_failure(*run_cli(target, *argv))
                    tally.record(why is None, f"read accord {' '.join(argv)}: {why}")
