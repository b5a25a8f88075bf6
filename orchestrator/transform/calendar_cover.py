"""DATE_TIME covers what a transform writes: the calendar grows, backwards too, before any fact
could carry a date key it does not hold (loading 1999 history with date-time-start-year 2024)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from psycopg import sql

from ..calendar import calendar_vars
from ..catalogue import DATE_TIME
from ..control import history
from ..control.calendars import refuse_mixed_calendars
from ..db import qualified
from ..job_runner import JobContext
from ..maintain.calendar import record_built


def cover_the_data(ctx: JobContext, after: int, up_to: int, audit_key: int) -> str | None:
    """Extend DATE_TIME to every interval the GIDB rows of audit keys (after, up_to] start in,
    from 1 January of the earliest one's year; a summary line when it grew, else None."""
    first, last = history.start_key_range(ctx.conn, ctx.schema, after, up_to)
    if first is None or last is None:
        return None
    held_first, held_last = ctx.conn.execute(
        sql.SQL("select min(date_time_key), max(date_time_key) from {}").format(
            qualified(ctx.schema, DATE_TIME)
        )
    ).fetchone()
    if held_first is not None and held_first <= first and last <= held_last:
        return None
    # Growing the calendar under other [date-time] options would mix two calendars.
    refuse_mixed_calendars(ctx.conn, ctx.schema, ctx.config)
    variables = calendar_vars(ctx.config)
    zone = ZoneInfo(str(variables["date_time_tz"]))
    earliest = date(datetime.fromtimestamp(first, zone).year, 1, 1)
    latest = datetime.fromtimestamp(last, zone).date()
    start = min(date.fromisoformat(str(variables["date_time_start_date"])), earliest)
    end = max(date.fromisoformat(str(variables["date_time_end_date"])), latest)
    variables.update(date_time_start_date=start.isoformat(), date_time_end_date=end.isoformat())
    ctx.dbt.run("run", DATE_TIME, {"audit_key": audit_key, **variables})
    record_built(ctx)
    return (
        f"DATE_TIME extended to {start} .. {end}: the data reaches"
        f" {datetime.fromtimestamp(first, zone):%Y-%m-%d} .. {latest}"
        f" (date-time-start-year is {ctx.config['date-time.date-time-start-year']})"
    )
