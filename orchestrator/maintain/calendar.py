"""Calendar upkeep (Job_MaintainGIM): DATE_TIME extended when fewer than date-time-min-days-ahead
days remain; a calendar built under other [date-time] options detected before any job adds rows
to it; and the guide's "Changing calendar settings during runtime" as one command."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

from ..aggregate.requests import ALL_SETS, PENDING_FLAG
from ..aggregate.run import aggregate_all
from ..calendar import CalendarSettings, calendar_vars
from ..catalogue import DATE_TIME
from ..control import calendars, history, purges
from ..db import qualified
from ..job_runner import JobContext

#: Job_MaintainGIM's parameter for it (ours: the original has the administrator truncate the
#: table by hand, run the job, then re-aggregate).
REBUILD_FLAG = "-rebuildCalendar"


def held_dates(conn: psycopg.Connection, schema: str) -> tuple[date, date] | None:
    """The first and last local dates DATE_TIME holds (None: empty)."""
    first, last = conn.execute(
        sql.SQL("select min(cal_date), max(cal_date) from {}").format(qualified(schema, DATE_TIME))
    ).fetchone()
    return None if first is None else (first, last)


def record_built(ctx: JobContext) -> None:
    """Record the options DATE_TIME now holds rows of, and the dates it covers."""
    dates = held_dates(ctx.conn, ctx.schema)
    if dates is None:
        return
    built = calendars.BuiltCalendar(CalendarSettings.from_config(ctx.config), *dates)
    calendars.record_calendar(ctx.conn, ctx.schema, DATE_TIME, built, ctx.job_id)


def adopt_unrecorded(ctx: JobContext) -> None:
    """An Info Mart from before CTL_CALENDAR: its calendar is taken as built with the options in
    force now (the first Job_InitializeGIM of this release records them)."""
    if calendars.built_calendar(ctx.conn, ctx.schema, DATE_TIME) is None:
        record_built(ctx)


def extend_if_due(ctx: JobContext, now: datetime) -> str | None:
    """Extend DATE_TIME to date-time-max-days-ahead when fewer than date-time-min-days-ahead days
    remain after today (local); a summary line when it did."""
    dates = held_dates(ctx.conn, ctx.schema)
    today = now.astimezone(ZoneInfo(ctx.config["date-time.date-time-tz"])).date()
    minimum = ctx.config["date-time.date-time-min-days-ahead"]
    if dates is not None and (dates[1] - today).days >= minimum:
        return None
    added = _build(ctx, calendar_vars(ctx.config, now))
    record_built(ctx)
    held = held_dates(ctx.conn, ctx.schema)
    assert held is not None
    return (
        f"DATE_TIME extended to {held[1]} ({added} intervals added; fewer than {minimum} days"
        f" remained after {today})"
    )


def rebuild(ctx: JobContext, now: datetime) -> None:
    """Rebuild DATE_TIME under the options in force over the dates it held (and up to
    date-time-max-days-ahead), then re-aggregate every day whose facts are still stored.
    Aggregation must be stopped: this holds the facts' aggregates while it works."""
    dates = held_dates(ctx.conn, ctx.schema)
    variables = calendar_vars(ctx.config, now)
    if dates is not None:
        first = min(dates[0], date.fromisoformat(str(variables["date_time_start_date"])))
        last = max(dates[1], date.fromisoformat(str(variables["date_time_end_date"])))
        variables.update(
            date_time_start_date=first.isoformat(), date_time_end_date=last.isoformat()
        )
    ctx.conn.execute(sql.SQL("truncate table {}").format(qualified(ctx.schema, DATE_TIME)))
    added = _build(ctx, variables)
    record_built(ctx)
    ctx.summary.append(
        f"DATE_TIME rebuilt in {variables['date_time_tz']}: {added} intervals from"
        f" {variables['date_time_start_date']} to {variables['date_time_end_date']}"
    )
    _reaggregate(ctx, now)


def _reaggregate(ctx: JobContext, now: datetime) -> None:
    """Delete the aggregate rows from the first whole local day whose facts are all stored, and
    build them again (-insertPendingAgg ALLSETS over those days)."""
    catalogue = ctx.dbt.catalogue()
    zone = ZoneInfo(ctx.config["date-time.date-time-tz"])
    horizon = purges.purge_horizon(ctx.conn, ctx.schema, catalogue.purged_facts)
    floor = max(horizon, _first_fact_start(ctx, catalogue.purged_facts, now))
    first_day = datetime.fromtimestamp(floor, zone).date()
    if datetime.combine(first_day, datetime.min.time(), zone).timestamp() < floor:
        first_day += timedelta(days=1)
    last_day = now.astimezone(zone).date()
    if first_day > last_day:
        return
    first_key = int(datetime.combine(first_day, datetime.min.time(), zone).timestamp())
    for table in catalogue.aggregate_tables:
        ctx.conn.execute(
            sql.SQL("delete from {} where date_time_key >= %s").format(
                qualified(ctx.schema, table)
            ),
            (first_key,),
        )
    request = f"{ALL_SETS}:{first_day.isoformat()}:{last_day.isoformat()}"
    aggregate_all(replace(ctx, parameters=(PENDING_FLAG, request)))
    if horizon:
        ctx.summary.append(
            f"aggregates before {first_day} keep the old calendar: their facts were purged"
        )


def _first_fact_start(ctx: JobContext, facts: tuple[str, ...], now: datetime) -> int:
    """Where the oldest stored fact starts (`now` when there is none)."""
    starts = [
        ctx.conn.execute(
            sql.SQL("select min(start_date_time_key) from {}").format(qualified(ctx.schema, name))
        ).fetchone()[0]
        for name in facts
    ]
    present = [each for each in starts if each is not None]
    return min(present) if present else int(now.timestamp())


def _build(ctx: JobContext, variables: dict[str, object]) -> int:
    """Run DATE_TIME's model with the calendar `variables`; the intervals it added."""
    audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
    ctx.dbt.run("run", DATE_TIME, {"audit_key": audit_key, **variables})
    added, first, last = ctx.conn.execute(
        sql.SQL(
            "select count(*), min(date_time_key), max(date_time_key) from {}"
            " where create_audit_key = %s"
        ).format(qualified(ctx.schema, DATE_TIME)),
        (audit_key,),
    ).fetchone()
    history.close_audit(ctx.conn, ctx.schema, audit_key, added, first or 0, last or 0)
    return added
