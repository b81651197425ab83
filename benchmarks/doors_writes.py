"""The write doors under stress: SIGKILL of the server during writes, sixteen writers
appending to one negotiation, a writer during a long import, a killed market ingest.

Every write goes over HTTP to the real ``accord serve`` subprocess; an acknowledged
write is one answered 201, and it must be there after a kill. Appends (offers,
interactions) must never be refused with 409, with or without ``If-Match``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from benchmarks.doors_kit import ACCORD, Server, Tally, Target, run_cli

NEGOTIATION = 2  # the demo's rate negotiation: rate_97110 is one of its terms


def _offer(client: httpx.Client, value: float, if_match: str | None = None) -> httpx.Response:
    headers = {"If-Match": if_match} if if_match else {}
    body = {"side": "theirs", "values": {"rate_97110": value}}
    return client.post(f"/api/negotiations/{NEGOTIATION}/offers", json=body, headers=headers)


def _ids(client: httpx.Client, kind: str) -> set[int]:
    answer = client.get(f"/api/negotiations/{NEGOTIATION}/{kind}")
    answer.raise_for_status()
    return {item["id"] for item in answer.json()}


def kills(server: Server, *, kills: int, writers: int, seconds: float) -> Tally:
    """Writers post offers; the server is SIGKILLed mid-stream; every offer answered 201
    must be stored after the restart."""
    tally = Tally("Kill (SIGKILL during writes)", note="acknowledged writes lost")
    acknowledged: list[int] = []
    lock = threading.Lock()
    for round_ in range(kills):
        stop = threading.Event()

        def write(stop: threading.Event = stop, value: float = 30.0 + round_) -> None:
            with server.client() as client:
                while not stop.is_set():
                    try:
                        answer = _offer(client, value)
                    except httpx.TransportError:
                        return  # the server is gone: the write was never acknowledged
                    if answer.status_code == 201:
                        with lock:
                            acknowledged.append(answer.json()["id"])

        threads = [threading.Thread(target=write) for _ in range(writers)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.start()
    with server.client() as client:
        stored = _ids(client, "offers")
    for offer_id in acknowledged:
        tally.record(offer_id in stored, f"offer {offer_id} acknowledged, then lost")
    tally.note += f" ({kills} kills, {writers} writers)"
    return tally


def _race(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response | Exception]:
    barrier = threading.Barrier(len(calls))
    answers: list[httpx.Response | Exception] = []
    lock = threading.Lock()

    def run(call: Callable[[], httpx.Response]) -> None:
        barrier.wait()
        try:
            answer: httpx.Response | Exception = call()
        except Exception as exc:
            answer = exc
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def appends(server: Server, *, writers: int, rounds: int) -> Tally:
    """``writers`` clients append an offer and an interaction at once, each round with
    and then without the ``If-Match`` they read before: no 409, nothing lost."""
    tally = Tally("Concurrent appends", note=f"{writers} writers; spurious 409s and lost writes")
    clients = [server.client() for _ in range(writers)]
    try:
        for round_ in range(rounds):
            for with_if_match in (False, True):
                version = clients[0].get(f"/api/negotiations/{NEGOTIATION}").headers["etag"]
                tag = version if with_if_match else None
                before = {k: _ids(clients[0], k) for k in ("offers", "interactions")}
                calls: list[Callable[[], httpx.Response]] = []
                for i, client in enumerate(clients):
                    headers = {"If-Match": tag} if tag else {}
                    calls.append(lambda c=client, i=i, t=tag: _offer(c, 20.0 + i, t))
                    calls.append(
                        lambda c=client, h=headers: c.post(
                            f"/api/negotiations/{NEGOTIATION}/interactions",
                            json={"channel": "call"},
                            headers=h,
                        )
                    )
                answers = _race(calls)
                made = {"offers": set(), "interactions": set()}  # type: dict[str, set[int]]
                for answer in answers:
                    label = f"round {round_}, If-Match {tag}"
                    if isinstance(answer, Exception):
                        tally.record(False, f"{label}: {answer!r}")
                        continue
                    kind = "offers" if "/offers" in str(answer.request.url) else "interactions"
                    ok = answer.status_code == 201
                    tally.record(
                        ok, f"{label}: POST {kind} -> {answer.status_code} {answer.text[:120]}"
                    )
                    if ok:
                        made[kind].add(answer.json()["id"])
                for kind, ids in made.items():
                    lost = ids - (_ids(clients[0], kind) - before[kind])
                    for item in sorted(lost):
                        tally.record(False, f"{kind} {item} acknowledged, then lost")
    finally:
        for client in clients:
            client.close()
    return tally


def long_import(server: Server, target: Target, work: Path, copies: int) -> Tally:
    """``accord import`` of ``copies`` × the demo negotiations in another process, while
    one client keeps appending offers: count refusals (503 above all)."""
    tally = Tally("Writer during a long import", note="writes refused (503) while importing")
    export = work / "for-import.json"
    run_cli(target, "export", str(export))
    document = json.loads(export.read_text())
    originals = document["negotiations"]
    document["negotiations"] = [
        {**n, "uid": uuid.uuid4().hex} for _ in range(copies) for n in originals
    ]
    large = work / "large.json"
    large.write_text(json.dumps(document))
    importer = subprocess.Popen(
        [str(ACCORD), "import", str(large)],
        env=target.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    slowest = 0.0
    started = time.perf_counter()
    with server.client() as client:
        while importer.poll() is None:
            t0 = time.perf_counter()
            try:
                answer = _offer(client, 33.0)
            except httpx.TransportError as exc:
                tally.record(False, f"offer during import: {exc!r}")
                continue
            slowest = max(slowest, time.perf_counter() - t0)
            tally.record(
                answer.status_code == 201,
                f"offer during import -> {answer.status_code} {answer.text[:120]}",
            )
            time.sleep(0.05)
    output = importer.stdout.read() if importer.stdout else ""
    took = time.perf_counter() - started
    tally.record(
        importer.returncode == 0, f"the import itself: exit {importer.returncode} {output[-160:]}"
    )
    tally.note += (
        f" ({len(document['negotiations']):,} negotiations in {took:.0f} s; "
        f"slowest write {slowest:.2f} s)"
    )
    return tally


def _price_file(path: Path, codes: int, rates: int) -> Path:
    """A TiC in-network file big enough that its ingest takes a moment to kill."""
    groups = [
        {
            "provider_group_id": i + 1,
            "provider_groups": [
                {"npi": [1234567893], "tin": {"type": "ein", "value": f"81-{i:07d}"}}
            ],
        }
        for i in range(rates)
    ]
    items = [
        {
            "negotiation_arrangement": "ffs",
            "name": "x",
            "billing_code_type": "CPT",
            "billing_code_type_version": "2026",
            "billing_code": f"{97000 + c}",
            "description": "x",
            "negotiated_rates": [
                {
                    "provider_references": [r + 1],
                    "negotiated_prices": [
                        {
                            "negotiated_type": "negotiated",
                            "negotiated_rate": 30.0 + r % 17,
                            "expiration_date": "9999-12-31",
                            "billing_class": "professional",
                            "service_code": ["11"],
                        }
                    ],
                }
                for r in range(rates)
            ],
        }
        for c in range(codes)
    ]
    path.write_text(
        json.dumps(
            {
                "reporting_entity_name": "Doors Probe Health",
                "reporting_entity_type": "issuer",
                "last_updated_on": "2026-10-01",
                "version": "2.0.0",
                "provider_references": groups,
                "in_network": items,
            }
        )
    )
    return path


def killed_ingest(target: Target, work: Path, *, kills: int, codes: int) -> Tally:
    """``accord market ingest`` SIGKILLed once its work folder exists, ``kills`` times;
    then one ingest to the end: no ``.incoming`` folder may be left."""
    tally = Tally("Killed market ingest", note=".incoming folders left after the next ingest")
    market = work / "market"
    source = _price_file(work / "big-in-network.json", codes, 400)
    command = [
        str(ACCORD),
        "market",
        "ingest",
        str(source),
        "--state",
        "MT",
        "--market-dir",
        str(market),
        "--jobs",
        "1",
    ]
    incoming = market / ".incoming"
    for _ in range(kills):
        process = subprocess.Popen(
            command, env=target.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if incoming.is_dir() and any(incoming.iterdir()):
                break
            time.sleep(0.01)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finished = subprocess.run(
        command, env=target.env(), capture_output=True, text=True, timeout=600, check=False
    )
    tally.record(
        finished.returncode == 0,
        f"the ingest after the kills: exit {finished.returncode} {finished.stderr[-200:]}",
    )
    left = sorted(p.name for p in incoming.iterdir()) if incoming.is_dir() else []
    tally.record(not left, f"left in {incoming}: {left}")
    tally.note += f" ({kills} kills, a {source.stat().st_size / 1e6:.0f} MB file)"
    return tally
