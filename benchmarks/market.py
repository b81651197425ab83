"""Market benchmark: Accord's price-file reader next to its peers, on one synthetic file.

    .venv/bin/python benchmarks/market.py                  # 600 MB file, peers, 50 M rows
    .venv/bin/python benchmarks/market.py --size-mb 100 --rows 5000000 --no-peers
    .venv/bin/python benchmarks/market.py --large 2GB      # also peak RSS on a 2 GB file

Generates (once, deterministically, under benchmarks/.work/) a TiC in-network file of
``--size-mb`` MB and its .gz, then measures, each in its own process (peak RSS from
``wait4``):

* filtered extraction of 50 billing codes: Accord (structural index + orjson on kept
  items) vs ijson's C backend (yajl2_c) and, if it installs, cms-mrf-extractor; peers
  live in their own virtual env under benchmarks/.work/peers and are never imported by
  Accord;
* full extraction to the Parquet dataset (``accord market ingest``'s service);
* with ``--large``, filtered and full extraction again on a bigger file of the same
  shape (generated once), to show that peak RSS does not grow with the file;
* a percentile query for one code over a ``--rows`` row dataset (median of warm runs).

Figures and ratios are printed; nothing here is asserted (tests check correctness).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WORK = Path(__file__).resolve().parent / ".work"
PEERS = WORK / "peers"
SEED = 20260401
N_CODES = 5000
WANTED = 50
PEER_STATE: dict[str, str] = {}


# -- the synthetic file ------------------------------------------------------------------------
def codes() -> list[str]:
    """The code pool: CPT-like five-digit codes, deterministic."""
    rng = np.random.default_rng(SEED)
    return [str(c) for c in rng.choice(np.arange(10000, 99999), size=N_CODES, replace=False)]


def wanted_codes() -> list[str]:
    """The 50 codes the filtered runs keep."""
    return codes()[:: N_CODES // WANTED][:WANTED]


def generate(path: Path, size_mb: int) -> None:
    """Write a schema-2.0 in-network file of about ``size_mb`` MB."""
    rng = np.random.default_rng(SEED)
    pool = codes()
    n_refs = 2000
    target = size_mb * 1_000_000
    tmp = path.with_suffix(".partial")
    with tmp.open("w") as out:
        out.write(
            '{"reporting_entity_name": "Synthetic Health Plan", "reporting_entity_type": '
            '"health insurance issuer", "plan_name": "Synthetic PPO", "plan_id_type": "ein", '
            '"plan_id": "1234567890", "plan_market_type": "group", "last_updated_on": '
            '"2026-01-01", "version": "2.0.0", "provider_references": ['
        )
        refs = []
        for i in range(1, n_refs + 1):
            npis = ", ".join(str(n) for n in rng.integers(1_000_000_000, 1_999_999_999, 5))
            refs.append(
                f'{{"provider_group_id": {i}, "network_name": ["Synthetic Network"], '
                f'"provider_groups": [{{"npi": [{npis}], "tin": {{"type": "ein", '
                f'"value": "{i:02d}-{i * 7919 % 10000000:07d}"}}}}]}}'
            )
        out.write(",\n".join(refs))
        out.write('],\n"in_network": [\n')
        written = out.tell()
        first = True
        item = 0
        while written < target:
            n_rates = int(rng.integers(5, 40))
            code = pool[int(rng.integers(0, N_CODES))]
            base = float(rng.uniform(20, 2000))
            ref_ids = rng.integers(1, n_refs + 1, size=(n_rates, 3))
            rates = rng.normal(base, base * 0.2, size=(n_rates, 2)).clip(1)
            parts = []
            for r in range(n_rates):
                refs_txt = ", ".join(str(x) for x in ref_ids[r])
                parts.append(
                    f'{{"provider_references": [{refs_txt}], "negotiated_prices": ['
                    f'{{"negotiated_type": "negotiated", "negotiated_rate": {rates[r, 0]:.2f}, '
                    f'"expiration_date": "9999-12-31", "service_code": ["11", "22"], '
                    f'"billing_class": "professional", "setting": "outpatient"}}, '
                    f'{{"negotiated_type": "fee schedule", "negotiated_rate": {rates[r, 1]:.2f}, '
                    f'"expiration_date": "9999-12-31", "billing_class": "institutional", '
                    f'"setting": "outpatient", "billing_code_modifier": ["26"]}}]}}'
                )
            text = (
                ("" if first else ",\n")
                + f'{{"negotiation_arrangement": "ffs", "name": "Service {item}", '
                f'"billing_code_type": "CPT", "billing_code_type_version": "2026", '
                f'"billing_code": "{code}", "description": "Synthetic service {code}", '
                f'"negotiated_rates": [{", ".join(parts)}]}}'
            )
            out.write(text)
            written += len(text)
            first = False
            item += 1
        out.write("\n]}\n")
    tmp.rename(path)


def ensure_plain(size_mb: int) -> Path:
    """The plain synthetic file of ``size_mb`` MB, generated on first use."""
    WORK.mkdir(parents=True, exist_ok=True)
    plain = WORK / f"synthetic-in-network-{size_mb}mb.json"
    if not plain.exists():
        t = time.perf_counter()
        generate(plain, size_mb)
        print(
            f"generated {plain.name} ({plain.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - t:.0f} s"
        )
    return plain


def ensure_files(size_mb: int) -> tuple[Path, Path]:
    """The plain and gzip synthetic files, generated on first use."""
    plain = ensure_plain(size_mb)
    packed = plain.with_suffix(".json.gz")
    if not packed.exists():
        t = time.perf_counter()
        tmp = packed.with_suffix(".partial")
        with plain.open("rb") as src, gzip.open(tmp, "wb", compresslevel=3) as dst:
            shutil.copyfileobj(src, dst, 16 << 20)
        tmp.rename(packed)
        print(
            f"compressed to {packed.name} ({packed.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - t:.0f} s"
        )
    return plain, packed


# -- measurements run in child processes --------------------------------------------------------
_T0 = [0.0, 0.0]


def _start() -> None:
    """Mark the start of the measured work (imports and start-up excluded)."""
    _T0[0], _T0[1] = time.perf_counter(), time.process_time()


def _finish(result: dict[str, float]) -> dict[str, float]:
    return {
        **result,
        "work_seconds": time.perf_counter() - _T0[0],
        "work_cpu": time.process_time() - _T0[1],
    }


def child_accord_filter(path: str) -> dict[str, float]:
    from accord.adapters.pricefiles.rate_rows import RowFilter
    from accord.adapters.pricefiles.tic_in_network import InNetworkReader

    _start()
    reader = InNetworkReader(
        Path(path), row_filter=RowFilter(billing_codes=frozenset(wanted_codes()))
    )
    rows = sum(len(b) for b in reader.batches() if b.table == "rates")
    return {"rows": rows}


def child_ijson_filter(path: str) -> dict[str, float]:
    import ijson  # type: ignore[import-not-found]  # only in the peers' env

    wanted = set(wanted_codes())
    rows = 0
    _start()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for item in ijson.items(fh, "in_network.item", use_float=True):
            if item["billing_code"] in wanted:
                for nr in item["negotiated_rates"]:
                    rows += len(nr["negotiated_prices"])
    return {"rows": rows, "backend": ijson.backend}


def child_accord_full(path: str) -> dict[str, float]:
    from accord.adapters.market.market_data import ParquetMarket
    from accord.adapters.pricefiles.price_files import PriceFileReaders
    from accord.bootstrap import SystemClock
    from accord.services.market import ingest_price_file

    _start()
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        result = ingest_price_file(
            ParquetMarket(Path(tmp) / "market"),
            PriceFileReaders(),
            SystemClock(),
            Path(path),
            state="MD",
        )
        return {"rows": result.rows}


def child_mrf_full(path: str) -> dict[str, float]:
    from cms_mrf_extractor import run  # type: ignore[import-not-found]  # peers' env only

    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        (source / Path(path).name).symlink_to(path)
        _start()
        summary = run(str(source), output=str(Path(tmp) / "out"), progress=False)
        rows = sum(
            counts[0]
            for per_file in summary.values()
            for kind, counts in per_file.items()
            if kind == "nr"  # it writes nested in_network items, not one row per price
        )
        return {"rows": rows}


CHILDREN = {
    "accord-filter": child_accord_filter,
    "ijson-filter": child_ijson_filter,
    "accord-full": child_accord_full,
    "mrf-full": child_mrf_full,
}


def run_child(python: str, name: str, path: Path) -> dict[str, float]:
    """Run one measurement in a fresh process; add seconds and peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    t = time.perf_counter()
    proc = subprocess.Popen(
        [python, __file__, "_child", name, str(path)], stdout=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        return {"error": proc.returncode}
    result: dict[str, float] = json.loads(output)
    result["seconds"] = seconds
    result["rss_mb"] = usage.ru_maxrss / 1024
    return result


def peers_python() -> str | None:
    """The peers' venv python, creating it (ijson, cms-mrf-extractor) on first use."""
    python = PEERS / "bin" / "python"
    if not python.exists():
        print("creating the peers' environment (ijson, cms-mrf-extractor) ...")
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "ijson",
                "numpy",
                "orjson",
                "pyarrow",
                "duckdb",
                "pydantic",
                "pydantic-settings",
                "platformdirs",
                "typer",
                "rich",
            ],
            check=False,
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "cms-mrf-extractor"], check=False
        )
    return str(python) if python.exists() else None


