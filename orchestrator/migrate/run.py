"""Job_MigrateGIM's work: the pending migrations in order, each recorded in CTL_SCHEMA_VERSION
once it has completed, so that a killed run resumes at the first one not recorded."""

from __future__ import annotations

from .. import MIN_IDB_SCHEMA_VERSION, RELEASE, SCHEMA_VERSION
from ..control import history
from ..job_runner import JobContext
from .steps import pending, rebuilds


def migrate_all(ctx: JobContext, recorded: str) -> None:
    """Run the migrations an Info Mart of schema `recorded` needs (after the additive creation);
    the summary lines go to `ctx.summary`."""
    todo = pending(recorded)
    if not todo:
        ctx.summary.append(f"schema {recorded} is this release's: nothing to migrate")
        return
    last_rebuild = next((m for m in reversed(todo) if rebuilds(m)), None)
    for migration in todo:
        ctx.echo(f"{ctx.job_name}: schema {migration.version}: {migration.purpose}")
        if rebuilds(migration) and migration is not last_rebuild:
            assert last_rebuild is not None
            lines = [f"the facts and aggregates are rebuilt once, by {last_rebuild.version}"]
        else:
            lines = migration.apply(ctx)
        history.record_schema_version(
            ctx.conn, ctx.schema, ctx.job_id, migration.version, MIN_IDB_SCHEMA_VERSION, RELEASE
        )
        ctx.summary.append(f"schema {migration.version}: {migration.purpose}")
        ctx.summary += [f"  {line}" for line in lines]
    ctx.summary.insert(0, f"schema {recorded} migrated to {SCHEMA_VERSION}")
