"""Job control shared by `gim job run`/`gim stop` and the manager page: ask for a job (a SCHEDULED
row the server starts when the rules allow), cancel a request, stop a running job.

Parameters are checked here, before anything is recorded or runs.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg

from ..config import Config
from ..control import history
from ..errors import GimError
from ..jobs import job_named
from ..migrate.versions import MIGRATE
from ..scheduler import AGGREGATE, MAINTAIN, Schedule, refusal_by_hand

#: The jobs the manager page offers (the original's: Job_UpdateStats and Job_ExportGIM run on
#: their schedules only).
BY_HAND = (
    "Job_ExtractICON",
    "Job_TransformGIM",
    "Job_AggregateGIM",
    "Job_MaintainGIM",
    "Job_InitializeGIM",
    "Job_MigrateGIM",
)


def checked_request(
    config: Config, job_name: str, parameters: str, catalogue: Any, now: datetime | None = None
) -> tuple[str, str]:
    """The job's original name and its parameters, once both are known good now; GimError
    naming what is wrong otherwise."""
    job = job_named(job_name.strip())  # an unknown or planned job is refused here
    refused = refusal_by_hand(Schedule.from_config(config), now or datetime.now(UTC), job.name)
    if refused:
        raise GimError(refused)
    try:
        words = tuple(shlex.split(parameters))
    except ValueError as exc:
        raise GimError(f"{job.name}: parameters {parameters!r} cannot be read ({exc})") from None
    if words and not getattr(job, "takes_parameters", False):
        raise GimError(f"{job.name} takes no parameters (given: {parameters})")
    if job.name == AGGREGATE and words:
        from ..aggregate.requests import parse_parameters

        parse_parameters(words, catalogue)
    if job.name == MAINTAIN and words:
        from ..maintain.run import rebuild_asked

        rebuild_asked(words)
    if job.name == MIGRATE and words:
        from ..jobs.migrate import export_views_asked

        export_views_asked(words)
    return job.name, " ".join(shlex.quote(word) for word in words)


def request_job(conn: psycopg.Connection, schema: str, job_name: str, parameters: str) -> str:
    """Record the request (SCHEDULED); its JOB_ID."""
    job_id = str(uuid.uuid4())
    history.request_job(conn, schema, job_id, job_name, parameters)
    return job_id


def stop_job(conn: psycopg.Connection, schema: str, job_id: str) -> str:
    """Cancel a SCHEDULED request or send SIGTERM to a RUNNING job of this host; what was done.
    (The server stops its own children itself, to record who stopped them.)"""
    row = history.job_row(conn, schema, job_id.strip())
    if row is None:
        raise GimError(f"no job has JOB_ID {job_id!r} (see `gim jobs --show-id`)")
    if row.status == history.SCHEDULED:
        if history.cancel_request(conn, schema, row.job_id):
            return f"{row.job_name} (JOB_ID {row.job_id}) cancelled before it started"
        return stop_job(conn, schema, job_id)  # it started meanwhile
    if row.status != history.RUNNING:
        raise GimError(f"{row.job_name} (JOB_ID {row.job_id}) is not running: {row.status}")
    if row.host_name != socket.gethostname():
        raise GimError(
            f"{row.job_name} (JOB_ID {row.job_id}) runs on host {row.host_name}: stop it there"
        )
    if not row.process_id or row.process_id <= 1:
        raise GimError(f"{row.job_name} (JOB_ID {row.job_id}) has no process id to stop")
    try:
        os.kill(row.process_id, signal.SIGTERM)
    except ProcessLookupError:
        history.record_stop_reason(
            conn, schema, row.job_id, "the job's process had ended (found by gim stop)"
        )
        return f"{row.job_name} (JOB_ID {row.job_id}) had already died; recorded FAILED"
    return (
        f"{row.job_name} (JOB_ID {row.job_id}) asked to stop (SIGTERM to process {row.process_id})"
    )
