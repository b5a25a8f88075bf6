"""Benchmark Job_MaintainGIM's parts and Job_UpdateStats on an Info Mart with weeks of history.

Usage: python bench/maintain.py [--agents 1000] [--history-days 30] [--seed 17]
In an Info Mart schema of its own (`bench_maintain`, rebuilt each run), one simulated day is
loaded by the real jobs and cloned back to `--history-days` days (bench/history.py; GIDB keeps
the 14 days `days-to-keep-gidb-facts` keeps). Then, with the job's clock at the end of the loaded
day: the purge of the oldest day (facts by `days-to-keep-gim-facts`, GIDB by
`days-to-keep-gidb-facts`, in batched DELETEs), a maintenance run with nothing left to purge (what
a daily run costs to find nothing), the calendar's extension by `date-time-min-days-ahead`'s
worth of days, and Job_UpdateStats over the whole Info Mart after the purge. Then the Info Mart
is converted to partitioned tables (what `gim init` does when partitioning-enabled is turned on)
and the next day is purged, by dropping the partitions whose rows may all go. The cycle on a
partitioned Info Mart is bench/cycle.py --partitioned.
Prints a table and writes bench/results/maintain.json.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from backlog import machine, record_summary  # noqa: E402  (the script's folder is on sys.path)
from history import clone_history  # noqa: E402
from results_table import report  # noqa: E402
from scenario import (  # noqa: E402
    fresh_infomart,
    say_where_the_data_stays,
    simulated_center,
)

from orchestrator.catalogue import Catalogue  # noqa: E402
from orchestrator.config import Config, validate  # noqa: E402
from orchestrator.control.purges import DROP_PARTITION  # noqa: E402
from orchestrator.cycle import run_cycle  # noqa: E402
from orchestrator.db import infomart_uri  # noqa: E402
from orchestrator.dbt_runner import DbtProject  # noqa: E402
from orchestrator.job_runner import JobContext  # noqa: E402
from orchestrator.jobs import job_named, run_job  # noqa: E402
from orchestrator.maintain import calendar, purge  # noqa: E402
from orchestrator.partitions import upkeep  # noqa: E402

SCHEMA = "bench_maintain"
IDB = "bench_maintain_idb"
LOADED_DAY = date(2026, 3, 10)
GIDB_DAYS = 14


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--history-days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    return parser.parse_args()


def retention(history_days: int, **more: int) -> Config:
    """The bench's Info Mart, keeping all but the oldest day of facts and of GIDB."""
    return validate(
        {
            "idb": [{"name": IDB}],
            "infomart": {"schema": SCHEMA},
            "gim-etl": {
                "days-to-keep-gim-facts": history_days - 1,
                "days-to-keep-cfg-facts": history_days - 1,
                "days-to-keep-gidb-facts": min(GIDB_DAYS, history_days) - 1,
                **{key.replace("_", "-"): value for key, value in more.items()},
            },
        },
        source=None,
    )


def timed_purge(config: Config, project: DbtProject, clock: datetime) -> tuple[float, dict]:
    """Purge as Job_MaintainGIM does at `clock`: seconds, rows deleted per table."""
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        started = time.perf_counter()
        plan = purge.purge_plan(conn, SCHEMA, project.catalogue(), config, clock)
        deleted = purge.purge_all(conn, SCHEMA, str(uuid.uuid4()), plan, lambda _: None)
        return time.perf_counter() - started, deleted


def timed_extension(config: Config, project: DbtProject) -> tuple[float, str | None]:
    """Extend DATE_TIME as Job_MaintainGIM does when fewer than date-time-min-days-ahead days
    remain: seconds and its summary line."""
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        last = calendar.held_dates(conn, SCHEMA)[1]
        clock = datetime.combine(
            last - timedelta(days=config["date-time.date-time-min-days-ahead"] - 1),
            datetime.min.time(),
            UTC,
        ).replace(hour=12)
        ctx = JobContext(config, infomart_uri(config), SCHEMA, conn, project, job_id="bench")
        started = time.perf_counter()
        line = calendar.extend_if_due(ctx, clock)
        return time.perf_counter() - started, line


def split_rows(deleted: dict[str, int], catalogue: Catalogue) -> tuple[int, int]:
    """Rows purged from the dimensional facts and from GIDB."""
    facts = sum(rows for table, rows in deleted.items() if table in catalogue.purged_facts)
    return facts, sum(rows for table, rows in deleted.items() if table.startswith("gidb_"))


