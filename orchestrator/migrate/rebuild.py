"""A migration that changes what the facts hold: every fact re-read from the GIDB rows still kept,
then every aggregate rebuilt, under the transform's and the aggregation's own marks so that the
next cycle goes on from where the rebuild ended."""

from __future__ import annotations

from dataclasses import replace

from ..aggregate.run import aggregate_all
from ..control import history
from ..job_runner import JobContext
from ..scheduler import AGGREGATE, TRANSFORM
from ..transform.run import transform_all


def rebuild_from_gidb(ctx: JobContext) -> list[str]:
    """The facts rebuilt from every GIDB row kept (a fact whose GIDB rows were purged keeps what
    it holds, and null in the new columns), then the aggregates; the summary lines."""
    lines = []
    superseded = history.supersede_marks(ctx.conn, ctx.schema, (TRANSFORM, AGGREGATE))
    lines.append(f"{superseded} transform marks superseded: every GIDB row kept is read again")
    for job_name, stage in ((TRANSFORM, transform_all), (AGGREGATE, aggregate_all)):
        # Nothing else runs meanwhile: every other job refuses the schema until it is recorded.
        stage_ctx = replace(ctx, job_name=job_name, parameters=(), summary=[])
        stage(stage_ctx)
        lines += [f"{job_name}: {line}" for line in stage_ctx.summary]
    return lines
