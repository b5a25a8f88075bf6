"""The DATE_TIME calendar's window and week rules, as dbt vars, from the [date-time] options."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .config import Config

#: DATE_TIME's grain: every interval key is a multiple of it (UTC epoch seconds).
INTERVAL_SECONDS = 900


def interval_of(epoch: int) -> int:
    """The DATE_TIME_KEY of the 15-minute interval holding `epoch`."""
    return epoch - epoch % INTERVAL_SECONDS


def interval_spans(start: int, end: int) -> Iterator[tuple[int, int]]:
    """(interval start, seconds) for each interval the span [start, end) covers."""
    moment = start
    while moment < end:
        boundary = interval_of(moment) + INTERVAL_SECONDS
        yield interval_of(moment), min(end, boundary) - moment
        moment = min(end, boundary)


def calendar_vars(config: Config, now: datetime | None = None) -> dict[str, object]:
    """From 1 January of date-time-start-year to today + date-time-max-days-ahead (local dates)."""
    zone = ZoneInfo(config["date-time.date-time-tz"])
    today = (now or datetime.now(UTC)).astimezone(zone).date()
    end = today + timedelta(days=config["date-time.date-time-max-days-ahead"])
    start = date(config["date-time.date-time-start-year"], 1, 1)
    return {
        "date_time_start_date": start.isoformat(),
        "date_time_end_date": max(start, end).isoformat(),
        "date_time_tz": config["date-time.date-time-tz"],
        "first_day_of_week": config["date-time.first-day-of-week"],
        "minimal_days_in_first_week": config["date-time.minimal-days-in-first-week"],
        "simple_week_numbering": config["date-time.simple-week-numbering"],
    }


@dataclass(frozen=True)
class CalendarSettings:
    """The [date-time] options a calendar's rows are built with (days ahead aside: those only
    say how far it goes)."""

    date_time_tz: str
    first_day_of_week: int
    minimal_days_in_first_week: int
    simple_week_numbering: bool

    @classmethod
    def from_config(cls, config: Config) -> CalendarSettings:
        return cls(
            config["date-time.date-time-tz"],
            config["date-time.first-day-of-week"],
            config["date-time.minimal-days-in-first-week"],
            config["date-time.simple-week-numbering"],
        )

    def changes_from(self, built: CalendarSettings) -> list[str]:
        """`option: built -> configured` for each option that differs."""
        return [
            f"{name.replace('_', '-')}: {getattr(built, name)} -> {getattr(self, name)}"
            for name in self.__dataclass_fields__
            if getattr(built, name) != getattr(self, name)
        ]
