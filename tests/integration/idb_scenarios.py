"""Shared by the extraction tests: one simulated day written to configured IDBs, the job run on
it, and GIDB read back as comparable text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.db import idb_uri
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.jobs import job_named, run_job
from simulator.params import validated
from simulator.run import run_simulation
from simulator.targets import targets_from_config

START = date(2026, 3, 8)
#: Columns that legitimately differ between two extractions of the same rows.
RUN_COLUMNS = {"data_source_key", "create_audit_key", "update_audit_key"}


def single_idb(idb: str) -> Config:
    return validate({"idb": [{"name": idb}]}, source=None)


def simulate(
    config: Config,
    until: datetime | None,
    truth: Path,
    ha: bool = False,
    seed: int = 11,
    *,
    agents: int = 30,
    days: int = 1,
) -> None:
    """The same simulated day (or `days`) every time (multimedia and outbound included), up to
    `until`.
    Scenarios whose IDBs share the Info Mart with others take their own seed: call and link IDs
    are unique across one contact center, not across unrelated simulations of it. The center is
    the busy, understaffed one: more rows per agent for the pipeline to get right (the plausible
    default is held to its figures in tests/unit/test_staffing.py)."""
    params = validated(
        agents=agents,
        days=days,
        start=START,
        seed=seed,
        sites=2,
        media=("voice", "chat", "email"),
        until=until,
        outbound=True,
        understaffed=True,
    )
    run_simulation(params, targets_from_config(config, params, None, ha), truth, lambda _: None)


def extract(config: Config, dbt_project) -> list[str]:
    """Run Job_ExtractICON; its summary lines."""
    outcome = run_job(job_named("Job_ExtractICON"), config, dbt=dbt_project, echo=lambda _: None)
    return outcome.summary


def data_source_key(conn: psycopg.Connection, data_source: str) -> int:
    return conn.execute(
        "select data_source_key from gim.ctl_ds where data_source_name = %s", (data_source,)
    ).fetchone()[0]


def gidb_rows(
    conn: psycopg.Connection, data_source: str, leave_out: set[str] = RUN_COLUMNS
) -> dict[str, set[str]]:
    """Every GIDB row of one data source, as text without the run-specific columns."""
    key = data_source_key(conn, data_source)
    rows = {}
    for table in GIDB_TABLES:
        columns = [c.name for c in table.columns if c.name not in leave_out]
        query = sql.SQL("select row({})::text from gim.{} where data_source_key = %s").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table.name)
        )
        rows[table.name] = {row[0] for row in conn.execute(query, (key,))}
    return rows


def write_late_row(config: Config, idb: str, insert: str) -> None:
    """Run `insert` (parameters: moment, its epoch, GSYS_DOMAIN) for a row written a minute after
    the first T-Server session's latest event, whose latest event then moves an hour on, as
    ICON records a row it has just written."""
    with psycopg.connect(idb_uri(config, idb), autocommit=True) as conn:
        domain, latest = conn.execute(
            "select dss_id, extract(epoch from levent_itime)::bigint from g_dss_gcc_provider"
            " where ds_type = 1 order by dss_id limit 1"
        ).fetchone()
        conn.execute(
            "update g_dss_gcc_provider set levent_itime = levent_itime + interval '1 hour'"
            " where dss_id = %s",
            (domain,),
        )
        conn.execute(insert, (latest + 60, latest + 60, domain))
