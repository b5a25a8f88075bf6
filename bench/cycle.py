"""Benchmark the steady 15-minute cycle with 1 day and with 30 days of history, and a full rebuild.

Usage: python bench/cycle.py [--agents 1000] [--history-days 30] [--cycles 2]
       python bench/cycle.py --full-refresh [--agents 100] [--history-days 30] [--cycles 2]
In an Info Mart schema of its own (`bench_cycle`, rebuilt each run), a simulated contact center
(IDB `bench_cycle_idb`) is loaded by the real jobs up to 09:30 of its second day: the first day is
the history. The IDB then moves on in real time's steps (`LiveIdb`), and each 15-minute step is
one timed ETL cycle (extract, transform, aggregate, sharing one parsed dbt project as the
scheduler does). After `--cycles` cycles the history is cloned back to `--history-days` days
(bench/history.py) and as many cycles are timed again: the cycle figures (bench/results/cycle.json).
With `--partitioned`, the same on an Info Mart with partitioning-enabled, every history day in a
partition of its own (bench/results/cycle_partitioned.json; partitioning must not make the cycle
more than 10% slower).
With `--full-refresh`, the facts and aggregates are then rebuilt from every GIDB row (marks
forgotten, tables emptied: what dbt's --full-refresh would redo) and the rebuild is compared with
the cycle measured at the same scale (bench/results/full_refresh.json); GIDB then keeps every
history day, so the rebuild has them all to read. A full rebuild of 30 days at 1,000 agents takes
far beyond 15 minutes, hence its default of 100 agents. Prints a table and records its figures,
with their scale, in bench/results/summary.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from backlog import machine, record_summary  # noqa: E402  (the script's folder is on sys.path)
from history import clone_history  # noqa: E402
from results_table import report  # noqa: E402
from scenario import (  # noqa: E402
    center_params,
    fresh_infomart,
    live_idb,
    say_where_the_data_stays,
)

from orchestrator.config import Config, validate  # noqa: E402
from orchestrator.config.options import BY_KEY  # noqa: E402
from orchestrator.control.names import CTL_TRANSFORM_HISTORY  # noqa: E402
from orchestrator.cycle import run_cycle  # noqa: E402
from orchestrator.db import infomart_uri  # noqa: E402
from orchestrator.dbt_runner import DbtProject, NodeResult  # noqa: E402
from orchestrator.jobs import job_named, run_job  # noqa: E402
from orchestrator.partitions import upkeep  # noqa: E402
from orchestrator.partitions.layout import partitioned_tables  # noqa: E402
from simulator.live import LiveIdb  # noqa: E402

SCHEMA = "bench_cycle"
IDB = "bench_cycle_idb"
FIRST_DAY = date(2026, 3, 10)
#: The cycles start at 09:30 of the second day, the first day being the history.
FIRST_CLOCK = int(datetime(2026, 3, 11, 9, 30, tzinfo=UTC).timestamp())
STEP = 900
#: Issue 7's targets.
TARGET_CYCLE_SECONDS = 3.0
TARGET_GROWTH_30D = 1.2
TARGET_FULL_REFRESH_SPEEDUP = 20.0
#: A timed cycle's record names the models that took at least this long, slowest first.
SLOW_MODEL_SECONDS = 0.1


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, help="1000, or 100 with --full-refresh")
    parser.add_argument("--history-days", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=2, help="timed cycles per history size")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--full-refresh", action="store_true", help="time a full rebuild too")
    parser.add_argument(
        "--partitioned",
        action="store_true",
        help="on a partitioned Info Mart (partitioning-enabled; bench/results/cycle_partitioned)",
    )
    args = parser.parse_args()
    if args.agents is None:
        args.agents = 100 if args.full_refresh else 1000
    return args


@contextmanager
def nodes_run(project: DbtProject) -> Iterator[list[NodeResult]]:
    """Every node the project's dbt runs build while inside, with its seconds."""
    built: list[NodeResult] = []
    run = project.run

    def recording(*args: Any, **kwargs: Any) -> list[NodeResult]:
        results = run(*args, **kwargs)
        built.extend(results)
        return results

    project.run = recording  # type: ignore[method-assign]
    try:
        yield built
    finally:
        del project.run


def slowest(nodes: list[NodeResult]) -> dict[str, float]:
    """The nodes of `nodes` that took SLOW_MODEL_SECONDS or more: name -> seconds, slowest
    first (a node dbt ran twice in a cycle counts its two times together)."""
    seconds: dict[str, float] = {}
    for node in nodes:
        seconds[node.name] = seconds.get(node.name, 0.0) + node.execution_time
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)
    return {name: round(taken, 2) for name, taken in ranked if taken >= SLOW_MODEL_SECONDS}


def timed_cycles(live: LiveIdb, config: Config, project: DbtProject, count: int) -> list[dict]:
    """Move the IDB on by 15 minutes and run one cycle, `count` times: each one's seconds, its
    jobs' and its slowest models'."""
    timings = []
    for _ in range(count):
        live.advance(live.clock + STEP)
        with nodes_run(project) as nodes:
            started = time.perf_counter()
            steps = run_cycle(config, echo=lambda _: None, dbt=project)
            seconds = time.perf_counter() - started
        timings.append(
            {
                "seconds": seconds,
                **{step.job_name: round(step.seconds, 2) for step in steps},
                "slowest_models": slowest(nodes),
            }
        )
    return timings


