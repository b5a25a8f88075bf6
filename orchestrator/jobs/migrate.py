"""Job_MigrateGIM: an Info Mart of an older schema brought to this release's: what initialisation
creates, then the ordered migrations (orchestrator/migrate/), then the indexes extraction needs
in every enabled IDB (orchestrator/extract/indexes.py). With -make-export-views, the export views
are made first, of the schema as it stands (orchestrator/export/views.py)."""

from __future__ import annotations

from ..control import history
from ..errors import GimError
from ..export.views import MAKE_FLAG, make_export_views
from ..extract.indexes import ensure_configured_idbs_indexes
from ..job_runner import JobContext
from ..migrate.run import migrate_all
from ..migrate.versions import MIGRATE
from .initialize import InitializeGIM


def export_views_asked(parameters: tuple[str, ...]) -> bool:
    """Whether the parameters ask for the export views; GimError naming any other."""
    for word in parameters:
        if word != MAKE_FLAG:
            raise GimError(f"{MIGRATE}: unknown parameter {word!r} (expected {MAKE_FLAG})")
    return bool(parameters)


class MigrateGIM:
    name = MIGRATE
    #: -make-export-views.
    takes_parameters = True

    def bootstrap(self, ctx: JobContext) -> None:
        """The control tables extended before the history row is written (a bad parameter stops
        the job before)."""
        export_views_asked(ctx.parameters)
        InitializeGIM().bootstrap(ctx)

    def run(self, ctx: JobContext) -> None:
        recorded = history.schema_version(ctx.conn, ctx.schema)
        assert recorded is not None  # the job runner sends an unversioned one to `gim init`
        if export_views_asked(ctx.parameters):
            exported = ctx.dbt.catalogue().exported_tables
            ctx.summary.append(make_export_views(ctx.conn, ctx.schema, exported))
        InitializeGIM().create_missing(ctx)
        migrate_all(ctx, recorded)
        ctx.summary += ensure_configured_idbs_indexes(ctx.config)
