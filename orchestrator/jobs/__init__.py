"""Jobs by their original names."""

from __future__ import annotations

from ..errors import GimError
from ..job_runner import Job, JobContext, JobOutcome, run_job
from .aggregate import AggregateGIM
from .export import ExportGIM
from .extract import ExtractICON
from .initialize import InitializeGIM
from .maintain import MaintainGIM
from .migrate import MigrateGIM
from .transform import TransformGIM
from .update_stats import UpdateStats

JOBS: dict[str, type] = {
    InitializeGIM.name: InitializeGIM,
    ExtractICON.name: ExtractICON,
    TransformGIM.name: TransformGIM,
    AggregateGIM.name: AggregateGIM,
    MaintainGIM.name: MaintainGIM,
    UpdateStats.name: UpdateStats,
    MigrateGIM.name: MigrateGIM,
    ExportGIM.name: ExportGIM,
}
#: The original's other jobs: known names, built by later releases.
PLANNED_JOBS: tuple[str, ...] = ()


def job_named(name: str) -> Job:
    """The job class instance for an original job name (case-insensitive)."""
    for known in JOBS:
        if known.lower() == name.lower():
            return JOBS[known]()
    if any(planned.lower() == name.lower() for planned in PLANNED_JOBS):
        raise GimError(f"{name} is not available in this release (available: {', '.join(JOBS)})")
    raise GimError(f"{name!r} is not a job (jobs: {', '.join((*JOBS, *PLANNED_JOBS))})")


__all__ = ["JOBS", "Job", "JobContext", "JobOutcome", "job_named", "run_job"]
