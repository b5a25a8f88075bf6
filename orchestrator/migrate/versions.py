"""Schema versions: comparing them, and the one-line refusal every job but Job_MigrateGIM (and the
server, unless on-demand-migration) gives an Info Mart of another schema."""

from __future__ import annotations

import psycopg

from .. import RELEASE, SCHEMA_VERSION
from ..control import history
from ..errors import SchemaOutOfDate
from ..scheduler import INITIALIZE, MIGRATE

MIGRATE_COMMAND = f"gim job run {MIGRATE}"


def version_tuple(text: str) -> tuple[int, ...]:
    """'1.10.0' as (1, 10, 0), so that versions compare as numbers."""
    return tuple(int(part) for part in text.split("."))


def schema_is_older(recorded: str) -> bool:
    """Whether a recorded schema version is older than this release's."""
    return version_tuple(recorded) < version_tuple(SCHEMA_VERSION)


def refuse_other_schema_version(recorded: str | None, job_name: str = "") -> None:
    """Jobs run only on an Info Mart of this release's schema; Job_MigrateGIM also on an older
    one. None (a new Info Mart, or one older than versioning) is left to initialisation. A newer
    schema is refused to every job."""
    if recorded is None or recorded == SCHEMA_VERSION:
        return
    if not schema_is_older(recorded):
        raise SchemaOutOfDate(
            f"the Info Mart's schema is {recorded}, newer than this release's ({RELEASE}, schema"
            f" {SCHEMA_VERSION}): run the release that built it"
        )
    if job_name != MIGRATE:
        raise SchemaOutOfDate(out_of_date(recorded))


def out_of_date(recorded: str) -> str:
    """The one line naming both versions and the command that migrates."""
    return (
        f"the Info Mart's schema is {recorded}; this release ({RELEASE}) needs {SCHEMA_VERSION}:"
        f" run `{MIGRATE_COMMAND}`"
    )


def job_the_schema_needs(conn: psycopg.Connection, schema: str) -> tuple[str | None, str | None]:
    """Before anything else runs: Job_InitializeGIM for a new Info Mart, Job_MigrateGIM for one
    of an older schema, else None; with the schema version recorded."""
    if not history.has_job_history(conn, schema):
        return INITIALIZE, None
    found = history.schema_version(conn, schema)
    if found is not None and schema_is_older(found):
        return MIGRATE, found
    return None, found
