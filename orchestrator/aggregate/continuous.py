"""Continuous aggregation, as `gim server` runs Job_AggregateGIM in its aggregate-schedule windows:
a pass, then wait for new transformed facts or a re-aggregation request, and again, until stopped.
"""

from __future__ import annotations

import shlex
import time

from ..control import history
from ..errors import GimError, JobStopped
from ..job_runner import JobContext
from .run import aggregate_all

#: How often an idle instance looks for new facts and requests.
POLL_SECONDS = 5.0


def aggregate_continuously(ctx: JobContext, poll_seconds: float = POLL_SECONDS) -> None:
    """Passes until SIGTERM; a stop between passes ends the job COMPLETE, one during a pass
    FAILED (the next pass redoes what it had not committed)."""
    passes = 0
    while True:
        transformed = history.newest_transform(ctx.conn, ctx.schema)
        try:
            aggregate_all(ctx)
        except GimError as exc:
            if not ctx.parameters:
                raise
            # A request the server could not judge (one before the facts' purge): refused alone.
            ctx.echo(f"{ctx.job_name}: re-aggregation refused: {exc}")
        passes += 1
        ctx.echo(f"{ctx.job_name}: pass {passes} done; waiting for new facts or a request")
        try:
            ctx.parameters = _wait_for_work(ctx, transformed, poll_seconds)
        except JobStopped:
            ctx.summary.insert(0, f"{passes} aggregation passes, stopped between passes")
            return


def _wait_for_work(ctx: JobContext, transformed: int, poll_seconds: float) -> tuple[str, ...]:
    """The parameters of the next pass: requests handed to this instance, or () once newer facts
    are transformed."""
    while True:
        requests = history.claim_requests(ctx.conn, ctx.schema, ctx.job_name, ctx.job_id)
        if requests:
            ctx.echo(f"{ctx.job_name}: re-aggregation requested: {'; '.join(requests)}")
            return tuple(word for request in requests for word in shlex.split(request))
        if history.newest_transform(ctx.conn, ctx.schema) > transformed:
            return ()
        time.sleep(poll_seconds)
