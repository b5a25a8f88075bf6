"""Value kinds: how one option's raw YAML value is checked and converted.

Each kind's `parse` returns the converted value or raises `ValueError` with a phrase that
completes "section.option: 'value' ..." (for example "is not a whole number").
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import time
from typing import Any

from croniter import croniter

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")


class Kind:
    """Base kind: subclasses implement `parse` and `describe`."""

    def parse(self, raw: Any) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def render(self, value: Any) -> str:
        """How `gim config show` prints a parsed value."""
        return str(value)


@dataclass(frozen=True)
class Boolean(Kind):
    def parse(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueError("is not true or false")

    def describe(self) -> str:
        return "true or false"

    def render(self, value: Any) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int
    maximum: int | None = None
    unit: str = ""

    def parse(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise ValueError("is not a whole number")
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d+\s*", raw):
            value = int(raw)
        else:
            raise ValueError("is not a whole number")
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"is out of range ({self.describe()})")
        return value

    def describe(self) -> str:
        what = f"a whole number of {self.unit}" if self.unit else "a whole number"
        if self.maximum is None:
            return f"{what} from {self.minimum}"
        return f"{what} from {self.minimum} to {self.maximum}"


@dataclass(frozen=True)
class Text(Kind):
    pattern: str | None = None
    hint: str = "text"

    def parse(self, raw: Any) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"is not {self.hint}")
        if self.pattern and not re.fullmatch(self.pattern, raw):
            raise ValueError(f"is not {self.hint}")
        return raw

    def describe(self) -> str:
        return self.hint


@dataclass(frozen=True)
class TimeOfDay(Kind):
    """HH:mm, 00:00 to 23:59 (the original's schedule format)."""

    def parse(self, raw: Any) -> time:
        match = _HH_MM.match(str(raw).strip()) if isinstance(raw, str | int) else None
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError("is not a time of day HH:mm (00:00 to 23:59)")
        return time(int(match[1]), int(match[2]))

    def describe(self) -> str:
        return "a time of day HH:mm"

    def render(self, value: Any) -> str:
        return value.strftime("%H:%M")


@dataclass(frozen=True)
class Duration(Kind):
    """HH:mm, hours 0 to 24; returned as minutes."""

    def parse(self, raw: Any) -> int:
        match = _HH_MM.match(str(raw).strip()) if isinstance(raw, str) else None
        if not match or int(match[2]) > 59:
            raise ValueError("is not a duration HH:mm")
        minutes = int(match[1]) * 60 + int(match[2])
        if minutes > 24 * 60 or minutes == 0:
            raise ValueError("is out of range (a duration HH:mm from 00:01 to 24:00)")
        return minutes

    def describe(self) -> str:
        return "a duration HH:mm up to 24:00"

    def render(self, value: Any) -> str:
        return f"{value // 60:02d}:{value % 60:02d}"


@dataclass(frozen=True)
class Cron(Kind):
    """The original's two-field CRON: "minute hour", with `, - * /`."""

    def parse(self, raw: Any) -> str:
        text = str(raw).strip() if isinstance(raw, str | int) else ""
        fields = text.split()
        if len(fields) != 2:
            raise ValueError('is not a two-field CRON expression "minute hour"')
        if not croniter.is_valid(to_croniter(" ".join(fields))):
            raise ValueError('is not a valid CRON expression "minute hour"')
        return " ".join(fields)

    def describe(self) -> str:
        return 'a CRON expression "minute hour"'


def to_croniter(expression: str) -> str:
    """The original's "minute hour" as a five-field croniter expression.

    The original writes "0/10" (from 0, every 10), which croniter spells "0-59/10".
    """
    minute, hour = expression.split()

    def expand(field: str, last: int) -> str:
        return ",".join(
            re.sub(r"^(\d+)/(\d+)$", lambda m: f"{m[1]}-{last}/{m[2]}", part)
            for part in field.split(",")
        )

    return f"{expand(minute, 59)} {expand(hour, 23)} * * *"


@dataclass(frozen=True)
class TimeZone(Kind):
    def parse(self, raw: Any) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError("is not a time zone name")
        try:
            zoneinfo.ZoneInfo(raw.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known IANA time zone (e.g. GMT, Europe/Paris)") from exc
        return raw.strip()

    def describe(self) -> str:
        return "an IANA time zone name"


@dataclass(frozen=True)
class OrderedChoices(Kind):
    """A comma-separated ordering of distinct values from a fixed set."""

    choices: tuple[str, ...]

    def parse(self, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, str):
            raise ValueError(f"is not a comma-separated list of {', '.join(self.choices)}")
        items = tuple(item.strip().upper() for item in raw.split(",") if item.strip())
        unknown = [item for item in items if item not in self.choices]
        if unknown:
            raise ValueError(
                f"names unknown state {unknown[0]} (allowed: {', '.join(self.choices)})"
            )
        if len(set(items)) != len(items) or not items:
            raise ValueError("must list each state at most once and at least one state")
        return items

    def describe(self) -> str:
        return f"a comma-separated ordering of {', '.join(self.choices)}"

    def render(self, value: Any) -> str:
        return ", ".join(value)


@dataclass(frozen=True)
class Choice(Kind):
    choices: tuple[str, ...]

    def parse(self, raw: Any) -> str:
        if not isinstance(raw, str) or raw.strip() not in self.choices:
            raise ValueError(f"is not one of {', '.join(self.choices)}")
        return raw.strip()

    def describe(self) -> str:
        return f"one of {', '.join(self.choices)}"


#: The longest service-level bucket: a day.
MAX_BUCKET_SECONDS = 86400


@dataclass(frozen=True)
class SecondsList(Kind):
    """Comma-separated whole seconds (1 to a day), kept sorted and distinct: answer-time buckets."""

    def parse(self, raw: Any) -> tuple[int, ...]:
        parts = [part.strip() for part in str(raw).split(",")] if raw is not None else []
        if not parts or not all(part.isdigit() for part in parts):
            raise ValueError("is not a comma-separated list of whole seconds")
        values = tuple(sorted({int(part) for part in parts}))
        if values[0] < 1 or values[-1] > MAX_BUCKET_SECONDS:
            raise ValueError(f"has a bucket outside 1..{MAX_BUCKET_SECONDS} seconds")
        return values

    def describe(self) -> str:
        return "comma-separated whole seconds"

    def render(self, value: Any) -> str:
        return ", ".join(str(seconds) for seconds in value)


@dataclass(frozen=True)
class QueueSecondsLists(Kind):
    """`QUEUE: s, s, ...; QUEUE: s, ...`: a seconds list per queue (its RESOURCE_NAME)."""

    def parse(self, raw: Any) -> dict[str, tuple[int, ...]]:
        if raw is None or not str(raw).strip():
            return {}
        found: dict[str, tuple[int, ...]] = {}
        for entry in (part.strip() for part in str(raw).split(";") if part.strip()):
            queue, colon, seconds = entry.rpartition(":")
            if not colon or not queue.strip():
                raise ValueError(f"entry {entry!r} is not QUEUE: seconds, seconds, ...")
            try:
                found[queue.strip()] = SecondsList().parse(seconds)
            except ValueError as error:
                raise ValueError(f"entry {entry!r} {error}") from None
        return found

    def describe(self) -> str:
        return "QUEUE: seconds, ...; QUEUE: seconds, ..."

    def render(self, value: Any) -> str:
        return "; ".join(
            f"{queue}: {SecondsList().render(seconds)}" for queue, seconds in value.items()
        )
