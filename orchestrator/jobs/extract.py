"""Job_ExtractICON: copy new and changed IDB rows into GIDB, per data source, chunk by chunk, then
merge the voice calls (orchestrator/extract/)."""

from __future__ import annotations

from ..extract.run import extract_all
from ..job_runner import JobContext


class ExtractICON:
    name = "Job_ExtractICON"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row: GIDB tables are created in `run`."""

    def run(self, ctx: JobContext) -> None:
        extract_all(ctx)
