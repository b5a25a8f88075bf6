"""Job history (CTL_ETL_HISTORY), the audit log, transform history and the schema version.

Every write is its own committed statement (autocommit connection), so a job that fails still
leaves its FAILED row and reason behind.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from ..catalogue import dbt_project_var
from ..db import qualified, relation_exists
from ..dbt_runner import NodeResult
from . import names

RUNNING, COMPLETE, FAILED = "RUNNING", "COMPLETE", "FAILED"
#: A job asked for (`gim job run` or the manager page while `gim server` runs), not started yet.
SCHEDULED = "SCHEDULED"
STATUSES = (RUNNING, COMPLETE, FAILED, SCHEDULED)


def _now() -> tuple[datetime, int]:
    moment = datetime.now(UTC).replace(tzinfo=None)
    return moment, int(time.time())


def has_job_history(conn: psycopg.Connection, schema: str) -> bool:
    """Whether Job_InitializeGIM has created the control tables."""
    return relation_exists(conn, schema, names.CTL_ETL_HISTORY)


def start_job(
    conn: psycopg.Connection, schema: str, job_id: str, job_name: str, version: str, parameters: str
) -> None:
    """The run's RUNNING row: a new one, or its SCHEDULED row (the server starting a request)."""
    moment, epoch = _now()
    taken = conn.execute(
        sql.SQL(
            "update {} set status = %s, job_version = %s, start_time = %s, start_ts = %s,"
            " host_name = %s, process_id = %s where job_id = %s and status = %s"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (RUNNING, version, moment, epoch, socket.gethostname(), os.getpid(), job_id, SCHEDULED),
    )
    if taken.rowcount:
        return
    conn.execute(
        sql.SQL(
            "insert into {} (job_id, job_name, job_version, status, start_time, start_ts,"
            " host_name, process_id, job_parameters, created_ts)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (
            job_id,
            job_name,
            version,
            RUNNING,
            moment,
            epoch,
            socket.gethostname(),
            os.getpid(),
            parameters[:1024],
            epoch,
        ),
    )


def finish_job(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    status: str,
    error_message: str | None = None,
    ending: tuple[str, ...] = (RUNNING,),
    summary: list[str] | None = None,
) -> None:
    """End a run that is in one of the `ending` statuses (a stop recorded first stands), with
    what it did (`summary`, one line each) when it has something to say."""
    moment, epoch = _now()
    said = "\n".join(summary or ())
    conn.execute(
        sql.SQL(
            "update {} set status = %s, end_time = coalesce(end_time, %s),"
            " end_ts = coalesce(end_ts, %s), error_message = %s,"
            " job_summary = coalesce(%s, job_summary)"
            " where job_id = %s and status = any(%s)"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (
            status,
            moment,
            epoch,
            error_message[:4000] if error_message else None,
            said[:4000] or None,
            job_id,
            list(ending),
        ),
    )


def fail_abandoned_runs(conn: psycopg.Connection, schema: str, job_name: str) -> int:
    """Mark RUNNING rows of `job_name` FAILED: called while holding the job's lock, so they died."""
    reason = "the job's process ended before the job finished (found by the next run)"
    return len(_end_rows(conn, schema, job_name, RUNNING, FAILED, reason))


def _end_rows(
    conn: psycopg.Connection, schema: str, job_name: str, status: str, ending: str, reason: str
) -> list[tuple[int, str | None]]:
    """End every `status` row of `job_name` as `ending`, with `reason`; (start_ts, parameters)
    of each."""
    return conn.execute(
        sql.SQL(
            "update {} set status = %s, end_time = %s, end_ts = %s, error_message = %s"
            " where job_name = %s and status = %s returning start_ts, job_parameters"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (ending, *_now(), reason, job_name, status),
    ).fetchall()


def running_job(
    conn: psycopg.Connection, schema: str, job_name: str
) -> tuple[str, datetime] | None:
    row = conn.execute(
        sql.SQL(
            "select job_id, start_time from {} where job_name = %s and status = %s"
            " order by start_ts desc limit 1"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (job_name, RUNNING),
    ).fetchone()
    return (row[0], row[1]) if row else None


def request_job(
    conn: psycopg.Connection, schema: str, job_id: str, job_name: str, parameters: str
) -> None:
    """A SCHEDULED row: `job_name` asked for, for `gim server` to start when the rules allow."""
    moment, epoch = _now()
    conn.execute(
        sql.SQL(
            "insert into {} (job_id, job_name, status, start_time, start_ts, host_name,"
            " process_id, job_parameters, created_ts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_ETL_HISTORY)),
        (
            job_id,
            job_name,
            SCHEDULED,
            moment,
            epoch,
            socket.gethostname(),
            os.getpid(),
            parameters[:1024],
            epoch,
        ),
    )


@dataclass(frozen=True)
class JobRow:
    """One row of CTL_ETL_HISTORY, as the server and `gim stop` read it."""

    job_id: str
    job_name: str
    status: str
    start_time: datetime  # UTC
    host_name: str | None
    process_id: int | None
    parameters: str


#: JobRow's fields, in order.
_JOB_COLUMNS = sql.SQL(
    "job_id, job_name, status, start_time, host_name, process_id, coalesce(job_parameters, '')"
)


def jobs_in(conn: psycopg.Connection, schema: str, *statuses: str) -> list[JobRow]:
    """The rows with one of `statuses`, oldest first."""
    rows = conn.execute(
        sql.SQL("select {} from {} where status = any(%s) order by start_ts, job_id").format(
            _JOB_COLUMNS, qualified(schema, names.CTL_ETL_HISTORY)
        ),
        (list(statuses),),
    ).fetchall()
    return [JobRow(*row) for row in rows]


def job_row(conn: psycopg.Connection, schema: str, job_id: str) -> JobRow | None:
    row = conn.execute(
        sql.SQL("select {} from {} where job_id = %s").format(
            _JOB_COLUMNS, qualified(schema, names.CTL_ETL_HISTORY)
        ),
        (job_id,),
    ).fetchone()
    return JobRow(*row) if row else None


def cancel_request(conn: psycopg.Connection, schema: str, job_id: str) -> bool:
    """Withdraw a SCHEDULED request (it disappears, as in the original); False if it had
    started or was not a request."""
    cursor = conn.execute(
        sql.SQL("delete from {} where job_id = %s and status = %s").format(
            qualified(schema, names.CTL_ETL_HISTORY)
        ),
        (job_id, SCHEDULED),
    )
    return cursor.rowcount > 0


def refuse_request(conn: psycopg.Connection, schema: str, job_id: str, reason: str) -> None:
    """A request that will never start: FAILED, with why."""
    finish_job(conn, schema, job_id, FAILED, reason, ending=(SCHEDULED,))


def record_stop_reason(conn: psycopg.Connection, schema: str, job_id: str, reason: str) -> None:
    """Name who stopped a run and why, once its process has recorded it FAILED (or died)."""
    finish_job(conn, schema, job_id, FAILED, reason, ending=(RUNNING, FAILED, SCHEDULED))


def last_starts(conn: psycopg.Connection, schema: str) -> dict[str, datetime]:
    """When each job last started (UTC), requests aside: the server's memory after a restart."""
    return dict(
        conn.execute(
            sql.SQL(
                "select job_name, max(start_time) from {} where status <> %s group by job_name"
            ).format(qualified(schema, names.CTL_ETL_HISTORY)),
            (SCHEDULED,),
        ).fetchall()
    )


def claim_requests(
    conn: psycopg.Connection, schema: str, job_name: str, by_job_id: str
) -> list[str]:
    """Take the SCHEDULED requests of `job_name` for its running instance `by_job_id` (a
    continuous Job_AggregateGIM takes -insertPendingAgg this way, as the original's does); their
    parameters, oldest first."""
    reason = f"handed to the running instance (JOB_ID {by_job_id})"
    rows = _end_rows(conn, schema, job_name, SCHEDULED, COMPLETE, reason)
    return [parameters or "" for _, parameters in sorted(rows, key=lambda row: row[0])]


def newest_transform(conn: psycopg.Connection, schema: str) -> int:
    """The audit key Job_TransformGIM last transformed up to (0: never)."""
    row = conn.execute(
        sql.SQL(
            "select max(max_source_audit_key) from {} where job_name = %s and status = 'SUCCESS'"
        ).format(qualified(schema, names.CTL_TRANSFORM_HISTORY)),
        ("Job_TransformGIM",),
    ).fetchone()
    return row[0] or 0


def open_audit(conn: psycopg.Connection, schema: str, job_id: str) -> int:
    """A new CTL_AUDIT_LOG row for one logical transaction; returns its AUDIT_KEY."""
    moment, epoch = _now()
    audit_key = conn.execute(
        sql.SQL("select nextval(%s)"), (f"{schema}.{dbt_project_var('audit_key_sequence')}",)
    ).fetchone()[0]
    conn.execute(
        sql.SQL(
            "insert into {} (audit_key, job_id, created, processing_status_key,"
            " min_start_date_time_key, max_start_date_time_key, row_count, created_ts)"
            " values (%s, %s, %s, 0, 0, 0, 0, %s)"
        ).format(qualified(schema, names.CTL_AUDIT_LOG)),
        (audit_key, job_id, moment, epoch),
    )
    return audit_key


def close_audit(
    conn: psycopg.Connection,
    schema: str,
    audit_key: int,
    row_count: int,
    min_key: int = 0,
    max_key: int = 0,
    max_chunk_ts: int | None = None,
    data_source_key: int | None = None,
) -> None:
    """Record what the transaction wrote; an audit row that stamped nothing is removed."""
    table = qualified(schema, names.CTL_AUDIT_LOG)
    if row_count == 0:
        conn.execute(sql.SQL("delete from {} where audit_key = %s").format(table), (audit_key,))
        return
    moment, _ = _now()
    conn.execute(
        sql.SQL(
            "update {} set row_count = %s, inserted = %s, min_start_date_time_key = %s,"
            " max_start_date_time_key = %s, max_chunk_ts = %s, data_source_key = %s"
            " where audit_key = %s"
        ).format(table),
        (row_count, moment, min_key, max_key, max_chunk_ts, data_source_key, audit_key),
    )


def record_transform(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    job_name: str,
    table_name: str,
    status: str,
    row_count: int,
    seconds: float,
    audit_key: int,
    max_source_audit_key: int | None = None,
) -> None:
    moment, epoch = _now()
    started = datetime.fromtimestamp(time.time() - seconds, UTC).replace(tzinfo=None)
    conn.execute(
        sql.SQL(
            "insert into {} (job_id, job_name, table_name, status, row_count, transform_start_time,"
            " transform_end_time, create_audit_key, created_ts, max_source_audit_key)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_TRANSFORM_HISTORY)),
        (
            job_id,
            job_name,
            table_name,
            status,
            row_count,
            started,
            moment,
            audit_key,
            epoch,
            max_source_audit_key,
        ),
    )


def transform_mark(
    conn: psycopg.Connection, schema: str, job_name: str, table_names: tuple[str, ...]
) -> int:
    """The audit key every one of `table_names` was last transformed up to; 0 when any of them
    has never completed (it is then built from every GIDB row)."""
    rows = dict(
        conn.execute(
            sql.SQL(
                "select table_name, max(max_source_audit_key) from {}"
                " where job_name = %s and status = 'SUCCESS' and table_name = any(%s)"
                " group by table_name"
            ).format(qualified(schema, names.CTL_TRANSFORM_HISTORY)),
            (job_name, list(table_names)),
        ).fetchall()
    )
    if any(rows.get(name) is None for name in table_names):
        return 0
    return min(rows.values())


def supersede_marks(conn: psycopg.Connection, schema: str, job_names: tuple[str, ...]) -> int:
    """Mark the completed transforms of `job_names` SUPERSEDED (a migration asked for every
    table to be rebuilt from every row kept): their next run starts from audit key 0. The rows
    stay, as the history of what ran. How many were marked."""
    return conn.execute(
        sql.SQL(
            "update {} set status = 'SUPERSEDED' where job_name = any(%s) and status = 'SUCCESS'"
        ).format(qualified(schema, names.CTL_TRANSFORM_HISTORY)),
        (list(job_names),),
    ).rowcount


def committed_audit_key(conn: psycopg.Connection, schema: str) -> int:
    """The highest audit key below which every transaction has committed or is dead: the newest
    closed audit row, kept under the oldest one a still-running job holds open."""
    audit = qualified(schema, names.CTL_AUDIT_LOG)
    jobs = qualified(schema, names.CTL_ETL_HISTORY)
    row = conn.execute(
        sql.SQL(
            "select (select max(audit_key) from {audit} where inserted is not null),"
            " (select min(a.audit_key) - 1 from {audit} as a join {jobs} as j"
            "  on j.job_id = a.job_id and j.status = 'RUNNING' where a.inserted is null)"
        ).format(audit=audit, jobs=jobs)
    ).fetchone()
    newest, below_open = row[0] or 0, row[1]
    return newest if below_open is None else min(newest, below_open)


def record_schema_version(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    schema_version: str,
    min_idb_version: str,
    release: str,
) -> bool:
    """Record the schema version when it is not the newest recorded one; False when it was."""
    table = qualified(schema, names.CTL_SCHEMA_VERSION)
    if _newest_schema_version(conn, table) == schema_version:
        return False
    moment, epoch = _now()
    conn.execute(
        sql.SQL(
            "insert into {} (schema_version, min_idb_schema_version, release_version, job_id,"
            " created, created_ts) values (%s, %s, %s, %s, %s, %s)"
        ).format(table),
        (schema_version, min_idb_version, release, job_id, moment, epoch),
    )
    return True


def schema_version(conn: psycopg.Connection, schema: str) -> str | None:
    """The Info Mart's schema version: the newest CTL_SCHEMA_VERSION row (None: none)."""
    return _newest_schema_version(conn, qualified(schema, names.CTL_SCHEMA_VERSION))


def schema_version_if_any(conn: psycopg.Connection, schema: str) -> str | None:
    """The Info Mart's schema version, None when it has none or no CTL_SCHEMA_VERSION yet."""
    if not relation_exists(conn, schema, names.CTL_SCHEMA_VERSION):
        return None
    return schema_version(conn, schema)


def _newest_schema_version(conn: psycopg.Connection, table: sql.Composed) -> str | None:
    row = conn.execute(
        sql.SQL("select schema_version from {} order by created desc limit 1").format(table)
    ).fetchone()
    return row[0] if row else None


def stamped_rows(conn: psycopg.Connection, schema: str, table: str, audit_key: int) -> int:
    """Rows of `table` that the run with `audit_key` created or updated."""
    return conn.execute(
        sql.SQL(
            "select count(*) from {} where create_audit_key = %s or update_audit_key = %s"
        ).format(qualified(schema, table)),
        (audit_key, audit_key),
    ).fetchone()[0]


def record_built_tables(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    job_name: str,
    results: list[NodeResult],
    stamped: dict[str, int],
    audit_key: int,
    max_source_audit_key: int | None = None,
) -> None:
    """A CTL_TRANSFORM_HISTORY row for each model of `stamped` (table: rows written) dbt built."""
    for node in results:
        if node.resource_type == "model" and node.name in stamped:
            record_transform(
                conn,
                schema,
                job_id,
                job_name,
                node.name,
                node.status.upper(),
                stamped[node.name],
                node.execution_time,
                audit_key,
                max_source_audit_key,
            )


def audit_keys_opened(
    conn: psycopg.Connection, schema: str, after: int, up_to: int, since_ts: int = 0
) -> list[tuple[int, int]]:
    """(audit key, opened at: UTC epoch) of the keys in (after, up_to] opened at `since_ts` or
    later, by key."""
    return conn.execute(
        sql.SQL(
            "select audit_key, coalesce(created_ts, 0) from {} where audit_key > %s"
            " and audit_key <= %s and coalesce(created_ts, 0) >= %s order by audit_key"
        ).format(qualified(schema, names.CTL_AUDIT_LOG)),
        (after, up_to, since_ts),
    ).fetchall()


def start_key_range(
    conn: psycopg.Connection, schema: str, after: int, up_to: int
) -> tuple[int | None, int | None]:
    """The first and last 15-minute intervals the rows stamped by audit keys in (after, up_to]
    start in, as their transactions recorded them; (None, None) when none recorded one."""
    row = conn.execute(
        sql.SQL(
            "select min(min_start_date_time_key), max(max_start_date_time_key) from {}"
            " where audit_key > %s and audit_key <= %s and min_start_date_time_key > 0"
        ).format(qualified(schema, names.CTL_AUDIT_LOG)),
        (after, up_to),
    ).fetchone()
    return row[0], row[1]
