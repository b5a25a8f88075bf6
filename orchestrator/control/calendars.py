"""CTL_CALENDAR: the options DATE_TIME's rows were built with and the dates they cover."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import psycopg
from psycopg import sql

from ..calendar import CalendarSettings
from ..catalogue import DATE_TIME
from ..config import Config
from ..db import qualified, relation_exists
from ..errors import GimError
from . import names

#: What an administrator runs after changing date-time-tz or a week option.
REBUILD_COMMAND = "gim calendar rebuild"


@dataclass(frozen=True)
class BuiltCalendar:
    settings: CalendarSettings
    first_date: date
    last_date: date


def record_calendar(
    conn: psycopg.Connection,
    schema: str,
    calendar: str,
    built: BuiltCalendar,
    job_id: str,
) -> None:
    """Record that `calendar`'s rows now cover built.first_date .. built.last_date under
    built.settings."""
    settings = built.settings
    conn.execute(
        sql.SQL(
            "insert into {} (calendar_name, date_time_tz, first_day_of_week,"
            " minimal_days_in_first_week, simple_week_numbering, first_date, last_date, job_id,"
            " created_ts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_CALENDAR)),
        (
            calendar,
            settings.date_time_tz,
            settings.first_day_of_week,
            settings.minimal_days_in_first_week,
            int(settings.simple_week_numbering),
            built.first_date,
            built.last_date,
            job_id,
            int(time.time()),
        ),
    )


def built_calendar(conn: psycopg.Connection, schema: str, calendar: str) -> BuiltCalendar | None:
    """The newest record of `calendar` (None: never recorded)."""
    if not relation_exists(conn, schema, names.CTL_CALENDAR):
        return None
    row = conn.execute(
        sql.SQL(
            "select date_time_tz, first_day_of_week, minimal_days_in_first_week,"
            " simple_week_numbering, first_date, last_date from {} where calendar_name = %s"
            " order by created_ts desc, last_date desc limit 1"
        ).format(qualified(schema, names.CTL_CALENDAR)),
        (calendar,),
    ).fetchone()
    if row is None:
        return None
    tz, first_dow, min_days, simple, first, last = row
    return BuiltCalendar(CalendarSettings(tz, first_dow, min_days, bool(simple)), first, last)


def refuse_mixed_calendars(conn: psycopg.Connection, schema: str, config: Config) -> None:
    """Stop a job that would add DATE_TIME rows (or aggregate by them) under [date-time] options
    other than those its rows were built with, naming the procedure."""
    built = built_calendar(conn, schema, DATE_TIME)
    if built is None:
        return
    changes = CalendarSettings.from_config(config).changes_from(built.settings)
    if changes:
        raise GimError(
            f"DATE_TIME was built with other [date-time] options ({'; '.join(changes)}): rows"
            f" added now would mix two calendars in one report. Run `{REBUILD_COMMAND}` to"
            " rebuild the calendar and re-aggregate, or restore the options"
        )
