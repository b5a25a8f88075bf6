"""Job_AggregateGIM: the facts into AG2_<HIERARCHY>_<LEVEL> aggregates, incrementally, through dbt.

Each run rebuilds the 15-minute intervals that fact rows written since the last completed
aggregation touch, and every hour, day, month, quarter and year holding one of them; a killed run
leaves no history, so the next one covers its window again. `-insertPendingAgg
<AGR_SET>:<START>:<END>` re-aggregates the local days START to END (DATE_TIME's calendar) of one
aggregate set, or of all (ALLSETS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg import sql

from .. import history, tables
from ..db import qualified
from ..errors import GimError
from .base import JobContext, record_built_tables, stamped_rows
from .standing_views import excluding, record_views, standing_views, view_definitions

PENDING_FLAG = "-insertPendingAgg"
ALL_SETS = "ALLSETS"
#: The level each level above SUBHR is summed from (the refs of models/aggregates/; a test holds
#: the two to the same chain).
SUMMED_FROM = {"hour": "subhr", "day": "subhr", "month": "day", "qrtr": "month", "year": "qrtr"}
_REQUEST = re.compile(
    r"^(?P<set>[A-Za-z_]+(?:-[A-Za-z]+)?(?:\.\w+)?):(?P<start>[^:]+):(?P<end>[^:]+)$"
)


@dataclass(frozen=True)
class PendingRange:
    """One -insertPendingAgg request: the aggregate tables it names and its local days."""

    models: tuple[str, ...]
    first_day: date
    last_day: date


def aggregate_set_models(name: str) -> tuple[str, ...]:
    """The aggregate models of ALLSETS, `H_<HIERARCHY>` or `H_<HIERARCHY>-<LEVEL>` (the H_ and a
    .Flavor suffix optional): a level is rebuilt with the levels it is summed from."""
    if name.upper() == ALL_SETS:
        return tables.AGGREGATE_TABLES
    hierarchy, _, level = name.split(".")[0].lower().partition("-")
    hierarchy = hierarchy.removeprefix("h_")
    if hierarchy not in tables.AGGREGATE_HIERARCHIES:
        raise GimError(
            f"{PENDING_FLAG}: no aggregate hierarchy H_{hierarchy.upper()} (available: ALLSETS, "
            + ", ".join(f"H_{h.upper()}" for h in tables.AGGREGATE_HIERARCHIES)
            + ")"
        )
    if not level:
        return tuple(f"ag2_{hierarchy}_{each}" for each in tables.AGGREGATE_LEVELS)
    if level not in tables.AGGREGATE_LEVELS:
        raise GimError(
            f"{PENDING_FLAG}: no level {level.upper()} (levels: "
            + ", ".join(each.upper() for each in tables.AGGREGATE_LEVELS)
            + ")"
        )
    return tuple(f"ag2_{hierarchy}_{each}" for each in _levels_up_to(level))


def _levels_up_to(level: str) -> tuple[str, ...]:
    """The levels `level` is summed from, and itself, lowest first."""
    below = SUMMED_FROM.get(level)
    return (*(_levels_up_to(below) if below else ()), level)


def parse_parameters(parameters: tuple[str, ...]) -> list[PendingRange]:
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
        requests.append(PendingRange(aggregate_set_models(match["set"]), first, last))
    return requests


def epoch_range(ctx: JobContext, request: PendingRange) -> tuple[int, int]:
    """[start, end) in UTC epoch seconds of the request's local days, from DATE_TIME."""
    row = ctx.conn.execute(
        sql.SQL(
            "select min(date_time_key), max(date_time_key) + 900 from {}"
            " where cal_date between %s and %s"
        ).format(qualified(ctx.schema, tables.DATE_TIME)),
        (request.first_day, request.last_day),
    ).fetchone()
    if row[0] is None:
        raise GimError(
            f"{PENDING_FLAG}: DATE_TIME has no day from {request.first_day} to"
            f" {request.last_day} (extend the calendar with Job_MaintainGIM)"
        )
    return row[0], row[1]


class AggregateGIM:
    name = "Job_AggregateGIM"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        requests = parse_parameters(ctx.parameters)  # a bad request stops the job here
        ranges = [epoch_range(ctx, request) for request in requests]
        models = sorted({model for request in requests for model in request.models})
        regular = not requests or set(models) == set(tables.AGGREGATE_TABLES)
        start = history.transform_mark(ctx.conn, ctx.schema, self.name, tables.AGGREGATE_TABLES)
        end = history.committed_audit_key(ctx.conn, ctx.schema)
        audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
        variables: dict[str, Any] = {
            "audit_key": audit_key,
            # A request for some sets only rebuilds its ranges; fact changes wait for a regular run.
            "aggregate_audit_from": start if regular else end,
            "persist_docs": start == 0,
            "aggregate_ranges": [list(each) for each in ranges],
            "service_level_buckets": list(ctx.config["gim-aggregate.service-level-buckets"]),
            "queue_service_level_buckets": {
                queue: list(seconds)
                for queue, seconds in ctx.config[
                    "gim-aggregate.queue-service-level-buckets"
                ].items()
            },
        }
        if regular:
            views = view_definitions(ctx.dbt.manifest(), tables.TAG_AGGREGATE)
            unchanged = standing_views(ctx, views)
            results = ctx.dbt.run("run", tables.TAG_AGGREGATE, variables, excluding(unchanged))
            record_views(ctx, results, views)
        else:
            results = ctx.dbt.run("run", " ".join([tables.AGGREGATE_PENDING, *models]), variables)
        written = {
            node.name: stamped_rows(ctx, node.name, audit_key)
            for node in results
            if node.resource_type == "model" and node.name in tables.AGGREGATE_TABLES
        }
        if regular:
            record_built_tables(ctx, results, written, audit_key, max_source_audit_key=end)
        history.close_audit(ctx.conn, ctx.schema, audit_key, sum(written.values()))
        if regular:
            scope = "all facts" if start == 0 else f"facts above audit key {start}"
            scope += f" and {len(ranges)} requested day ranges" if ranges else ""
        else:
            scope = f"{len(ranges)} requested day ranges of {len(models)} tables"
        ctx.summary.append(
            f"{sum(written.values())} aggregate rows written into {len(written)} tables ({scope})"
        )
