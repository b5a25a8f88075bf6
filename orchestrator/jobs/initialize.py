"""Job_InitializeGIM: control schema, GIDB tables, the first partitions (partitioning-enabled),
fixed dimensions, DATE_TIME calendar, schema version."""

from __future__ import annotations

from psycopg import sql

from .. import MIN_IDB_SCHEMA_VERSION, RELEASE, SCHEMA_VERSION
from ..calendar import calendar_vars
from ..catalogue import DATE_TIME, TAG_CONTROL, TAG_INITIALIZE
from ..control import history
from ..control.calendars import refuse_mixed_calendars
from ..db import qualified
from ..gidb.schema import create_statements
from ..job_runner import INITIALIZE, JobContext
from ..maintain.calendar import adopt_unrecorded, record_built
from ..partitions.layout import enabled as partitioning_enabled
from ..partitions.upkeep import first_set


class InitializeGIM:
    name = INITIALIZE

    def bootstrap(self, ctx: JobContext) -> None:
        """Create (or extend) the control tables and admin views before history is written."""
        ctx.dbt.run("run", TAG_CONTROL, {"persist_docs": True})

    def run(self, ctx: JobContext) -> None:
        stamped, variables = self.create_missing(ctx)
        if history.record_schema_version(
            ctx.conn, ctx.schema, ctx.job_id, SCHEMA_VERSION, MIN_IDB_SCHEMA_VERSION, RELEASE
        ):
            ctx.summary.append(f"schema version {SCHEMA_VERSION} recorded")
        ctx.summary.extend(self._describe(ctx, stamped, variables))

    def create_missing(self, ctx: JobContext) -> tuple[dict[str, int], dict[str, object]]:
        """Everything initialisation owns, created or extended (Job_MigrateGIM starts with it):
        the rows it stamped per table, and the dbt variables."""
        # GIDB too (empty until Job_ExtractICON fills it), so dbt's sources exist from the start.
        for statement in create_statements(ctx.schema):
            ctx.conn.execute(statement)
        if partitioning_enabled(ctx.config):
            ctx.summary.extend(
                first_set(
                    ctx.conn, ctx.uri, ctx.schema, ctx.dbt.catalogue(), ctx.config, ctx.clock()
                )
            )
        refuse_mixed_calendars(ctx.conn, ctx.schema, ctx.config)
        audit_key = history.open_audit(ctx.conn, ctx.schema, ctx.job_id)
        variables = {"audit_key": audit_key, "persist_docs": True, **calendar_vars(ctx.config)}
        results = ctx.dbt.run("build", TAG_INITIALIZE, variables)
        stamped = {
            name: history.stamped_rows(ctx.conn, ctx.schema, name, audit_key)
            for name in (*ctx.dbt.catalogue().fixed_dimensions, DATE_TIME)
        }
        min_key, max_key = self._stamped_key_range(ctx, audit_key)
        history.close_audit(
            ctx.conn, ctx.schema, audit_key, sum(stamped.values()), min_key, max_key
        )
        history.record_built_tables(
            ctx.conn, ctx.schema, ctx.job_id, ctx.job_name, results, stamped, audit_key
        )
        if stamped[DATE_TIME]:
            record_built(ctx)
        else:
            adopt_unrecorded(ctx)
        return stamped, variables

    def _stamped_key_range(self, ctx: JobContext, audit_key: int) -> tuple[int, int]:
        row = ctx.conn.execute(
            sql.SQL(
                "select min(date_time_key), max(date_time_key) from {} where create_audit_key = %s"
            ).format(qualified(ctx.schema, DATE_TIME)),
            (audit_key,),
        ).fetchone()
        return (row[0] or 0, row[1] or 0)

    def _describe(
        self, ctx: JobContext, stamped: dict[str, int], variables: dict[str, object]
    ) -> list[str]:
        first, last, total = ctx.conn.execute(
            sql.SQL("select min(cal_date), max(cal_date), count(*) from {}").format(
                qualified(ctx.schema, DATE_TIME)
            )
        ).fetchone()
        catalogue = ctx.dbt.catalogue()
        fixed_rows = sum(
            ctx.conn.execute(
                sql.SQL("select count(*) from {}").format(qualified(ctx.schema, name))
            ).fetchone()[0]
            for name in catalogue.fixed_dimensions
        )
        changed_fixed = sum(stamped[name] for name in catalogue.fixed_dimensions)
        return [
            f"control schema {ctx.schema}: {len(catalogue.control_tables)} control tables, "
            f"{len(catalogue.admin_views)} admin views",
            f"fixed dimensions: {len(catalogue.fixed_dimensions)} tables, {fixed_rows} rows "
            f"({changed_fixed} new or changed)",
            f"DATE_TIME ({variables['date_time_tz']}): {total} intervals from {first} to {last} "
            f"({stamped[DATE_TIME]} new)",
        ]