def convert(config: Config, project: DbtProject, clock: datetime) -> float:
    """Convert the Info Mart to partitioned tables as `gim init` with partitioning-enabled does:
    seconds."""
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        started = time.perf_counter()
        upkeep.first_set(conn, infomart_uri(config), SCHEMA, project.catalogue(), config, clock)
        return time.perf_counter() - started


def dropped_partitions(config: Config) -> int:
    with psycopg.connect(infomart_uri(config)) as conn:
        return conn.execute(
            f"select count(*) from {SCHEMA}.ctl_purge_history where purge_type = %s",
            (DROP_PARTITION,),
        ).fetchone()[0]


def main() -> None:
    args = arguments()
    config = retention(args.history_days)
    _, project = fresh_infomart(SCHEMA, IDB)
    size = argparse.Namespace(agents=args.agents, days=1, seed=args.seed)
    simulated_center(IDB, size, LOADED_DAY)
    started = time.perf_counter()
    run_cycle(config, echo=lambda _: None, dbt=project)
    load = time.perf_counter() - started
    first_day = int(datetime.combine(LOADED_DAY, datetime.min.time(), UTC).timestamp())
    cloned = clone_history(
        infomart_uri(config),
        SCHEMA,
        first_day,
        args.history_days,
        min(GIDB_DAYS, args.history_days),
        project.catalogue(),
    )
    end_of_day = datetime.combine(LOADED_DAY + timedelta(days=1), datetime.min.time(), UTC)
    purge_seconds, deleted = timed_purge(config, project, end_of_day)
    idle_seconds, _ = timed_purge(config, project, end_of_day)
    extension_seconds, extended = timed_extension(config, project)
    started = time.perf_counter()
    stats = run_job(job_named("Job_UpdateStats"), config, dbt=project, echo=lambda _: None)
    stats_seconds = time.perf_counter() - started
    catalogue = project.catalogue()
    fact_rows, gidb_rows = split_rows(deleted, catalogue)
    partitioned_config = retention(args.history_days, partitioning_enabled=True)
    conversion_seconds = convert(partitioned_config, project, end_of_day)
    drop_seconds, dropped = timed_purge(partitioned_config, project, end_of_day + timedelta(days=1))
    dropped_facts, dropped_gidb = split_rows(dropped, catalogue)
    partitions_dropped = dropped_partitions(partitioned_config)
    figures = {
        "purge_one_day_seconds": round(purge_seconds, 1),
        "purge_nothing_seconds": round(idle_seconds, 1),
        "calendar_extension_seconds": round(extension_seconds, 1),
        "update_stats_seconds": round(stats_seconds, 1),
        "purge_one_day_by_partition_seconds": round(drop_seconds, 1),
    }
    scale = {"agents": args.agents, "history_days": args.history_days, "seed": args.seed}
    result = {
        "benchmark": "maintain",
        "scale": scale,
        **figures,
        "purged_rows": {"facts": fact_rows, "gidb": gidb_rows, "by_table": deleted},
        "calendar_extension": extended,
        "update_stats": stats.summary[0],
        "load_seconds": round(load, 1),
        "clone": {"rows": cloned["rows"], "seconds": round(cloned["seconds"], 1)},
        "partitioning": {
            "conversion_seconds": round(conversion_seconds, 1),
            "partitions_dropped": partitions_dropped,
            "purged_rows": {"facts": dropped_facts, "gidb": dropped_gidb, "by_table": dropped},
        },
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    shown = {
        "agents": str(args.agents),
        "history days": str(args.history_days),
        "purge 1 day s": f"{purge_seconds:.1f}",
        "rows": f"{fact_rows:,} facts + {gidb_rows:,} GIDB",
        "nothing to purge s": f"{idle_seconds:.1f}",
        "calendar s": f"{extension_seconds:.1f}",
        "UpdateStats s": f"{stats_seconds:.1f}",
        "convert s": f"{conversion_seconds:.1f}",
        "next day by partition s": f"{drop_seconds:.1f}",
        "dropped": f"{partitions_dropped} partitions, {dropped_facts:,} + {dropped_gidb:,} rows",
    }
    report("maintain", result, shown)
    record_summary("maintain", figures, scale, result["measured_at"])
    say_where_the_data_stays()


if __name__ == "__main__":
    main()
