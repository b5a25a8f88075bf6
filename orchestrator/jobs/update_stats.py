"""Job_UpdateStats: vacuum and analyze what needs it, alongside ETL (orchestrator/maintain/)."""

from __future__ import annotations

from ..job_runner import JobContext
from ..maintain.statistics import update_statistics


class UpdateStats:
    name = "Job_UpdateStats"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        update_statistics(ctx)
