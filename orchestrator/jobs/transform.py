"""Job_TransformGIM: GIDB into the dimensional model, incrementally, through dbt.

Each run rebuilds what the GIDB rows written since the last completed transform touch (whole
sessions, whole interactions): the window starts above the highest audit key the previous run
recorded in CTL_TRANSFORM_HISTORY and ends at the newest committed one. A run that dies leaves no
history, so the next one covers its window again; rebuilding is idempotent (delete, then insert
the same rows), so nothing doubles. Discards are recorded in STG_TRANSFORM_DISCARDS.
"""

from __future__ import annotations

from .. import history, tables
from ..config import Config
from ..gidb.schema import create_statements
from .base import JobContext, record_built_tables, stamped_rows


def populate_vars(config: Config) -> dict[str, int]:
    """The [gim-etl-populate] thresholds, as the dbt vars the facts read."""
    return {
        "short_abandoned_threshold": config["gim-etl-populate.short-abandoned-threshold"],
        "q_answer_threshold": config["gim-etl-populate.q-answer-threshold"],
    }


class TransformGIM:
    name = "Job_TransformGIM"

    def bootstrap(self, ctx: JobContext) -> None:
        """Nothing before the history row."""

    def run(self, ctx: JobContext) -> None:
        for statement in create_statements(ctx.schema):
            ctx.conn.execute(statement)
        start = history.transform_mark(ctx.conn, ctx.schema, self.name, tables.TRANSFORM_TABLES)
        end = history.committed_audit_key(ctx.conn, ctx.schema)
        audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
        variables = {
            "audit_key": audit_key,
            "transform_audit_from": start,
            **populate_vars(ctx.config),
        }
        # Models only: the data tests read whole tables, so they run in CI and on demand
        # (`dbt test --select tag:transform tag:initialize`), not every cycle (docs/decisions.md).
        results = ctx.dbt.run("run", tables.TAG_TRANSFORM, variables)
        # The rows the models refused, with their reasons, into STG_TRANSFORM_DISCARDS.
        discards = history.record_discards(
            ctx.conn, ctx.schema, ctx.job_id, audit_key, tables.TRANSFORM_DISCARDS_FOUND
        )
        written = {
            node.name: stamped_rows(ctx, node.name, audit_key)
            for node in results
            if node.resource_type == "model" and node.name in tables.TRANSFORM_TABLES
        }
        record_built_tables(ctx, results, written, audit_key, max_source_audit_key=end)
        history.close_audit(ctx.conn, ctx.schema, audit_key, sum(written.values()) + discards)
        window = "all GIDB rows" if start == 0 else f"GIDB rows above audit key {start}"
        ctx.summary.append(
            f"{sum(written.values())} rows written into {len(written)} tables ({window})"
        )
        ctx.summary += [f"{name.upper()}: {written[name]}" for name in written if written[name]]
        if discards:
            ctx.summary.append(f"{discards} rows discarded: see STG_TRANSFORM_DISCARDS")
