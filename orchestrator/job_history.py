"""Job history as the manager's Job History view filters it: jobs started in the past N days,
with at most a count of them, or only one status, or all (ADMIN_ETL_JOB_HISTORY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from .control.history import STATUSES
from .control.names import ADMIN_ETL_JOB_HISTORY
from .db import qualified, relation_exists
from .errors import GimError, NotInitialized


@dataclass(frozen=True)
class JobFilter:
    """The Filter dialog: past days, and one of a count, a status or all."""

    days: int = 7
    limit: int | None = 50
    status: str | None = None

    def __post_init__(self) -> None:
        if self.days < 1:
            raise GimError(f"days: {self.days} (at least 1)")
        if self.status is not None and self.status.upper() not in STATUSES:
            raise GimError(f"status: {self.status!r} (one of {', '.join(STATUSES)})")
        if self.limit is not None and self.limit < 1:
            raise GimError(f"limit: {self.limit} (at least 1)")


@dataclass(frozen=True)
class JobEntry:
    job_id: str
    job_name: str
    status: str
    start_time: datetime  # UTC
    end_time: datetime | None
    duration: int | None  # seconds; a running job's so far
    job_version: str | None
    parameters: str
    error_message: str


def job_entries(conn: psycopg.Connection, schema: str, chosen: JobFilter) -> list[JobEntry]:
    """Newest first."""
    if not relation_exists(conn, schema, ADMIN_ETL_JOB_HISTORY):
        raise NotInitialized()
    rows = conn.execute(
        sql.SQL(
            "select job_id, job_name, status, start_time, end_time, duration, job_version,"
            " coalesce(job_parameters, ''), coalesce(error_message, '') from {}"
            " where start_time >= now() at time zone 'UTC' - make_interval(days => %s)"
            " and (%s::text is null or status = upper(%s::text))"
            " order by start_time desc, job_id limit %s"
        ).format(qualified(schema, ADMIN_ETL_JOB_HISTORY)),
        (chosen.days, chosen.status, chosen.status, chosen.limit),
    ).fetchall()
    now = datetime.now(UTC).replace(tzinfo=None)
    return [
        JobEntry(
            *row[:5],
            row[5]
            if row[5] is not None or row[2] != "RUNNING"
            else int((now - row[3]).total_seconds()),
            *row[6:],
        )
        for row in rows
    ]
