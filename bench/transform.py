"""Benchmark Job_TransformGIM: one simulated day at N agents, extracted, then transformed once.

Usage: python bench/transform.py [--agents 1000] [--days 1] [--seed 11]
Simulates a contact center (voice, chat, e-mail, outbound) into the IDB `bench_transform_idb` of
the embedded server, extracts it with Job_ExtractICON (initialised if needed), then times
one Job_TransformGIM over everything and a second one with nothing new. Prints a table and
writes bench/results/transform.json.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from results_table import report  # noqa: E402  (the script's folder is on sys.path)
from scenario import forget_extraction, simulated_center, size_arguments  # noqa: E402

from orchestrator.db import infomart_uri  # noqa: E402
from orchestrator.jobs import job_named, run_job  # noqa: E402

IDB = "bench_transform_idb"


def _timed(job: str, config) -> tuple[float, list[str]]:
    started = time.perf_counter()
    outcome = run_job(job_named(job), config, echo=lambda _: None)
    return time.perf_counter() - started, outcome.summary


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], agents=1000, seed=11)
    config = simulated_center(IDB, args, date(2026, 3, 9))
    forget_extraction(infomart_uri(config), IDB)  # a second run of the bench measures the same
    extract_seconds, _ = _timed("Job_ExtractICON", config)
    transform_seconds, summary = _timed("Job_TransformGIM", config)
    rerun_seconds, _ = _timed("Job_TransformGIM", config)
    rows = int(summary[0].split()[0])
    result = {
        "benchmark": "transform",
        "agents": args.agents,
        "days": args.days,
        "fact_and_dimension_rows": rows,
        "extract_seconds": round(extract_seconds, 1),
        "transform_seconds": round(transform_seconds, 1),
        "transform_rows_per_second": round(rows / transform_seconds),
        "rerun_nothing_new_seconds": round(rerun_seconds, 1),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(
        "transform",
        result,
        {
            "agents": str(args.agents),
            "rows": str(rows),
            "extract s": f"{extract_seconds:.1f}",
            "transform s": f"{transform_seconds:.1f}",
            "rows/s": str(result["transform_rows_per_second"]),
            "rerun s": f"{rerun_seconds:.1f}",
        },
    )


if __name__ == "__main__":
    main()
