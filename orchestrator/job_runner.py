"""The job framework: one lock per job name, a history row per run, failures recorded.

Jobs (orchestrator/jobs/) only sequence their stage; this runs one of them.
"""

from __future__ import annotations

import signal
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import psycopg

from . import RELEASE, SCHEMA_VERSION
from .config import Config
from .control import history
from .db import advisory_lock, connect, infomart_uri
from .dbt_runner import DbtProject
from .errors import (
    GimError,
    JobAlreadyRunning,
    JobFailed,
    JobStopped,
    NotInitialized,
    SchemaOutOfDate,
    first_line,
)
from .migrate.versions import refuse_other_schema_version
from .scheduler import INITIALIZE
from .standby import STANDBY_REFUSAL, is_standby


@dataclass
class JobContext:
    """What a running job may use."""

    config: Config
    uri: str
    schema: str
    conn: psycopg.Connection  # autocommit, for control-table writes
    dbt: DbtProject
    parameters: tuple[str, ...] = ()
    job_id: str = ""
    job_name: str = ""
    echo: Callable[[str], None] = print
    summary: list[str] = field(default_factory=list)
    #: Run until stopped, as `gim server` runs Job_AggregateGIM (other jobs ignore it).
    continuous: bool = False
    #: The job's clock (retention ages are counted back from it): tests move it forward.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


class Job(Protocol):
    name: str

    def bootstrap(self, ctx: JobContext) -> None:
        """Work done under the lock before the history row exists (only initialisation)."""

    def run(self, ctx: JobContext) -> None:
        """The job's work; raise to fail it."""


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    job_name: str
    summary: list[str]


def run_job(
    job: Job,
    config: Config,
    parameters: tuple[str, ...] = (),
    echo: Callable[[str], None] = print,
    dbt: DbtProject | None = None,
    job_id: str | None = None,
    continuous: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> JobOutcome:
    """Run `job` once: refuse if another instance holds its lock; record RUNNING/COMPLETE/FAILED.
    Parameters a job does not take stop it before it touches anything. `job_id`: the id of the
    SCHEDULED row `gim server` starts (a new one otherwise). SIGTERM stops the job (FAILED)."""
    refuse_parameters(job, parameters)
    uri = infomart_uri(config)
    schema = config.infomart.schema
    with connect(uri, autocommit=True) as probe:
        if is_standby(probe):
            raise GimError(STANDBY_REFUSAL)
    with advisory_lock(uri, job.name) as acquired, connect(uri, autocommit=True) as conn:
        if not acquired:
            raise JobAlreadyRunning(_already_running_message(conn, schema, job.name))
        ctx = JobContext(
            config=config,
            uri=uri,
            schema=schema,
            conn=conn,
            dbt=dbt or DbtProject(uri=uri, schema=schema),
            parameters=parameters,
            job_name=job.name,
            echo=echo,
            continuous=continuous,
        )
        if clock is not None:
            ctx.clock = clock
        # Before the job's first write: an Info Mart of another schema is left as it is.
        refuse_other_schema_version(history.schema_version_if_any(conn, schema), job.name)
        job.bootstrap(ctx)
        if not history.has_job_history(conn, schema):
            raise NotInitialized()
        if history.schema_version(conn, schema) is None and job.name != INITIALIZE:
            raise SchemaOutOfDate(
                f"the Info Mart's schema is unversioned; this release ({RELEASE}) needs"
                f" {SCHEMA_VERSION}: run `gim init` (Job_InitializeGIM records it)"
            )
        history.fail_abandoned_runs(conn, schema, job.name)
        ctx.job_id = job_id or str(uuid.uuid4())
        history.start_job(conn, schema, ctx.job_id, job.name, RELEASE, " ".join(parameters))
        try:
            with _stopped_by_sigterm():
                job.run(ctx)
        except BaseException as exc:
            reason = first_line(exc)
            # The database may have gone away: the next run then finds the RUNNING row and fails it.
            with suppress(psycopg.Error):
                history.finish_job(
                    conn, schema, ctx.job_id, history.FAILED, reason, summary=ctx.summary
                )
            if isinstance(exc, JobStopped):
                stopped = JobFailed(f"{job.name} {reason}")
                stopped.exit_code = JobStopped.exit_code
                raise stopped from exc
            if isinstance(exc, KeyboardInterrupt | JobFailed):
                raise
            failed = JobFailed(f"{job.name} failed: {reason}")
            if isinstance(exc, GimError):
                failed.exit_code = exc.exit_code
            raise failed from exc
        history.finish_job(conn, schema, ctx.job_id, history.COMPLETE, summary=ctx.summary)
        return JobOutcome(job_id=ctx.job_id, job_name=job.name, summary=ctx.summary)


def refuse_parameters(job: Job, parameters: tuple[str, ...]) -> None:
    """Parameters a job does not take stop it before it touches anything."""
    if parameters and not getattr(job, "takes_parameters", False):
        raise GimError(f"{job.name} takes no parameters (given: {' '.join(parameters)})")


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM raises JobStopped in the job's (main) thread for the job's duration."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise JobStopped()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _already_running_message(conn: psycopg.Connection, schema: str, job_name: str) -> str:
    running = (
        history.running_job(conn, schema, job_name)
        if history.has_job_history(conn, schema)
        else None
    )
    if running:
        job_id, started = running
        return (
            f"{job_name} is already running on this Info Mart (JOB_ID {job_id}, "
            f"started {started:%Y-%m-%d %H:%M:%S} UTC); not started again"
        )
    return f"{job_name} is already running on this Info Mart; not started again"


def running_jobs(uri: str, job_names: list[str]) -> list[str]:
    """The jobs among `job_names` whose lock some process holds on this Info Mart now."""
    running = []
    for name in job_names:
        with advisory_lock(uri, name) as acquired:
            if not acquired:
                running.append(name)
    return running
