"""Aggregation: the facts into AG2_<HIERARCHY>_<LEVEL> aggregates, incrementally, through dbt.

Each run rebuilds the 15-minute intervals that fact rows written since the last completed
aggregation touch, and every hour, day, month, quarter and year holding one of them; a killed run
leaves no history, so the next one covers its window again. Requests (requests.py) re-aggregate
day ranges of some aggregate sets.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import AGGREGATE_PENDING, TAG_AGGREGATE
from ..control import history, purges, views
from ..control.calendars import refuse_mixed_calendars
from ..dbt_vars import aggregate_vars
from ..job_runner import JobContext
from ..standing_views import excluding, view_definitions
from .requests import epoch_range, parse_parameters, refuse_purged


def aggregate_all(ctx: JobContext) -> None:
    """Rebuild the aggregates' pending periods (and the requested ranges of the job's
    -insertPendingAgg parameters); the job's summary lines go to `ctx.summary`."""
    catalogue = ctx.dbt.catalogue()
    aggregates = catalogue.aggregate_tables
    requests = parse_parameters(ctx.parameters, catalogue)  # a bad request stops the job here
    refuse_mixed_calendars(ctx.conn, ctx.schema, ctx.config)
    ranges = [epoch_range(ctx.conn, ctx.schema, request) for request in requests]
    horizon = purges.purge_horizon(ctx.conn, ctx.schema, catalogue.purged_facts)
    for request, (first_key, _) in zip(requests, ranges, strict=True):
        refuse_purged(request, first_key, horizon)
    models = sorted({model for request in requests for model in request.models})
    regular = not requests or set(models) == set(aggregates)
    start = history.transform_mark(ctx.conn, ctx.schema, ctx.job_name, aggregates)
    end = history.committed_audit_key(ctx.conn, ctx.schema)
    audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
    variables: dict[str, Any] = {
        "audit_key": audit_key,
        # A request for some sets only rebuilds its ranges; fact changes wait for a regular run.
        "aggregate_audit_from": start if regular else end,
        "persist_docs": start == 0,
        "aggregate_ranges": [list(each) for each in ranges],
        # Intervals older than the newest purge of the facts keep the aggregates they have.
        "aggregate_floor_key": horizon,
        **aggregate_vars(ctx.config),
    }
    if regular:
        definitions = view_definitions(ctx.dbt.manifest(), TAG_AGGREGATE)
        unchanged = views.standing_views(ctx.conn, ctx.schema, definitions)
        results = ctx.dbt.run("run", TAG_AGGREGATE, variables, excluding(unchanged))
        views.record_views(ctx.conn, ctx.schema, ctx.job_id, results, definitions)
    else:
        results = ctx.dbt.run("run", " ".join([AGGREGATE_PENDING, *models]), variables)
    written = {
        node.name: history.stamped_rows(ctx.conn, ctx.schema, node.name, audit_key)
        for node in results
        if node.resource_type == "model" and node.name in aggregates
    }
    if regular:
        history.record_built_tables(
            ctx.conn, ctx.schema, ctx.job_id, ctx.job_name, results, written, audit_key, end
        )
    history.close_audit(ctx.conn, ctx.schema, audit_key, sum(written.values()))
    if regular:
        scope = "all facts" if start == 0 else f"facts above audit key {start}"
        scope += f" and {len(ranges)} requested day ranges" if ranges else ""
    else:
        scope = f"{len(ranges)} requested day ranges of {len(models)} tables"
    ctx.summary.append(
        f"{sum(written.values())} aggregate rows written into {len(written)} tables ({scope})"
    )