# -- the percentile query ---------------------------------------------------------------------
def query_benchmark(rows: int) -> None:
    import duckdb

    from accord.adapters.market.dataset import MarketDataset
    from accord.adapters.market.queries import MarketQueries
    from accord.domain.market.rate_query import RateQuery

    root = WORK / f"query-{rows}"
    part = root / "files" / "file_id=synthetic"
    if not (part / "rates.parquet").exists():
        part.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"SET temp_directory='{WORK / 'spill'}'")
        con.execute("SET memory_limit='1GB'")  # a shared machine: stream, never sort in RAM
        # rows come out in billing-code order (as ingest sorts them), so no ORDER BY needed
        con.execute(
            f"""COPY (
              SELECT 'tic' AS source_kind, 'Payer ' || (i % 40) AS payer,
                     'payer ' || (i % 40) AS payer_normalized, 'Plan' AS plan_name,
                     '' AS plan_id, (10000 + i * {N_CODES} // {rows})::VARCHAR AS billing_code,
                     'CPT' AS billing_code_type, '' AS modifier, 'ffs' AS negotiation_arrangement,
                     'negotiated' AS negotiated_type, 20 + (hash(i * 7) % 100000) / 100.0 AS rate,
                     'professional' AS billing_class, 'outpatient' AS setting,
                     '11' AS service_code, '9999-12-31' AS expiration_date,
                     (i % 2000)::VARCHAR AS provider_refs, '' AS bundled_codes,
                     '' AS provider_name, ['MD','VA','DC','PA'][1 + i % 4] AS state,
                     NULL::VARCHAR AS zip3
              FROM range({rows}) t(i)
            ) TO '{part / "rates.partial"}' (FORMAT parquet, ROW_GROUP_SIZE 122880)"""
        )
        con.close()
        (part / "rates.partial").rename(part / "rates.parquet")  # complete, then visible
        (part / "_manifest.json").write_text('{"file_id": "synthetic"}')
        print(f"built a {rows:,}-row dataset in {time.perf_counter() - t:.0f} s")
    queries = MarketQueries(MarketDataset(root))
    q = RateQuery("12345", region="MD")
    queries.summary(q)  # warm
    times = []
    for _ in range(15):
        t = time.perf_counter()
        summary = queries.summary(q)
        times.append(time.perf_counter() - t)
    assert summary is not None
    print(
        f"percentile query, one code over {rows:,} rows: median "
        f"{statistics.median(times) * 1000:.0f} ms warm (p50 ${summary.p50:,.2f}, "
        f"{summary.count:,} rates)"
    )


