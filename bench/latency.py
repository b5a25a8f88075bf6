"""Benchmark latency: from an interaction's end to its row in INTERACTION_RESOURCE_FACT, live.

Usage: python bench/latency.py [--agents 1000] [--minutes 8] [--schedule 60] [--seed 19]
In an Info Mart schema of its own (`bench_latency`, rebuilt each run), a simulated contact center
(IDB `bench_latency_idb`) is loaded up to 09:00 by one cycle. Then a simulator process writes the
IDB in real time (`LiveIdb`, one step a second: the simulated clock is 09:00 plus the wall-clock
time since the start) while this process runs the ETL cycle on a `--schedule`-second schedule (a
cycle starts when it is due, or at once when the previous one ran past it). After each
Job_TransformGIM the agent rows of interactions ended since 09:00 are read; an agent row's
latency is the wall time it was first there, its interaction ended, less the wall time the
interaction ended. Interactions that ended during the first `--minutes` minutes count; the cycles
go on two more minutes, so the last of them arrive.
Prints a table, writes bench/results/latency.json, and records its p95 in summary.json.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from psycopg import sql

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from backlog import machine, record_summary  # noqa: E402  (the script's folder is on sys.path)
from results_table import report  # noqa: E402
from scenario import center_params, fresh_infomart, live_idb  # noqa: E402

from orchestrator.config import Config  # noqa: E402
from orchestrator.cycle import run_cycle  # noqa: E402
from orchestrator.db import infomart_uri  # noqa: E402
from simulator.params import SimulationParams  # noqa: E402

SCHEMA = "bench_latency"
IDB = "bench_latency_idb"
DAY = date(2026, 3, 12)
START_CLOCK = int(datetime(2026, 3, 12, 9, 0, tzinfo=UTC).timestamp())
TAIL_SECONDS = 120
#: Issue 7's target.
TARGET_P95_SECONDS = 90.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=8, help="minutes whose endings count")
    parser.add_argument("--schedule", type=int, default=60, help="seconds between cycles")
    parser.add_argument("--seed", type=int, default=19)
    return parser.parse_args()


def simulator(params: SimulationParams, config: Config, horizon: int, channel) -> None:
    """The simulator process: the IDB at 09:00, then (once told the start's wall time) every
    second's changes as they happen, until told to stop."""
    live = live_idb(config, params)
    live.start(START_CLOCK, horizon=horizon)
    channel.send("ready")
    wall_start = channel.recv()
    while not channel.poll(1.0):
        live.advance(min(horizon, START_CLOCK + int(time.time() - wall_start)))


def ended_rows(uri: str) -> dict[int, int]:
    """Agent rows of the interactions ended since the start: INTERACTION_RESOURCE_ID to the
    interaction's END_TS. An agent leg ends before its interaction when the call goes on (a
    transfer, a consultation): the merge takes a voice call when it has ended, so its rows are
    measured from there, as the issue reads (from an interaction's end)."""
    with psycopg.connect(uri) as conn:
        return dict(
            conn.execute(
                sql.SQL(
                    "select resources.interaction_resource_id,"
                    " greatest(resources.end_ts, interactions.end_ts)"
                    " from {}.interaction_resource_fact as resources"
                    " inner join {}.interaction_fact as interactions"
                    " on resources.interaction_id = interactions.interaction_id"
                    " where interactions.end_ts >= %s and resources.end_ts is not null"
                ).format(sql.Identifier(SCHEMA), sql.Identifier(SCHEMA)),
                (START_CLOCK,),
            ).fetchall()
        )


def main() -> None:
    args = arguments()
    params = center_params(args.agents, 1, DAY, args.seed)  # a bad flag stops here
    config, project = fresh_infomart(SCHEMA, IDB)
    uri = infomart_uri(config)
    window = args.minutes * 60
    horizon = START_CLOCK + window + TAIL_SECONDS + 2 * args.schedule
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    writer = context.Process(target=simulator, args=(params, config, horizon, theirs))
    writer.start()
    if ours.recv() != "ready":
        raise SystemExit("the simulator process did not start")
    run_cycle(config, echo=lambda _: None, dbt=project)  # the morning, before the clock runs
    wall_start = time.time()
    ours.send(wall_start)
    first_seen: dict[int, float] = {}
    ended: dict[int, int] = {}

    def on_step(line: str) -> None:
        if line.startswith("Job_TransformGIM COMPLETE"):
            seen = time.time()
            for row_id, end_ts in ended_rows(uri).items():
                if row_id not in first_seen:
                    first_seen[row_id], ended[row_id] = seen, end_ts

    cycles = []
    due = wall_start + args.schedule
    while True:
        time.sleep(max(0.0, due - time.time()))
        started = time.time()
        run_cycle(config, echo=on_step, dbt=project)
        cycles.append(round(time.time() - started, 2))
        due = max(started + args.schedule, time.time())
        if time.time() - wall_start >= window + TAIL_SECONDS:
            break
    ours.send("stop")
    writer.join()
    latencies = sorted(
        first_seen[row] - (wall_start + ended[row] - START_CLOCK)
        for row in ended
        if ended[row] < START_CLOCK + window
    )
    if not latencies:
        raise SystemExit("no agent row ended during the measured minutes")
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    figures = {"latency_p95_seconds": round(p95, 1)}
    scale = {
        "agents": args.agents,
        "minutes": args.minutes,
        "schedule_seconds": args.schedule,
        "seed": args.seed,
    }
    result = {
        "benchmark": "latency",
        "scale": scale,
        **figures,
        "latency_median_seconds": round(statistics.median(latencies), 1),
        "latency_max_seconds": round(latencies[-1], 1),
        "rows_measured": len(latencies),
        "cycle_seconds": cycles,
        "targets": {"latency_p95_seconds": TARGET_P95_SECONDS},
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(
        "latency",
        result,
        {
            "agents": str(args.agents),
            "schedule s": str(args.schedule),
            "rows": str(len(latencies)),
            "cycles": str(len(cycles)),
            "cycle median s": f"{statistics.median(cycles):.1f}",
            "latency median s": f"{result['latency_median_seconds']}",
            "p95 s": f"{figures['latency_p95_seconds']} (<= {TARGET_P95_SECONDS})",
        },
    )
    record_summary("latency", figures, scale, result["measured_at"])


if __name__ == "__main__":
    main()
