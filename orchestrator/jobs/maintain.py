"""Job_MaintainGIM: purge by retention, calendar upkeep (orchestrator/maintain/)."""

from __future__ import annotations

from ..job_runner import JobContext
from ..maintain.run import maintain


class MaintainGIM:
    name = "Job_MaintainGIM"
    #: -rebuildCalendar (ours: `gim calendar rebuild`).
    takes_parameters = True

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        maintain(ctx)
