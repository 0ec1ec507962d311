"""Roster import bench: parse throughput for 50,000-row CSV and XLSX files (DB upsert to follow)."""

from __future__ import annotations

import argparse
import time
from typing import Literal

from training.roster import RosterRow, generate_roster, parse_roster

BODIES = (
    "Министерство финансов",
    "Агентство по делам госслужбы",
    "Акимат города Астаны",
    "Министерство юстиции",
)
TARGET_SECONDS = 60.0


def bench(rows: int, fmt: Literal["csv", "xlsx"], seed: int) -> float:
    """Generate a roster, parse it, print figures and return the parse time in seconds."""
    started = time.perf_counter()
    data = generate_roster(rows, BODIES, seed, fmt=fmt)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    valid = errors = 0
    for item in parse_roster(data, f"roster.{fmt}"):
        if isinstance(item, RosterRow):
            valid += 1
        else:
            errors += 1
    parsed = time.perf_counter() - started
    print(
        f"{fmt:>4}: {rows} rows, {len(data) / 1e6:.1f} MB, generated in {generated:.2f} s, "
        f"parsed in {parsed:.2f} s = {valid / parsed:,.0f} rows/s "
        f"({valid} valid, {errors} errors; {parsed / TARGET_SECONDS:.0%} of the 60 s import budget)"
    )
    return parsed


def main() -> None:
    """Run the bench for CSV and XLSX."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bench(args.rows, "csv", args.seed)
    bench(args.rows, "xlsx", args.seed)


if __name__ == "__main__":
    main()
