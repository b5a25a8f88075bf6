"""Benchmark a day's backlog end to end, against the floor and for peak memory, in one run.

Usage: python bench/backlog.py [--agents 1000] [--days 1] [--seed 13]
       python bench/backlog.py --growth 10 [--agents 300]
Simulates a contact center into the IDB `bench_backlog_idb` of the embedded server, forgets any
earlier extraction of it (initialising the Info Mart if needed), measures the floor (every IDB
table out with COPY and into an empty table of the same shape), then runs one ETL cycle over the
backlog (Job_ExtractICON with its merge, Job_TransformGIM, Job_AggregateGIM) in a child
process, timing each stage and reading the child's peak resident memory. Prints a table, writes
bench/results/backlog.json, and records its figures in bench/results/summary.json. With
`--growth DAYS`, the same at 1 day and at DAYS days (bench/results/backlog_growth.json): a
backlog's cost per IDB row must not grow with its size.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import queue
import resource
import sys
import time
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from results_table import report  # noqa: E402  (the script's folder is on sys.path)
from scenario import (  # noqa: E402
    bare_copy,
    forget_extraction,
    say_where_the_data_stays,
    simulated_center,
)

from orchestrator.cycle import run_cycle  # noqa: E402
from orchestrator.db import idb_uri, infomart_uri  # noqa: E402

IDB = "bench_backlog_idb"
FIRST_DAY = date(2026, 3, 10)
#: Issue 7's targets.
TARGET_RATIO_TO_FLOOR = 5.0
TARGET_PEAK_RSS_MB = 300
#: Issue 21's: a backlog's cost per IDB row at 10 days within 1.3 x its cost at 1 day.
TARGET_GROWTH_RATIO = 1.3


def _cycle(config, seconds: multiprocessing.Queue) -> None:
    """The ETL cycle in the child process: each stage's seconds, then the peak RSS in MB."""
    steps = run_cycle(config, echo=lambda _: None)
    seconds.put({step.job_name: step.seconds for step in steps})
    seconds.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _from(child: multiprocessing.process.BaseProcess, results: multiprocessing.Queue) -> Any:
    """The child's next result; a child that died first ends the benchmark (its error is on
    stderr above) instead of waiting for ever."""
    while True:
        try:
            return results.get(timeout=1)
        except queue.Empty:
            if not child.is_alive():
                raise SystemExit(
                    f"the ETL cycle failed (exit code {child.exitcode}); its error is above"
                ) from None


def measure(agents: int, days: int, seed: int) -> dict:
    """One backlog of `days` days at `agents` agents, end to end: its figures."""
    size = argparse.Namespace(agents=agents, days=days, seed=seed)
    config = simulated_center(IDB, size, FIRST_DAY)
    mart = infomart_uri(config)
    forget_extraction(mart, IDB)
    floor_rows, floor_seconds = bare_copy(idb_uri(config, IDB), mart)
    results: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_cycle, args=(config, results))
    started = time.perf_counter()
    child.start()
    stages, peak_rss_mb = _from(child, results), _from(child, results)
    child.join()
    backlog_seconds = time.perf_counter() - started
    if child.exitcode:
        raise SystemExit(f"the ETL cycle failed (exit code {child.exitcode})")
    figures = {
        "backlog_seconds": round(backlog_seconds, 1),
        "floor_seconds": round(floor_seconds, 1),
        "backlog_ratio_to_floor": round(backlog_seconds / floor_seconds, 1),
        "peak_rss_mb": round(peak_rss_mb),
    }
    return {
        "benchmark": "backlog",
        "scale": {"agents": agents, "days": days, "seed": seed},
        "idb_rows": floor_rows,
        **figures,
        "microseconds_per_idb_row": round(backlog_seconds / floor_rows * 1e6, 1),
        "stage_seconds": {name: round(value, 1) for name, value in stages.items()},
        "targets": {
            "backlog_ratio_to_floor": TARGET_RATIO_TO_FLOOR,
            "peak_rss_mb": TARGET_PEAK_RSS_MB,
        },
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _row(result: dict) -> dict[str, str]:
    return {
        "agents": str(result["scale"]["agents"]),
        "days": str(result["scale"]["days"]),
        "IDB rows": str(result["idb_rows"]),
        "floor s": f"{result['floor_seconds']:.1f}",
        **{
            f"{name.removeprefix('Job_')} s": f"{value:.1f}"
            for name, value in result["stage_seconds"].items()
        },
        "backlog s": f"{result['backlog_seconds']:.1f}",
        "us/row": f"{result['microseconds_per_idb_row']:.1f}",
        "x floor": f"{result['backlog_ratio_to_floor']} (<= {TARGET_RATIO_TO_FLOOR})",
        "peak MB": f"{result['peak_rss_mb']} (<= {TARGET_PEAK_RSS_MB})",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=None)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--growth",
        type=int,
        metavar="DAYS",
        help="Measure 1 day and DAYS days at --agents (default 300): is the cost per IDB row flat?",
    )
    args = parser.parse_args()
    if args.growth is None:
        result = measure(args.agents or 1000, args.days, args.seed)
        report("backlog", result, _row(result))
        figures = {k: result[k] for k in ("backlog_seconds", "floor_seconds")}
        figures |= {k: result[k] for k in ("backlog_ratio_to_floor", "peak_rss_mb")}
        record_summary("backlog", figures, result["scale"], result["measured_at"])
        say_where_the_data_stays()
        return
    agents = args.agents or 300
    one, many = measure(agents, 1, args.seed), measure(agents, args.growth, args.seed)
    ratio = many["microseconds_per_idb_row"] / one["microseconds_per_idb_row"]
    result = {
        "benchmark": "backlog_growth",
        "one_day": one,
        "many_days": many,
        "cost_per_row_ratio": round(ratio, 2),
        "target_cost_per_row_ratio": TARGET_GROWTH_RATIO,
    }
    report("backlog_growth", result, _row(one), _row(many))
    print(
        f"cost per IDB row, {args.growth} days against 1: {ratio:.2f} x (<= {TARGET_GROWTH_RATIO})"
    )
    say_where_the_data_stays()


def machine() -> dict[str, object]:
    """Where the figures were measured: CPU count, Python, PostgreSQL driver, dbt and adapter
    versions."""
    return {
        "platform": platform.platform(),
        "cpus": multiprocessing.cpu_count(),
        "python": platform.python_version(),
        "dbt_core": version("dbt-core"),
        "dbt_postgres": version("dbt-postgres"),
        "psycopg": version("psycopg"),
    }


def record_summary(benchmark: str, figures: dict, scale: dict, measured_at: str) -> None:
    """Merge one benchmark's figures into bench/results/summary.json (issue 7's keys), keeping the
    others'; `scale` holds each benchmark's scale under its name, `measured_at` the newest run."""
    path = BENCH_DIR / "results" / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    scales = summary.get("scale", {})
    if not all(isinstance(value, dict) for value in scales.values()):
        scales = {}  # written before scales were kept per benchmark
    summary.update(figures, scale={**scales, benchmark: scale}, measured_at=measured_at)
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
