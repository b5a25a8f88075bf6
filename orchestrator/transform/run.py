"""Transformation: GIDB into the dimensional model, incrementally, through dbt.

Each run rebuilds what the GIDB rows written since the last completed transform touch (whole
sessions, whole interactions): the window starts above the highest audit key the previous run
recorded in CTL_TRANSFORM_HISTORY and ends at the newest committed one. A run that dies leaves no
history, so the next one covers its window again; rebuilding is idempotent (delete, then insert
the same rows), so nothing doubles. Rows the [error-policy] options discard are recorded in
STG_TRANSFORM_DISCARDS; a category set to fail stops the job before any fact is written.
"""

from __future__ import annotations

from psycopg import sql

from ..catalogue import TAG_TRANSFORM, TRANSFORM_DISCARDS_FOUND, TRANSFORM_ERRORS_FOUND
from ..control import discards, history, views
from ..db import qualified
from ..dbt_runner import NodeResult
from ..dbt_vars import transform_vars
from ..errors import JobFailed
from ..gidb.schema import create_statements
from ..job_runner import JobContext
from ..standing_views import excluding, view_definitions
from .calendar_cover import cover_the_data

#: How many failing rows a fail-policy error names.
NAMED_ERRORS = 3


def stop_on_failing_errors(ctx: JobContext, failing: list[str]) -> None:
    """Raise JobFailed naming the first errors this run found in the `failing` categories."""
    rows = ctx.conn.execute(
        sql.SQL(
            "select error_category, source_table, source_key, data_source_key, reason,"
            " count(*) over () from {} where error_category = any(%s)"
            " order by error_category, source_table, source_key limit %s"
        ).format(qualified(ctx.schema, TRANSFORM_ERRORS_FOUND)),
        (failing, NAMED_ERRORS),
    ).fetchall()
    if rows:
        named = "; ".join(
            f"{table} row {key} of data source {source}: {reason}"
            for _, table, key, source, reason, _ in rows
        )
        raise JobFailed(
            f"{rows[0][5]} rows in error-policy categories set to fail"
            f" ({', '.join(sorted({row[0] for row in rows}))}); nothing was written: {named}"
        )


def transform_all(ctx: JobContext) -> None:
    """Rebuild what the GIDB rows committed since the last completed transform touch; the job's
    summary lines go to `ctx.summary`."""
    tables = ctx.dbt.catalogue().transform_tables
    for statement in create_statements(ctx.schema):
        ctx.conn.execute(statement)
    start = history.transform_mark(ctx.conn, ctx.schema, ctx.job_name, tables)
    end = history.committed_audit_key(ctx.conn, ctx.schema)
    audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
    variables = {
        "audit_key": audit_key,
        "transform_audit_from": start,
        # Comments on the incremental tables when they are first built (macros/persist_docs).
        "persist_docs": start == 0,
        **transform_vars(ctx.config),
    }
    # Models only: the data tests read whole tables, so they run in CI and on demand
    # (`dbt test --select tag:transform tag:initialize`), not every cycle (docs/decisions.md).
    grown = cover_the_data(ctx, start, end, audit_key)  # before any fact takes a date key
    if grown:
        ctx.summary.append(grown)
    failing = [name for name, policy in variables["error_policy"].items() if policy == "fail"]
    definitions = view_definitions(ctx.dbt.manifest(), TAG_TRANSFORM)
    unchanged = views.standing_views(ctx.conn, ctx.schema, definitions)
    results: list[NodeResult] = []
    if failing:
        # Find this run's errors first; the facts are built only when none must stop the job.
        errors_first = f"+{TRANSFORM_ERRORS_FOUND}"
        results += ctx.dbt.run("run", errors_first, variables, excluding(unchanged))
        stop_on_failing_errors(ctx, failing)
        unchanged += (errors_first,)
    results += ctx.dbt.run("run", TAG_TRANSFORM, variables, excluding(unchanged))
    views.record_views(ctx.conn, ctx.schema, ctx.job_id, results, definitions)
    # The rows the models refused, with their reasons, into STG_TRANSFORM_DISCARDS.
    discarded = discards.record_discards(
        ctx.conn, ctx.schema, ctx.job_id, audit_key, TRANSFORM_DISCARDS_FOUND
    )
    written = {
        node.name: history.stamped_rows(ctx.conn, ctx.schema, node.name, audit_key)
        for node in results
        if node.resource_type == "model" and node.name in tables
    }
    history.record_built_tables(
        ctx.conn, ctx.schema, ctx.job_id, ctx.job_name, results, written, audit_key, end
    )
    history.close_audit(ctx.conn, ctx.schema, audit_key, sum(written.values()) + discarded)
    window = "all GIDB rows" if start == 0 else f"GIDB rows above audit key {start}"
    ctx.summary.append(
        f"{sum(written.values())} rows written into {len(written)} tables ({window})"
    )
    ctx.summary += [f"{name.upper()}: {written[name]}" for name in written if written[name]]
    if discarded:
        ctx.summary.append(f"{discarded} rows discarded: see STG_TRANSFORM_DISCARDS")
