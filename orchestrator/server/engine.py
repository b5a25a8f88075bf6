"""The server's engine: every second, the scheduler's decision against the real clock, carried out
(jobs launched, stopped, requests refused), one log line per job start and end.

It re-reads gim.yml when the file changes and keeps the last valid configuration when the new
one is invalid; job processes run with that last valid configuration (a copy under
<GIM_HOME>/server/). A database that goes away is logged and retried; it never stops the engine.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from ..config import Config, load_config
from ..control import history
from ..db import connect, infomart_uri, jobs_holding_locks
from ..errors import ConfigError, GimError, SchemaOutOfDate, first_line
from ..jobs import JOBS
from ..paths import state_dir
from ..scheduler import (
    EXPORT,
    EXTRACT,
    MAINTAIN,
    MIGRATE,
    TRANSFORM,
    UPDATE_STATS,
    Decision,
    Memory,
    Request,
    RunningJob,
    Schedule,
    decide,
)
from ..standby import STANDBY_REFUSAL, is_standby
from .children import JobProcess, launch

TICK_SECONDS = 1.0


class ConfigWatch:
    """gim.yml as last validly read; re-read when its modification time changes."""

    def __init__(self, path: Path, config: Config, log: Callable[[str], None]) -> None:
        self.path, self.config, self.log = path, config, log
        self.snapshot = state_dir() / "server" / "gim.yml"
        self._stamp = self._mtime()
        self._save()

    def _mtime(self) -> float | None:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return None

    def _save(self) -> None:
        self.snapshot.parent.mkdir(parents=True, exist_ok=True)
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        self.snapshot.write_text(text, encoding="utf-8")

    def refresh(self) -> bool:
        """Adopt a changed, valid file; True when the configuration changed."""
        stamp = self._mtime()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            config = load_config(self.path)
        except ConfigError as exc:
            self.log(
                f"{self.path} refused, the last valid configuration stays in force:"
                f" {'; '.join(exc.problems)}"
            )
            return False
        if (config["server.host"], config["server.port"]) != (
            self.config["server.host"],
            self.config["server.port"],
        ):
            self.log("[server] host and port apply at the next start of gim server")
        self.config = config
        self._save()
        self.log(f"{self.path} re-read: the new configuration is in force")
        return True


class Engine:
    """Decides and launches; thread-safe for the page's requests (one lock)."""

    def __init__(self, watch: ConfigWatch, log: Callable[[str], None]) -> None:
        self.watch, self.log = watch, log
        self.children: dict[str, JobProcess] = {}
        self.memory = Memory()
        self.cycles_completed = 0
        self.last_tick: datetime | None = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self._notes: tuple[str, ...] = ()
        self._unavailable_logged: set[str] = set()
        self._conn: psycopg.Connection | None = None
        self.standby = False
        #: Why only Job_MigrateGIM may run (a job exited with SchemaOutOfDate's code); None: not.
        self.migration_state: str | None = None

    @property
    def config(self) -> Config:
        return self.watch.config

    @property
    def schema(self) -> str:
        return self.config.infomart.schema

    def connection(self) -> psycopg.Connection:
        """The engine's autocommit connection, reopened after the database went away."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect(infomart_uri(self.config), autocommit=True)
        return self._conn

    # Life cycle.
    def recall(self) -> None:
        """After a restart: when each job last started, so nothing due already is run twice."""
        last = {
            name: moment.replace(tzinfo=UTC)
            for name, moment in history.last_starts(self.connection(), self.schema).items()
            if moment is not None
        }
        self.memory = Memory(
            cycle_started=last.get(EXTRACT),
            maintained_since=last.get(MAINTAIN),
            last_update_stats=last.get(UPDATE_STATS),
            last_export=last.get(EXPORT),
        )

    def run_forever(self) -> None:
        """Tick until `stopping` is set; then stop every job."""
        failing: str | None = None
        while not self.stopping.wait(TICK_SECONDS):
            try:
                self.tick()
            except Exception as exc:  # the database gone, or a bug: logged once, retried
                self._conn = None
                problem = first_line(exc)
                if not isinstance(exc, psycopg.Error | GimError):
                    problem = f"{type(exc).__name__}: {problem}"
                if problem != failing:
                    self.log(f"scheduler: {problem} (retrying every {TICK_SECONDS:.0f} s)")
                failing = problem
                continue
            if failing is not None:
                self.log("scheduler: working again")
                failing = None
        self.shutdown()

    def shutdown(self) -> None:
        """Stop every running job and wait for them (SIGKILL after the grace period)."""
        with self.lock:
            for child in self.children.values():
                child.stop("stopped: gim server shut down")
            while self.children:
                for child in self.children.values():
                    child.enforce()
                self._reap()
                if self.children:
                    time.sleep(0.2)

    # One tick.
    def tick(self, now: datetime | None = None) -> Decision:
        now = now or datetime.now(UTC)
        with self.lock:
            if self.watch.refresh():
                self._unavailable_logged.clear()
            self._reap()
            conn = self.connection()
            if self._standing_by(conn):
                self.last_tick = now
                return Decision(memory=self.memory)
            running = self._running(conn)
            requests = [
                Request(
                    row.job_id, row.job_name, row.parameters, row.start_time.replace(tzinfo=UTC)
                )
                for row in history.jobs_in(conn, self.schema, history.SCHEDULED)
                if row.job_id not in self.children  # launched, not yet taken up by its process
            ]
            before = self.memory
            decision = decide(
                Schedule.from_config(self.config),
                now,
                running,
                requests,
                self.memory,
                lambda: str(uuid.uuid4()),
                self.migration_state,
            )
            self.memory = decision.memory
            if before.cycle_phase == TRANSFORM and decision.memory.cycle_phase is None:
                self.cycles_completed += 1
            self._carry_out(conn, decision, now)
            self.last_tick = now
            return decision

    def _standing_by(self, conn: psycopg.Connection) -> bool:
        """A standby runs no job (said once); promoted, the schedule resumes by itself."""
        standby = is_standby(conn)
        if standby != self.standby:
            self.log(
                STANDBY_REFUSAL
                if standby
                else "this Info Mart is in service: the schedule runs (it was a standby)"
            )
            self.standby = standby
        return standby

    def _running(self, conn: psycopg.Connection) -> list[RunningJob]:
        """The server's children, and the jobs other processes run (a RUNNING row whose job lock
        is free belongs to a dead process: not running)."""
        running = [child.as_running() for child in self.children.values()]
        others = [
            row
            for row in history.jobs_in(conn, self.schema, history.RUNNING)
            if row.job_id not in self.children
        ]
        alive = jobs_holding_locks(conn, sorted({row.job_name for row in others}))
        running += [
            RunningJob(row.job_id, row.job_name, row.start_time.replace(tzinfo=UTC), ours=False)
            for row in others
            if row.job_name in alive
        ]
        return running

    def _carry_out(self, conn: psycopg.Connection, decision: Decision, now: datetime) -> None:
        for stop in decision.stops:
            child = self.children.get(stop.job_id)
            if child is not None:
                self.log(f"{stop.job_name} (JOB_ID {stop.job_id}) {stop.reason}")
                child.stop(stop.reason)
        for refusal in decision.refusals:
            history.refuse_request(conn, self.schema, refusal.request.job_id, refusal.reason)
            self.log(
                f"{refusal.request.job_name} (JOB_ID {refusal.request.job_id}) refused:"
                f" {refusal.reason}"
            )
        for start in decision.starts:
            if start.job_name not in JOBS:
                self._unavailable(conn, start.job_name, start.job_id, start.by_schedule)
                continue
            child = launch(
                start.job_id,
                start.job_name,
                start.parameters,
                now,
                start.by_schedule,
                self.watch.snapshot if self.watch.snapshot.read_text() else None,
                state_dir() / "logs" / "jobs",
            )
            self.children[start.job_id] = child
            parameters = f" {start.parameters}" if start.parameters else ""
            self.log(
                f"{start.job_name}{parameters} (JOB_ID {start.job_id}) started: {start.reason}"
            )
        if decision.notes != self._notes:
            for note in decision.notes:
                if note not in self._notes:
                    self.log(note)
            self._notes = decision.notes

    def _unavailable(
        self, conn: psycopg.Connection, job_name: str, job_id: str, by_schedule: bool
    ) -> None:
        reason = f"{job_name} is not available in this release"
        if not by_schedule:
            history.refuse_request(conn, self.schema, job_id, reason)
            self.log(f"{job_name} (JOB_ID {job_id}) refused: {reason}")
        elif job_name not in self._unavailable_logged:
            self._unavailable_logged.add(job_name)
            self.log(f"{reason}: its schedule is not run (set its run- option to false)")

    def _reap(self) -> None:
        """Log and forget the children that ended; record who stopped them, or why they died."""
        for job_id, child in list(self.children.items()):
            child.enforce()
            code = child.exit_code
            if code is None:
                continue
            del self.children[job_id]
            try:
                self._record_end(child, code)
            except (psycopg.Error, GimError) as exc:
                self.log(f"{child.job_name} (JOB_ID {job_id}): its end not recorded ({exc})")

    def _record_end(self, child: JobProcess, code: int) -> None:
        conn = self.connection()
        if child.stop_reason:
            history.record_stop_reason(conn, self.schema, child.job_id, child.stop_reason)
        row = history.job_row(conn, self.schema, child.job_id)
        if row is not None and row.status == history.SCHEDULED:
            reason = child.last_line() or f"the job's process exited with code {code}"
            history.refuse_request(conn, self.schema, child.job_id, reason)
        elif row is not None and row.status == history.RUNNING:
            history.record_stop_reason(
                conn, self.schema, child.job_id, f"the job's process ended (exit code {code})"
            )
        row = history.job_row(conn, self.schema, child.job_id)
        status = row.status if row else "gone"
        seconds = (datetime.now(UTC) - child.started).total_seconds()
        ending = f"{child.job_name} (JOB_ID {child.job_id}) {status} in {seconds:.1f} s"
        if status != history.COMPLETE:
            ending += f": {child.stop_reason or child.last_line()} (log: {child.log_path})"
        self.log(ending)
        self._follow_migration_state(child, code, status)

    def _follow_migration_state(self, child: JobProcess, code: int, status: str) -> None:
        """A job that found a schema out of date puts the server in migration state (the guide:
        it "will not run any jobs until you manually run Job_MigrateGIM"); Job_MigrateGIM's
        completion ends it."""
        if code == SchemaOutOfDate.exit_code:
            reason = (
                child.last_line().removeprefix("gim: ").removeprefix(f"{child.job_name} failed: ")
            )
            if self.migration_state is None:
                self.log(f"migration state: only {MIGRATE} runs until it completes ({reason})")
            self.migration_state = reason
        elif child.job_name == MIGRATE and status == history.COMPLETE and self.migration_state:
            self.migration_state = None
            self.log(f"migration state ended: {MIGRATE} completed; the schedule runs")

    # What the page and the CLI ask of a running server.
    def stop_job(self, job_id: str, who: str) -> str:
        """Stop a child of this server (recording `who`), else as `gim stop` does."""
        from .control import stop_job

        with self.lock:
            child = self.children.get(job_id)
            if child is not None:
                child.stop(f"stopped by {who}")
                self.log(f"{child.job_name} (JOB_ID {job_id}) stopped by {who}")
                return f"{child.job_name} (JOB_ID {job_id}) asked to stop"
            return stop_job(self.connection(), self.schema, job_id)
