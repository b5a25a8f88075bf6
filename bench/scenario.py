"""The simulated contact center a job benchmark runs on: its size arguments and its IDB."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.db import infomart_uri, qualified
from orchestrator.dbt_runner import DbtProject
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.idb.catalogue import TABLES
from orchestrator.jobs import job_named, run_job
from orchestrator.migrate.versions import job_the_schema_needs
from orchestrator.partitions import tables
from orchestrator.paths import state_dir
from simulator.live import LiveIdb
from simulator.params import SimulationError, SimulationParams, validated
from simulator.run import run_simulation
from simulator.targets import targets_from_config

TRUTH_DIR = Path(__file__).resolve().parent / "results" / "truth"


def size_arguments(description: str, agents: int, seed: int) -> argparse.Namespace:
    """--agents, --days and --seed, with the benchmark's defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--agents", type=int, default=agents)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=seed)
    return parser.parse_args()


def center_params(agents: int, days: int, start: date, seed: int) -> SimulationParams:
    """Two sites with voice, chat, e-mail and outbound: every benchmark's contact center. A bad
    size stops the benchmark with one line, before it touches a database. The center is the
    understaffed one (agents 85% busy): the heavier load per agent, and the one every figure in
    bench/HISTORY.md was measured on."""
    try:
        return validated(
            agents=agents,
            days=days,
            start=start,
            seed=seed,
            sites=2,
            media=("voice", "chat", "email"),
            outbound=True,
            understaffed=True,
        )
    except SimulationError as error:
        raise SystemExit(f"error: {error}") from None


def fresh_infomart(schema: str, idb: str, gim_etl: dict | None = None) -> tuple[Config, DbtProject]:
    """An Info Mart schema of the benchmark's own, dropped and initialised again, reading the
    embedded IDB `idb` (with `gim_etl` options, if any): its configuration and parsed dbt
    project."""
    raw = {"idb": [{"name": idb}], "infomart": {"schema": schema}, "gim-etl": gim_etl or {}}
    config = validate(raw, source=None)
    project = DbtProject(uri=infomart_uri(config), schema=schema)
    project.manifest()
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        # A partitioned Info Mart's tables one by one: dropping thousands of partitions at once
        # runs out of PostgreSQL's lock table (max_locks_per_transaction).
        for table in tables.partitioned(conn, schema):
            conn.execute(
                sql.SQL("drop table if exists {} cascade").format(qualified(schema, table))
            )
        for name in (schema, f"{schema}_seed"):
            conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(name)))
    run_job(job_named("Job_InitializeGIM"), config, dbt=project, echo=lambda _: None)
    return config, project


def live_idb(config: Config, params: SimulationParams) -> LiveIdb:
    """The configured IDB, to be written as time goes on."""
    return LiveIdb(params, targets_from_config(config, params, None, False)[0])


def simulated_center(idb: str, size: argparse.Namespace, start: date) -> Config:
    """Simulate the benchmark's contact center into the embedded IDB `idb`; the configuration
    that reads it."""
    config = validate({"idb": [{"name": idb}]}, source=None)
    params = center_params(size.agents, size.days, start, size.seed)
    targets = targets_from_config(config, params, None, False)
    run_simulation(params, targets, TRUTH_DIR, echo=lambda _: None)
    return config


def ensure_initialized(config: Config) -> None:
    """Run Job_InitializeGIM when the Info Mart has never been initialised (a fresh checkout),
    Job_MigrateGIM when it was by a release of an older schema (the other jobs refuse it)."""
    with psycopg.connect(infomart_uri(config)) as conn:
        job_name, recorded = job_the_schema_needs(conn, config.infomart.schema)
    if job_name is None:
        return
    print(
        "the Info Mart is not initialised: running Job_InitializeGIM first"
        if recorded is None
        else f"the Info Mart's schema is {recorded}: running {job_name} first"
    )
    run_job(job_named(job_name), config, echo=lambda _: None)


def forget_extraction(mart_uri: str, idb: str) -> None:
    """Forget earlier runs from the IDB `idb`: its GIDB and Merge rows and its marks, so the
    next extraction (and the transform after it) starts from nothing. An Info Mart never
    initialised (a fresh checkout) is initialised first."""
    ensure_initialized(validate({"idb": [{"name": idb}]}, source=None))
    with psycopg.connect(mart_uri, autocommit=True) as mart:
        row = mart.execute(
            "select data_source_key from gim.ctl_ds where data_source_name = %s", (idb,)
        ).fetchone()
        if row is None:
            return
        names = [t.name for t in GIDB_TABLES] + [t.merge_name for t in GIDB_TABLES if t.merge_name]
        for name in names:
            mart.execute(
                sql.SQL("delete from gim.{} where data_source_key = %s").format(
                    sql.Identifier(name)
                ),
                (row[0],),
            )
        mart.execute("delete from gim.ctl_extract_history where dap_name = %s", (idb,))


def bare_copy(idb_uri_: str, mart_uri: str) -> tuple[int, float]:
    """Every IDB table out with COPY and into a temporary table with COPY: rows and seconds."""
    rows = 0
    started = time.perf_counter()
    with psycopg.connect(idb_uri_) as idb, psycopg.connect(mart_uri) as mart:
        for table in TABLES:
            name = sql.Identifier(table.name)
            columns = idb.execute(sql.SQL("select * from {} limit 0").format(name)).description
            definition = sql.SQL(", ").join(
                sql.SQL("{} text").format(sql.Identifier(column.name)) for column in columns
            )
            target = sql.Identifier(f"bare_{table.name}")
            mart.execute(sql.SQL("create temp table {} ({})").format(target, definition))
            with (
                idb.cursor() as reader,
                reader.copy(sql.SQL("copy {} to stdout").format(name)) as out,
                mart.cursor() as writer,
                writer.copy(sql.SQL("copy {} from stdin").format(target)) as into,
            ):
                for block in out:
                    into.write(block)
            rows += idb.execute(sql.SQL("select count(*) from {}").format(name)).fetchone()[0]
        mart.commit()
    return rows, time.perf_counter() - started


def say_where_the_data_stays() -> None:
    """The benchmark's IDBs and Info Mart schemas stay in the embedded server (the next run
    replaces them): say where, and how much disk they hold."""
    home = state_dir()
    size = sum(path.stat().st_size for path in home.rglob("*") if path.is_file())
    print(
        f"the benchmark's databases stay in {home} ({size / 1e9:.1f} GB, the next run replaces"
        f" them); to reclaim the space: gim db stop, then remove {home / 'pgdata'}"
    )
