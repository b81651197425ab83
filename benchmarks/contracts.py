"""Fee-schedule files and expected vs paid at a billing company's size.

Writes and reads back contracts with thousands of rates in CSV and XLSX, then prices
generated therapy visits (three timed codes each, under the 8-minute rule and the
MPPR) against them with real 2025 Medicare RVUs from ``../shared/fixtures/pfs``.
Prints the median of a few repeats. Not a test: numbers vary with the machine.

    .venv/bin/python benchmarks/contracts.py [--payers 5] [--rates 2000] [--visits 20000]
        [--repeat 3] [--fixtures ../shared/fixtures]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from accord.adapters.contracts.contract_files import ContractFiles
from accord.adapters.contracts.medicare_prices import PfsMedicarePrices
from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.service_lines import ServiceLine
from accord.services.contracts import expected_vs_paid

THERAPY = ("97110", "97112", "97116", "97140", "97530")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payers", type=int, default=5)
    parser.add_argument("--rates", type=int, default=2000, help="extra flat rates per contract")
    parser.add_argument("--visits", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fixtures", type=Path, default=Path("../shared/fixtures"))
    args = parser.parse_args()
    pfs = args.fixtures / "pfs"
    medicare = PfsMedicarePrices(pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv")
    entries = [
        FeeScheduleEntry(f"A{i:04d}", "", "", RateBasis.AMOUNT, Decimal("12.34"))
        for i in range(args.rates)
    ]
    entries += [
        FeeScheduleEntry(code, "", "", RateBasis.PERCENT_OF_MEDICARE, Decimal(110), 2025)
        for code in THERAPY
    ]
    contracts = [
        Contract(f"Payer {k}", date(2025, 1, 1), date(2025, 12, 31), entries=tuple(entries))
        for k in range(args.payers)
    ]
    rates = sum(len(c.entries) for c in contracts)
    files = ContractFiles()
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("csv", "xlsx"):
            path = Path(folder) / f"fees.{suffix}"
            write = median_seconds(lambda p=path: files.write(p, contracts), args.repeat)
            read = median_seconds(lambda p=path: files.read(p), args.repeat)
            assert files.read(path) == contracts
            print(
                f"{suffix:>4}: {rates:,} rates, {path.stat().st_size / 1e6:.1f} MB — write "
                f"{write:.2f} s, read {read:.2f} s ({rates / read:,.0f} rates/s)"
            )
    rng = random.Random(1)
    lines = []
    for v in range(args.visits):
        day = date(2025, 1, 1) + timedelta(days=v % 300)
        for j, code in enumerate(rng.sample(THERAPY, 3)):
            units = rng.randint(1, 2)
            lines.append(
                ServiceLine(
                    f"L{v}/{j}", f"V{v}", f"Payer {v % args.payers}", code, units,
                    Decimal(60) * units, day, Decimal("20"), minutes=rng.randint(5, 30),
                    allowed=Decimal("25"),
                )
            )  # fmt: skip
    priced = median_seconds(lambda: expected_vs_paid(lines, contracts, medicare), args.repeat)
    print(
        f"expected vs paid: {len(lines):,} lines ({args.visits:,} visits) in {priced:.2f} s "
        f"({len(lines) / priced:,.0f} lines/s)"
    )


if __name__ == "__main__":
    main()
