"""Benchmark `gim simulate`: wall time and peak memory for N agents over D days.

Usage: python bench/simulate.py [--agents 1000] [--days 1] [--seed 7]
Prints a table and writes bench/results/simulate.json. The embedded server is started first, so
its start-up is not counted; PostgreSQL's own memory is not part of the figure (another process).
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from results_table import report  # the script's folder is on sys.path

GIM = str(Path(sys.executable).with_name("gim"))
#: The issue's budget for 1,000 agents and one day.
BUDGET = {"seconds": 60, "peak_rss_mb": 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    subprocess.run([GIM, "db", "uri", "--idb", "idb"], check=True, capture_output=True)
    command = [
        GIM,
        "simulate",
        "--agents",
        str(args.agents),
        "--days",
        str(args.days),
        "--start",
        "2026-03-02",
        "--seed",
        str(args.seed),
    ]
    started = time.perf_counter()
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = sum(
        int(line.split()[1]) for line in completed.stdout.splitlines() if "rows into IDB" in line
    )
    result = {
        "benchmark": "simulate",
        "agents": args.agents,
        "days": args.days,
        "seed": args.seed,
        "idb_rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(peak_mb),
        "budget": BUDGET if (args.agents, args.days) == (1000, 1) else None,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(
        "simulate",
        result,
        {
            "agents": str(args.agents),
            "days": str(args.days),
            "IDB rows": str(rows),
            "seconds": f"{seconds:.1f}",
            "rows/s": str(result["rows_per_second"]),
            "peak MB": str(result["peak_rss_mb"]),
        },
    )


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
