"""Benchmark Job_ExtractICON against a bare COPY out and in of the same rows, in the same run.

Usage: python bench/extract.py [--agents 200] [--days 1] [--seed 7]
Simulates a contact center into the IDB `bench_idb` of the embedded server, extracts it into a
clean data source of the embedded Info Mart (initialised if needed), then copies every IDB
table out and into temporary tables with plain COPY, and adds the floor: that COPY plus one
keyed INSERT per GIDB table of the same rows, the least a keyed GIDB copy costs. Prints a table
and writes bench/results/extract.json.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from psycopg import sql

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from results_table import report  # noqa: E402  (the script's folder is on sys.path)
from scenario import (  # noqa: E402
    bare_copy,
    forget_extraction,
    simulated_center,
    size_arguments,
)

from orchestrator.db import idb_uri, infomart_uri  # noqa: E402
from orchestrator.extract.copy import upsert_sql  # noqa: E402
from orchestrator.gidb.schema import GIDB_TABLES  # noqa: E402
from orchestrator.jobs import job_named, run_job  # noqa: E402

IDB = "bench_idb"
TARGET_ROWS_PER_SECOND = 200_000


def _keyed_insert_floor(mart_uri: str) -> float:
    """Seconds to insert the rows just extracted into empty copies of their GIDB tables with the
    job's own INSERT ... ON CONFLICT, one per table in one transaction: the least any extraction
    that keeps one keyed GIDB row per IDB row must spend beyond the COPY (no chunks, no audit, no
    merge)."""
    with psycopg.connect(mart_uri, autocommit=True) as mart:
        mart.execute("drop schema if exists bench_floor cascade")
        mart.execute("create schema bench_floor")
        key = mart.execute(
            "select data_source_key from gim.ctl_ds where data_source_name = %s", (IDB,)
        ).fetchone()[0]
        for table in GIDB_TABLES:
            mart.execute(
                sql.SQL("create table bench_floor.{0} (like gim.{0} including all)").format(
                    sql.Identifier(table.name)
                )
            )
        started = time.perf_counter()
        with mart.transaction():
            for table in GIDB_TABLES:
                rows = sql.SQL("(select * from gim.{} where data_source_key = {}) as s").format(
                    sql.Identifier(table.name), sql.Literal(key)
                )
                mart.execute(upsert_sql("bench_floor", table, rows, table.name))
        seconds = time.perf_counter() - started
        mart.execute("drop schema bench_floor cascade")
    return seconds


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], agents=200, seed=7)
    config = simulated_center(IDB, args, date(2026, 3, 2))
    mart_uri, source_uri = infomart_uri(config), idb_uri(config, IDB)
    forget_extraction(mart_uri, IDB)
    started = time.perf_counter()
    outcome = run_job(job_named("Job_ExtractICON"), config, echo=lambda _: None)
    extract_seconds = time.perf_counter() - started
    extracted = int(outcome.summary[0].split()[0])
    bare_rows, bare_seconds = bare_copy(source_uri, mart_uri)
    floor_seconds = bare_seconds + _keyed_insert_floor(mart_uri)
    result = {
        "benchmark": "extract",
        "agents": args.agents,
        "days": args.days,
        "idb_rows": bare_rows,
        "extracted_rows": extracted,
        "extract_seconds": round(extract_seconds, 2),
        "extract_rows_per_second": round(extracted / extract_seconds),
        "bare_copy_seconds": round(bare_seconds, 2),
        "bare_copy_rows_per_second": round(bare_rows / bare_seconds),
        "ratio_to_bare_copy": round(extract_seconds / bare_seconds, 1),
        "floor_seconds": round(floor_seconds, 2),
        "floor_rows_per_second": round(extracted / floor_seconds),
        "target_rows_per_second": TARGET_ROWS_PER_SECOND,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report(
        "extract",
        result,
        {
            "rows": str(extracted),
            "extract s": f"{extract_seconds:.1f}",
            "rows/s": str(result["extract_rows_per_second"]),
            "bare COPY s": f"{bare_seconds:.1f}",
            "bare rows/s": str(result["bare_copy_rows_per_second"]),
            "ratio": str(result["ratio_to_bare_copy"]),
            "floor s": f"{floor_seconds:.1f}",
            "floor rows/s": str(result["floor_rows_per_second"]),
        },
    )


if __name__ == "__main__":
    main()
