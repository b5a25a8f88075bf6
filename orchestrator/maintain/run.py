"""Job_MaintainGIM's work, in the guide's order: partitions ahead, purge by retention (dropping
whole partitions where it can), then the calendar. With -rebuildCalendar (ours), the guide's
"Changing calendar settings during runtime" instead."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..control import purges
from ..control.calendars import refuse_mixed_calendars
from ..db import jobs_kept_out
from ..errors import GimError
from ..gdpr import run as gdpr
from ..job_runner import JobContext
from ..partitions import upkeep
from ..partitions.layout import enabled, partitioned_tables
from . import calendar, purge

#: The jobs a calendar rebuild keeps out while it works (it rebuilds what they read and write).
KEPT_OUT = ("Job_TransformGIM", "Job_AggregateGIM")


def maintain(ctx: JobContext) -> None:
    """Purge, then extend the calendar when due; or rebuild it (-rebuildCalendar)."""
    rebuild = rebuild_asked(ctx.parameters)
    now = ctx.clock()
    if rebuild:
        _rebuild_calendar(ctx)
        return
    refuse_mixed_calendars(ctx.conn, ctx.schema, ctx.config)
    ctx.summary.extend(_partitions_ahead(ctx, now))
    plan = purge.purge_plan(ctx.conn, ctx.schema, ctx.dbt.catalogue(), ctx.config, now)
    deleted = purge.purge_all(ctx.conn, ctx.schema, ctx.job_id, plan, ctx.echo)
    by_option = Counter()
    for each in plan:
        by_option[each.option] += deleted.get(each.table, 0)
    dropped = purges.partitions_dropped(ctx.conn, ctx.schema, ctx.job_id)
    ctx.summary.append(
        f"purged {sum(deleted.values())} rows from {len(deleted)} tables"
        + (f" ({dropped} partitions dropped whole)" if dropped else "")
        + "".join(f"; {option}: {rows}" for option, rows in sorted(by_option.items()) if rows)
    )
    extended = calendar.extend_if_due(ctx, now)
    if extended:
        ctx.summary.append(extended)
    _gdpr_requests(ctx)


def _gdpr_requests(ctx: JobContext) -> None:
    """The GDPR step, last: a request file that could not be processed fails the run (the
    original's GIM_ETL_GDPR_ERROR, an alarm) once everything else is done."""
    outcome = gdpr.process_requests(ctx)
    if outcome.processed:
        ctx.summary.append(
            "GDPR requests: "
            + ", ".join(f"{files} {status}" for status, files in sorted(outcome.processed.items()))
        )
    if outcome.errors:
        raise GimError(
            f"{gdpr.ERROR_MESSAGE}: {len(outcome.errors)} GDPR request files need attention: "
            + "; ".join(outcome.errors)
        )


def _partitions_ahead(ctx: JobContext, now: datetime) -> list[str]:
    """Partitions for the next partitioning-ahead-range days and for rows waiting in DEFAULT
    partitions; a word when partitioning-enabled is on and some tables are not partitioned."""
    catalogue = ctx.dbt.catalogue()
    created, moved = upkeep.keep_ahead(
        ctx.conn, ctx.schema, partitioned_tables(catalogue), ctx.config, now
    )
    lines = []
    if created:
        lines.append(
            f"{created} partitions created"
            + (f" ({moved} rows moved out of DEFAULT partitions)" if moved else "")
        )
    waiting = upkeep.unpartitioned(ctx.conn, ctx.schema, catalogue) if enabled(ctx.config) else []
    if waiting:
        lines.append(
            f"partitioning-enabled is on but {len(waiting)} tables are not partitioned"
            f" ({waiting[0]}, ...): gim init converts them"
        )
    return lines


def rebuild_asked(parameters: tuple[str, ...]) -> bool:
    """Whether -rebuildCalendar was asked for; anything else is refused."""
    unknown = [word for word in parameters if word.lower() != calendar.REBUILD_FLAG.lower()]
    if unknown:
        raise GimError(
            f"Job_MaintainGIM: unknown parameter {unknown[0]!r} (expected {calendar.REBUILD_FLAG}"
            " or none)"
        )
    return bool(parameters)


def _rebuild_calendar(ctx: JobContext) -> None:
    with jobs_kept_out(
        ctx.uri, KEPT_OUT, "the calendar rebuild re-aggregates while nothing transforms"
    ):
        calendar.rebuild(ctx, ctx.clock())