def partitions_for_history(config: Config, project: DbtProject, history_days: int) -> None:
    """The partitions of every history day and of the days the cycles run in, as daily
    Job_MaintainGIM runs would have left them (the history is cloned straight into them)."""
    first = datetime.combine(FIRST_DAY, datetime.min.time(), UTC) - timedelta(days=history_days)
    covering = validate(
        {
            "infomart": {"schema": SCHEMA},
            "gim-etl": {"partitioning-enabled": True, "partitioning-ahead-range": history_days + 3},
        },
        source=None,
    )
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        upkeep.keep_ahead(conn, SCHEMA, partitioned_tables(project.catalogue()), covering, first)


def full_rebuild(config: Config, project: DbtProject) -> float:
    """Forget the transform and aggregation marks, empty the facts and aggregates, and run
    Job_TransformGIM and Job_AggregateGIM over every GIDB row: the rebuild's seconds."""
    schema = sql.Identifier(SCHEMA)
    catalogue = project.catalogue()
    rebuilt = (*catalogue.transform_facts, *catalogue.aggregate_tables)
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        conn.execute(
            sql.SQL("delete from {}.{} where job_name = any(%s)").format(
                schema, sql.Identifier(CTL_TRANSFORM_HISTORY)
            ),
            (["Job_TransformGIM", "Job_AggregateGIM"],),
        )
        emptied = [sql.SQL("{}.{}").format(schema, sql.Identifier(name)) for name in rebuilt]
        conn.execute(sql.SQL("truncate {}").format(sql.SQL(", ").join(emptied)))
    started = time.perf_counter()
    for name in ("Job_TransformGIM", "Job_AggregateGIM"):
        run_job(job_named(name), config, dbt=project, echo=lambda _: None)
    return time.perf_counter() - started


def main() -> None:
    args = arguments()
    params = center_params(args.agents, 2, FIRST_DAY, args.seed)  # a bad flag stops here
    config, project = fresh_infomart(
        SCHEMA, IDB, {"partitioning-enabled": True} if args.partitioned else None
    )
    if args.partitioned:
        partitions_for_history(config, project, args.history_days)
    live = live_idb(config, params)
    live.start(FIRST_CLOCK, horizon=FIRST_CLOCK + STEP * (2 * args.cycles + 1))
    started = time.perf_counter()
    run_cycle(config, echo=lambda _: None, dbt=project)
    history_load = time.perf_counter() - started
    one_day = timed_cycles(live, config, project, args.cycles)
    # GIDB keeps what its retention keeps, unless a full rebuild is to read every day.
    kept = BY_KEY["gim-etl.days-to-keep-gidb-facts"].default
    gidb_days = args.history_days if args.full_refresh else min(args.history_days, kept)
    first_day = int(datetime.combine(FIRST_DAY, datetime.min.time(), UTC).timestamp())
    cloned = clone_history(
        infomart_uri(config), SCHEMA, first_day, args.history_days, gidb_days, project.catalogue()
    )
    many_days = timed_cycles(live, config, project, args.cycles)
    cycle_1d = statistics.median(t["seconds"] for t in one_day)
    cycle_nd = statistics.median(t["seconds"] for t in many_days)
    scale = {
        "agents": args.agents,
        "history_days": args.history_days,
        "gidb_days": gidb_days,
        "cycles": args.cycles,
        "seed": args.seed,
    }
    cycle_figures = {
        "cycle_seconds_1d": round(cycle_1d, 2),
        "cycle_seconds_30d": round(cycle_nd, 2),
        "cycle_growth_30d": round(cycle_nd / cycle_1d, 2),
    }
    shown = {
        "agents": str(args.agents),
        "history load s": f"{history_load:.1f}",
        "cycle 1d s": f"{cycle_1d:.2f} (<= {TARGET_CYCLE_SECONDS})",
        "clone s": f"{cloned['seconds']:.0f}",
        f"cycle {args.history_days}d s": f"{cycle_nd:.2f}",
        "growth": f"{cycle_figures['cycle_growth_30d']} (<= {TARGET_GROWTH_30D})",
    }
    result = {
        "scale": scale,
        **cycle_figures,
        "history_load_seconds": round(history_load, 1),
        "clone": {"rows": cloned["rows"], "seconds": round(cloned["seconds"], 1)},
        "cycles_1d": one_day,
        f"cycles_{args.history_days}d": many_days,
        "targets": {
            "cycle_seconds": TARGET_CYCLE_SECONDS,
            "cycle_growth_30d": TARGET_GROWTH_30D,
            "full_refresh_speedup": TARGET_FULL_REFRESH_SPEEDUP,
        },
        "machine": machine(),
    }
    # The cycle's figures in the summary come from the cycle run, at its scale; a full-refresh
    # run records only its speed-up, against the cycle it measured alongside.
    name, figures = ("cycle_partitioned" if args.partitioned else "cycle"), cycle_figures
    if args.full_refresh:
        rebuild = full_rebuild(config, project)
        name, figures = "full_refresh", {"full_refresh_speedup": round(rebuild / cycle_nd, 1)}
        result["full_rebuild_seconds"] = round(rebuild, 1)
        shown["full rebuild s"] = f"{rebuild:.1f}"
        shown["speed-up"] = f"{figures['full_refresh_speedup']} (>= {TARGET_FULL_REFRESH_SPEEDUP})"
    result = {
        "benchmark": name,
        **result,
        **figures,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(name, result, shown)
    record_summary(name, figures, scale, result["measured_at"])
    say_where_the_data_stays()


if __name__ == "__main__":
    main()
