"""Job_AggregateGIM: the facts into AG2_<HIERARCHY>_<LEVEL> aggregates, incrementally, through dbt
(orchestrator/aggregate/)."""

from __future__ import annotations

from ..aggregate.continuous import aggregate_continuously
from ..aggregate.run import aggregate_all
from ..job_runner import JobContext


class AggregateGIM:
    name = "Job_AggregateGIM"
    #: -insertPendingAgg requests (orchestrator/aggregate/requests.py).
    takes_parameters = True

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        if ctx.continuous:
            aggregate_continuously(ctx)
        else:
            aggregate_all(ctx)
