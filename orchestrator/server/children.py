"""Jobs in child processes: dbt is not safe to call concurrently in one process, and a child can
be stopped (SIGTERM, then SIGKILL) without taking the server with it.

A child is `gim job run --job-id ID NAME PARAMS` with the server's last valid configuration; its
output goes to <GIM_HOME>/logs/jobs/<JOB_ID>.log.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..scheduler import AGGREGATE, RunningJob

#: Seconds a stopped job has to record itself FAILED and cancel its queries before SIGKILL.
STOP_GRACE_SECONDS = 30.0


@dataclass
class JobProcess:
    """A job the server launched."""

    job_id: str
    job_name: str
    started: datetime  # aware, UTC
    by_schedule: bool
    process: subprocess.Popen[bytes]
    log_path: Path
    stop_reason: str | None = None
    stop_sent: float | None = None

    def as_running(self) -> RunningJob:
        return RunningJob(self.job_id, self.job_name, self.started, True, self.by_schedule)

    @property
    def exit_code(self) -> int | None:
        return self.process.poll()

    def stop(self, reason: str) -> None:
        """SIGTERM now (the job records itself FAILED); SIGKILL after the grace (`enforce`)."""
        if self.stop_sent is None and self.exit_code is None:
            self.stop_reason = reason
            self.stop_sent = time.monotonic()
            _signal(self.process, signal.SIGTERM)

    def enforce(self) -> None:
        """Kill a stopped job that outlived its grace period."""
        if (
            self.stop_sent is not None
            and self.exit_code is None
            and time.monotonic() - self.stop_sent > STOP_GRACE_SECONDS
        ):
            _signal(self.process, signal.SIGKILL)

    def last_line(self) -> str:
        """The last line the job wrote (its one-line failure, when it failed)."""
        try:
            text = self.log_path.read_text(errors="replace")
            lines = [line for line in text.splitlines() if line.strip()]
        except OSError:
            return ""
        return lines[-1].strip() if lines else ""


def launch(
    job_id: str,
    job_name: str,
    parameters: str,
    started: datetime,
    by_schedule: bool,
    config_path: Path | None,
    log_dir: Path,
) -> JobProcess:
    """Start the job's process, in a session of its own (a stop reaches its children too)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{job_id}.log"
    command = [sys.executable, "-m", "orchestrator.cli"]
    if config_path is not None:
        command += ["--config", str(config_path)]
    command += ["job", "run", "--job-id", job_id]
    if job_name == AGGREGATE:
        command.append("--continuous")
    command += [job_name, *shlex.split(parameters)]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    return JobProcess(job_id, job_name, started, by_schedule, process, log_path)


def _signal(process: subprocess.Popen[bytes], signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)
