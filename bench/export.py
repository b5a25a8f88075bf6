"""Benchmark Job_ExportGIM: a day of a contact center's facts and dimensions written to archives.

Usage: python bench/export.py [--agents 1000] [--days 1] [--seed 23] [--threads 1,10]
In an Info Mart schema of its own (`bench_export`, rebuilt each run), the simulated days are
loaded by the real jobs (one ETL cycle). Then the whole Info Mart is exported once per
`--threads` value (gim-export.thread-pool-size; the export's marks are cleared between runs, so
each run writes every row), with one chunk per day, and once more with nothing new. Prints a
table (seconds, rows, rows per second, archive bytes) and writes bench/results/export.json.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from backlog import machine, record_summary  # noqa: E402  (the script's folder is on sys.path)
from results_table import report  # noqa: E402
from scenario import fresh_infomart, say_where_the_data_stays, simulated_center  # noqa: E402

from orchestrator.config import Config, validate  # noqa: E402
from orchestrator.cycle import run_cycle  # noqa: E402
from orchestrator.db import infomart_uri  # noqa: E402
from orchestrator.dbt_runner import DbtProject  # noqa: E402
from orchestrator.jobs import job_named, run_job  # noqa: E402

SCHEMA = "bench_export"
IDB = "bench_export_idb"
START = date(2026, 3, 10)
EXPORT = "Job_ExportGIM"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument(
        "--threads", default="1,10", help="thread-pool-size values, comma-separated"
    )
    return parser.parse_args()


def export_config(directory: Path, threads: int) -> Config:
    return validate(
        {
            "idb": [{"name": IDB}],
            "infomart": {"schema": SCHEMA},
            "gim-export": {
                "output-directory": str(directory),
                "thread-pool-size": threads,
                "chunk-size-seconds": 86_400,
            },
        },
        source=None,
    )


def forget_exports(config: Config) -> None:
    """The export's marks removed: the next run exports every row again."""
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        conn.execute(f"delete from {SCHEMA}.ctl_transform_history where job_name = %s", (EXPORT,))


def timed_export(config: Config, project: DbtProject) -> tuple[float, list[str]]:
    started = time.perf_counter()
    outcome = run_job(job_named(EXPORT), config, dbt=project, echo=lambda _: None)
    return time.perf_counter() - started, outcome.summary


def exported_rows(summary: list[str]) -> int:
    """The rows the job's first summary line counts ("N archives of M chunks, R rows, ...")."""
    words = summary[0].split(", ")
    return int(words[1].split()[0]) if len(words) > 1 and words[1].endswith(" rows") else 0


def main() -> None:
    args = arguments()
    thread_counts = [int(value) for value in args.threads.split(",")]
    _, project = fresh_infomart(SCHEMA, IDB)
    simulated_center(
        IDB, argparse.Namespace(agents=args.agents, days=args.days, seed=args.seed), START
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        load_config = export_config(folder / "unused", 1)
        started = time.perf_counter()
        run_cycle(load_config, echo=lambda _: None, dbt=project)
        load_seconds = time.perf_counter() - started
        runs = []
        for threads in thread_counts:
            directory = folder / f"threads-{threads}"
            config = export_config(directory, threads)
            forget_exports(config)
            seconds, summary = timed_export(config, project)
            archives = sorted(directory.glob("gim_export_*.zip"))
            runs.append(
                {
                    "threads": threads,
                    "seconds": round(seconds, 1),
                    "rows": exported_rows(summary),
                    "archives": len(archives),
                    "archive_bytes": sum(path.stat().st_size for path in archives),
                }
            )
        idle_seconds, idle_summary = timed_export(export_config(folder / "idle", 1), project)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = {f"export_threads_{run['threads']}_seconds": run["seconds"] for run in runs}
    figures["export_nothing_new_seconds"] = round(idle_seconds, 1)
    scale = {"agents": args.agents, "days": args.days, "seed": args.seed}
    result = {
        "benchmark": "export",
        "scale": scale,
        "runs": runs,
        "nothing_new": {"seconds": round(idle_seconds, 1), "summary": idle_summary[0]},
        "load_seconds": round(load_seconds, 1),
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    shown = [
        {
            "agents": str(args.agents),
            "days": str(args.days),
            "thread-pool-size": str(run["threads"]),
            "export s": f"{run['seconds']:.1f}",
            "rows": f"{run['rows']:,}",
            "rows/s": f"{run['rows'] / max(run['seconds'], 0.001):,.0f}",
            "archives": str(run["archives"]),
            "MB": f"{run['archive_bytes'] / 1e6:.1f}",
        }
        for run in runs
    ]
    report("export", result, *shown)
    print(f"nothing new to export: {idle_seconds:.1f} s")
    record_summary("export", figures, scale, result["measured_at"])
    say_where_the_data_stays()


if __name__ == "__main__":
    main()
