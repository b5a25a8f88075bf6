"""Job_MigrateGIM: an Info Mart of an older schema brought to this release's: what initialisation
creates, then the ordered migrations (orchestrator/migrate/), then the indexes extraction needs
in every enabled IDB (orchestrator/extract/indexes.py)."""

from __future__ import annotations

from ..control import history
from ..extract.indexes import ensure_configured_idbs_indexes
from ..job_runner import JobContext
from ..migrate.run import migrate_all
from ..migrate.versions import MIGRATE
from .initialize import InitializeGIM


class MigrateGIM:
    name = MIGRATE

    def bootstrap(self, ctx: JobContext) -> None:
        """The control tables extended before the history row is written."""
        InitializeGIM().bootstrap(ctx)

    def run(self, ctx: JobContext) -> None:
        recorded = history.schema_version(ctx.conn, ctx.schema)
        assert recorded is not None  # the job runner sends an unversioned one to `gim init`
        InitializeGIM().create_missing(ctx)
        migrate_all(ctx, recorded)
        ctx.summary += ensure_configured_idbs_indexes(ctx.config)
