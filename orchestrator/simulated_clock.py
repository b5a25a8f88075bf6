"""The scheduler against a simulated clock (`gim demo`): minute by minute from `start` to `end`,
each job it starts run at once, in this process, taking no simulated time. Job_AggregateGIM runs
one pass when started and counts as running (continuous) until the scheduler stops it."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta

from .scheduler import AGGREGATE, Memory, RunningJob, Schedule, Start, decide

STEP = timedelta(minutes=1)


def run_simulated(
    schedule: Schedule,
    start: datetime,
    end: datetime,
    run: Callable[[Start, datetime], None],
) -> list[tuple[datetime, Start]]:
    """Every job the schedule starts between `start` and `end`, in order, after `run(job, now)`
    ran it."""
    ids = (f"simulated-{n}" for n in itertools.count())
    continuous: dict[str, RunningJob] = {}
    memory = Memory(maintained_since=start, last_export=start, last_update_stats=start)
    started: list[tuple[datetime, Start]] = []
    now = start
    while now <= end:
        decision = decide(schedule, now, list(continuous.values()), [], memory, lambda: next(ids))
        memory = decision.memory
        for stop in decision.stops:
            continuous.pop(stop.job_name, None)
        for job in decision.starts:
            run(job, now)
            started.append((now, job))
            if job.job_name == AGGREGATE:
                continuous[AGGREGATE] = RunningJob(job.job_id, AGGREGATE, now, True, True)
        now += STEP
    return started
