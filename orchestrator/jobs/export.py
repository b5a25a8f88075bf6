"""Job_ExportGIM: the dimensional model's new and changed rows into CSV archives for other
warehouses (orchestrator/export/)."""

from __future__ import annotations

from ..export.run import export_all
from ..job_runner import JobContext


class ExportGIM:
    name = "Job_ExportGIM"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        export_all(ctx)
