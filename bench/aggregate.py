"""Benchmark Job_AggregateGIM: a simulated day at N agents aggregated, then a month re-aggregated.

Usage: python bench/aggregate.py [--agents 1000] [--days 1] [--seed 11]
Simulates the same contact center as bench/transform.py into the IDB `bench_transform_idb` of the
embedded server, extracts and transforms it (initialised if needed), then times one
Job_AggregateGIM over the new facts, a second one with nothing new, and
`-insertPendingAgg ALLSETS:<first>:<last>` over the calendar month of the first simulated day.
Prints a table and writes bench/results/aggregate.json.
"""

from __future__ import annotations

import calendar
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
FIRST_DAY = date(2026, 3, 9)


def _timed(job: str, config, *parameters: str) -> tuple[float, list[str]]:
    started = time.perf_counter()
    outcome = run_job(job_named(job), config, parameters, echo=lambda _: None)
    return time.perf_counter() - started, outcome.summary


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], agents=1000, seed=11)
    config = simulated_center(IDB, args, FIRST_DAY)
    forget_extraction(infomart_uri(config), IDB)
    _timed("Job_ExtractICON", config)
    _timed("Job_TransformGIM", config)
    aggregate_seconds, summary = _timed("Job_AggregateGIM", config)
    rerun_seconds, _ = _timed("Job_AggregateGIM", config)
    last = calendar.monthrange(FIRST_DAY.year, FIRST_DAY.month)[1]
    month = f"ALLSETS:{FIRST_DAY:%Y-%m}-01:{FIRST_DAY:%Y-%m}-{last:02d}"
    month_seconds, _ = _timed("Job_AggregateGIM", config, "-insertPendingAgg", month)
    rows = int(summary[0].split()[0])
    result = {
        "benchmark": "aggregate",
        "agents": args.agents,
        "days": args.days,
        "aggregate_rows": rows,
        "aggregate_seconds": round(aggregate_seconds, 1),
        "rerun_nothing_new_seconds": round(rerun_seconds, 1),
        "reaggregate_month_seconds": round(month_seconds, 1),
        "month_requested": month,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(
        "aggregate",
        result,
        {
            "agents": str(args.agents),
            "days": str(args.days),
            "rows": str(rows),
            "aggregate s": f"{aggregate_seconds:.1f}",
            "rerun s": f"{rerun_seconds:.1f}",
            "month re-agg s": f"{month_seconds:.1f}",
        },
    )


if __name__ == "__main__":
    main()
