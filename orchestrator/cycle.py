"""`gim cycle`: one ETL cycle as the scheduler runs it: extract, then transform, then aggregate.

Each step is a job of its own (its own history row and lock); a step that fails stops the cycle,
so nothing is transformed that was not extracted first. The steps share one parsed dbt project.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .config import Config
from .db import infomart_uri
from .dbt_runner import DbtProject
from .jobs import job_named, run_job

CYCLE_JOBS = ("Job_ExtractICON", "Job_TransformGIM", "Job_AggregateGIM")


@dataclass(frozen=True)
class Step:
    """One job of a cycle, as it ended."""

    job_name: str
    job_id: str
    seconds: float
    summary: list[str]

    def line(self) -> str:
        """One line: the job, its time and the first line of its summary."""
        first = self.summary[0] if self.summary else "nothing to do"
        return f"{self.job_name} COMPLETE in {self.seconds:.1f} s: {first}"


def run_cycle(
    config: Config, echo: Callable[[str], None] = print, dbt: DbtProject | None = None
) -> list[Step]:
    """Run the cycle's jobs in order; echo each one's progress and its one-line summary."""
    dbt = dbt or DbtProject(uri=infomart_uri(config), schema=config.infomart.schema)
    steps = []
    for name in CYCLE_JOBS:
        echo(f"{name}: running")
        started = time.perf_counter()
        outcome = run_job(job_named(name), config, echo=echo, dbt=dbt)
        step = Step(name, outcome.job_id, time.perf_counter() - started, outcome.summary)
        echo(step.line())
        steps.append(step)
    return steps