# -- main ---------------------------------------------------------------------------------------
def report(label: str, size: int, result: dict[str, float]) -> float:
    if "error" in result:
        print(f"  {label:30s} failed (exit {result['error']})")
        return 0.0
    rate = size / result["work_seconds"] / 1e6
    per_cpu = size / result["work_cpu"] / 1e6
    print(
        f"  {label:30s} {rate:6.0f} MB/s wall {per_cpu:6.0f} MB/s per CPU-s  "
        f"{result['work_seconds']:6.1f} s  RSS {result['rss_mb']:5.0f} MB  "
        f"rows {int(result['rows']):,}"
    )
    return rate


def size_mb(text: str) -> int:
    """``2GB``, ``2000MB`` or ``2000`` (MB) as a number of MB."""
    value = text.strip().upper().removesuffix("B")
    if value.endswith("G"):
        return int(float(value[:-1]) * 1000)
    return int(float(value.removesuffix("M")))


def large_run(size: int, large_mb: int, base: dict[str, dict[str, float]]) -> None:
    """Filtered and full extraction on a bigger file; peak RSS beside the base file's."""
    big = ensure_plain(large_mb)
    big_size = big.stat().st_size
    print(f"constant memory: {big.name}, {big_size / 1e6:.0f} MB uncompressed")
    for label, child in (("accord filtered", "accord-filter"), ("accord ingest", "accord-full")):
        result = run_child(sys.executable, child, big)
        report(f"{label} ({big_size / 1e9:.1f} GB)", big_size, result)
        if "error" not in result and child in base and "rss_mb" in base[child]:
            print(
                f"  {label}: peak RSS {base[child]['rss_mb']:.0f} MB on {size / 1e6:.0f} MB, "
                f"{result['rss_mb']:.0f} MB on {big_size / 1e6:.0f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=600)
    parser.add_argument(
        "--large", type=size_mb, default=None, help="Also measure RSS on a file this big (2GB)."
    )
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-full", action="store_true")
    parser.add_argument("--query-only", action="store_true", help="Only the percentile query.")
    args = parser.parse_args()
    if args.query_only:
        query_benchmark(args.rows)
        return
    plain, packed = ensure_files(args.size_mb)
    size = plain.stat().st_size  # MB/s are of uncompressed JSON for both files
    print(
        f"file: {plain.name}, {size / 1e6:.0f} MB uncompressed, "
        f"{packed.stat().st_size / 1e6:.0f} MB gzip; {WANTED} codes kept; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    print("filtered extraction (MB/s of uncompressed JSON):")
    base: dict[str, dict[str, float]] = {}
    base["accord-filter"] = run_child(sys.executable, "accord-filter", plain)
    a_plain = report("accord (plain)", size, base["accord-filter"])
    a_gz = report("accord (.gz)", size, run_child(sys.executable, "accord-filter", packed))
    if not args.no_peers:
        python = peers_python()
        if python is not None:
            p_plain = report(
                "ijson yajl2_c (plain)", size, run_child(python, "ijson-filter", plain)
            )
            p_gz = report("ijson yajl2_c (.gz)", size, run_child(python, "ijson-filter", packed))
            if p_plain:
                print(
                    f"  ratio accord / ijson: plain {a_plain / p_plain:.1f}x, "
                    f".gz {a_gz / p_gz:.1f}x"
                    if p_gz
                    else ""
                )
            PEER_STATE["python"] = python
    if not args.no_full:
        print("full extraction to Parquet (accord: sorted partition + manifest):")
        base["accord-full"] = run_child(sys.executable, "accord-full", plain)
        a_full = report("accord ingest (plain)", size, base["accord-full"])
        python = PEER_STATE.get("python")
        if python is not None:
            m_full = report(
                "cms-mrf-extractor (nested rows)", size, run_child(python, "mrf-full", plain)
            )
            if m_full:
                print(f"  ratio accord / cms-mrf-extractor: {a_full / m_full:.1f}x")
    if args.large:
        large_run(size, args.large, base)
    query_benchmark(args.rows)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "_child":
        print(json.dumps(_finish(CHILDREN[sys.argv[2]](sys.argv[3]))))
    else:
        main()
