"""Job_AggregateGIM's `-insertPendingAgg <AGR_SET>:<START>:<END>` requests: re-aggregate the
local days START to END (DATE_TIME's calendar) of an aggregate set, or of all (ALLSETS).

A set is `<HIERARCHY_NAME>-<AGG_LEVEL>[.Flavor]` as the operations guide spells it: a
comma-separated list of hierarchies (or none: every hierarchy), a level (SUBHOUR, HOUR, DAY,
MONTH, QUARTER, YEAR; our table suffixes SUBHR and QRTR are taken too) and an optional flavor,
Online or Offline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import psycopg
from psycopg import sql

from ..catalogue import DATE_TIME, Catalogue
from ..db import qualified
from ..errors import GimError

PENDING_FLAG = "-insertPendingAgg"
ALL_SETS = "ALLSETS"
_REQUEST = re.compile(
    r"^(?P<set>[A-Za-z_,]*(?:-[A-Za-z]+)?(?:\.\w+)?):(?P<start>[^:]+):(?P<end>[^:]+)$"
)
#: The guide's level names for our table suffixes.
LEVEL_NAMES = {"subhour": "subhr", "quarter": "qrtr"}
#: Flavors the guide names. Our aggregates are not split by flavor: a flavored request rebuilds
#: the whole set for its days, both flavors included (rebuilding is idempotent).
FLAVORS = ("online", "offline")
#: Spellings one edition of the guide uses for the campaign hierarchies.
HIERARCHY_SPELLINGS = {"agent_campagn": "agent_campaign", "campagn": "campaign"}


@dataclass(frozen=True)
class PendingRange:
    """One -insertPendingAgg request: the aggregate tables it names and its local days."""

    models: tuple[str, ...]
    first_day: date
    last_day: date


def aggregate_set_models(name: str, catalogue: Catalogue) -> tuple[str, ...]:
    """The aggregate models of ALLSETS or `<HIERARCHIES>[-<LEVEL>][.Flavor]`: every level of
    each hierarchy named (every hierarchy when none is), or the level named with the levels it
    is summed from."""
    if name.upper() == ALL_SETS:
        return catalogue.aggregate_tables
    body, _, flavor = name.partition(".")
    if flavor and flavor.lower() not in FLAVORS:
        raise GimError(f"{PENDING_FLAG}: no flavor {flavor!r} (Online or Offline)")
    names, _, level = body.lower().partition("-")
    hierarchies = [_hierarchy(each, catalogue) for each in names.split(",") if each] or list(
        catalogue.aggregate_hierarchies
    )
    if not names and not level:
        raise GimError(f"{PENDING_FLAG}: name a hierarchy, a level or ALLSETS")
    level = LEVEL_NAMES.get(level, level)
    if level and level not in catalogue.aggregate_levels:
        raise GimError(
            f"{PENDING_FLAG}: no level {level.upper()} (levels: SUBHOUR, HOUR, DAY, MONTH,"
            " QUARTER, YEAR)"
        )
    models: dict[str, None] = {}
    for hierarchy in hierarchies:
        if not level:
            models.update(
                dict.fromkeys(a.name for a in catalogue.aggregates if a.hierarchy == hierarchy)
            )
        elif catalogue.aggregate(hierarchy, level) is not None or names:
            models.update(dict.fromkeys(_summed_up_to(catalogue, hierarchy, level)))
    return tuple(models)


def _hierarchy(name: str, catalogue: Catalogue) -> str:
    hierarchy = name.removeprefix("h_")
    hierarchy = HIERARCHY_SPELLINGS.get(hierarchy, hierarchy)
    if hierarchy not in catalogue.aggregate_hierarchies:
        raise GimError(
            f"{PENDING_FLAG}: no aggregate hierarchy H_{hierarchy.upper()} (available: ALLSETS, "
            + ", ".join(f"H_{h.upper()}" for h in catalogue.aggregate_hierarchies)
            + ")"
        )
    return hierarchy


def _summed_up_to(catalogue: Catalogue, hierarchy: str, level: str) -> tuple[str, ...]:
    """The aggregate of `level` with those it is summed from, finest first."""
    aggregate = catalogue.aggregate(hierarchy, level)
    if aggregate is None:
        raise GimError(f"{PENDING_FLAG}: H_{hierarchy.upper()} has no level {level.upper()}")
    below = aggregate.summed_from
    return (*(_summed_up_to(catalogue, hierarchy, below) if below else ()), aggregate.name)


def parse_parameters(parameters: tuple[str, ...], catalogue: Catalogue) -> list[PendingRange]:
    """The -insertPendingAgg requests among the job's parameters; anything else is an error."""
    requests = []
    remaining = list(parameters)
    while remaining:
        flag = remaining.pop(0)
        if flag.lower() != PENDING_FLAG.lower():
            raise GimError(
                f"Job_AggregateGIM: unknown parameter {flag!r} (expected {PENDING_FLAG})"
            )
        if not remaining:
            raise GimError(f"{PENDING_FLAG} needs <AGR_SET>:<START>:<END>")
        value = remaining.pop(0)
        match = _REQUEST.match(value)
        if match is None:
            raise GimError(
                f"{PENDING_FLAG} {value!r}: expected <AGR_SET>:<START>:<END>,"
                " e.g. ALLSETS:2026-03-01:2026-03-31"
            )
        try:
            first, last = date.fromisoformat(match["start"]), date.fromisoformat(match["end"])
        except ValueError as error:
            raise GimError(f"{PENDING_FLAG} {value!r}: dates are YYYY-MM-DD ({error})") from None
        if last < first:
            raise GimError(f"{PENDING_FLAG} {value!r}: END is before START")
        requests.append(PendingRange(aggregate_set_models(match["set"], catalogue), first, last))
    return requests


def epoch_range(conn: psycopg.Connection, schema: str, request: PendingRange) -> tuple[int, int]:
    """[start, end) in UTC epoch seconds of the request's local days, from DATE_TIME."""
    row = conn.execute(
        sql.SQL(
            "select min(date_time_key), max(date_time_key) + 900 from {}"
            " where cal_date between %s and %s"
        ).format(qualified(schema, DATE_TIME)),
        (request.first_day, request.last_day),
    ).fetchone()
    if row[0] is None:
        raise GimError(
            f"{PENDING_FLAG}: DATE_TIME has no day from {request.first_day} to"
            f" {request.last_day} (extend the calendar with Job_MaintainGIM)"
        )
    return row[0], row[1]


def refuse_purged(request: PendingRange, first_key: int, horizon: int) -> None:
    """A request reaching back before the newest purge of the facts (`horizon`, UTC epoch
    seconds) would rebuild aggregates from facts that are gone: refused, saying so."""
    if first_key < horizon:
        purged = datetime.fromtimestamp(horizon, UTC)
        raise GimError(
            f"{PENDING_FLAG} {request.first_day}..{request.last_day}: facts before"
            f" {purged:%Y-%m-%d %H:%M} UTC were purged by Job_MaintainGIM (days-to-keep-gim-facts);"
            " the aggregates up to then are kept as they are and cannot be rebuilt (ask from"
            f" {(purged + timedelta(days=1)).date()} on)"
        )
