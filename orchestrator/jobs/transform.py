"""Job_TransformGIM: GIDB into the dimensional model, incrementally, through dbt
(orchestrator/transform/)."""

from __future__ import annotations

from ..job_runner import JobContext
from ..transform.run import transform_all


class TransformGIM:
    name = "Job_TransformGIM"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        transform_all(ctx)
