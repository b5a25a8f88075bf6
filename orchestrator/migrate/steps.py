"""The ordered migrations: each brings the Info Mart to one schema version. Every run of
Job_MigrateGIM first creates what initialisation creates when missing (control tables and
columns, GIDB tables, fixed dimensions, the calendar), so a version that only adds those has
nothing more to do; a version that changes what the facts hold rebuilds them (once per run: the
last such version's rebuild, from the GIDB rows with this release's models, covers the earlier
ones')."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..job_runner import JobContext
from .rebuild import rebuild_from_gidb
from .versions import version_tuple


@dataclass(frozen=True)
class Migration:
    #: The schema version the Info Mart holds once the migration has run.
    version: str
    #: What the version brings, for the job's summary.
    purpose: str
    #: The work beyond the additive creation; the summary lines (safe to run again: a migration
    #: killed midway is run again whole by the next Job_MigrateGIM).
    apply: Callable[[JobContext], list[str]]


def additive_only(ctx: JobContext) -> list[str]:
    """Nothing beyond the control tables and columns every migration creates first."""
    return []


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "1.1.0",
        "CTL_CALENDAR, CTL_ETL_HISTORY.JOB_SUMMARY, ADMIN_IDB_RETENTION_DAYS",
        additive_only,
    ),
    Migration(
        "1.2.0",
        "CTL_GDPR_REQUEST; CTL_GDPR_HISTORY's SUBJECT_TYPE, PII_KIND and REDACTED_VALUE",
        additive_only,
    ),
    Migration(
        "1.3.0",
        "every column the schema notes list for the facts, INTERACTION_RESOURCE_FACT rows of"
        " mediation resources, RAA's consult and conference measures",
        rebuild_from_gidb,
    ),
    Migration(
        "1.4.0",
        "ANCHOR_FLAGS, INTERACTION_RESOURCE_FACT.ANCHOR_FLAGS_KEY and RES_PREVIOUS_SM_STATE_*;"
        " RAA's ACCEPTED_UNIQUE,"
        " ACCEPTED_THREAD, RESPONSES, REJECTED and warm consultation measures; AG2_QUEUE's"
        " REDIRECTED and ROUTED_OTHER",
        rebuild_from_gidb,
    ),
)


def pending(recorded: str) -> list[Migration]:
    """The migrations an Info Mart of schema `recorded` still needs, oldest first."""
    return [m for m in MIGRATIONS if version_tuple(m.version) > version_tuple(recorded)]


def rebuilds(migration: Migration) -> bool:
    return migration.apply is rebuild_from_gidb
