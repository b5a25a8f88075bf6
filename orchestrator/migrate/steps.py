"""The ordered migrations: each brings the Info Mart to one schema version. Every run of
Job_MigrateGIM first creates what initialisation creates when missing (control tables and
columns, GIDB tables, fixed dimensions, the calendar), so a version that only adds those has
nothing more to do; a version that changes what the facts hold rebuilds them (once per run: the
last such version's rebuild, from the GIDB rows with this release's models, covers the earlier
ones)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from psycopg import sql

from ..aggregate.requests import PENDING_FLAG
from ..catalogue import DATE_TIME
from ..db import qualified
from ..job_runner import JobContext
from .rebuild import rebuild_from_gidb
from .versions import version_tuple

#: The hierarchies whose measures come from the agents' INTERACTION_RESOURCE_FACT rows.
WARM_HIERARCHIES = "H_AGENT,H_AGENT_GRP,H_AGENT_QUEUE,H_AGENT_CAMPAIGN,H_ID"


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


def _stored_days(ctx: JobContext, fact: str) -> tuple[date, date] | None:
    """The first and last calendar days of `fact`'s rows (by START_DATE_TIME_KEY); None when it
    has none."""
    first, last = ctx.conn.execute(
        sql.SQL(
            "select min(calendar.cal_date), max(calendar.cal_date) from {} as calendar"
            " where calendar.date_time_key in (select min(start_date_time_key) from {}"
            " union select max(start_date_time_key) from {})"
        ).format(
            qualified(ctx.schema, DATE_TIME),
            qualified(ctx.schema, fact),
            qualified(ctx.schema, fact),
        )
    ).fetchone()
    return None if first is None else (first, last)


def queue_groups_to_aggregate(ctx: JobContext) -> list[str]:
    """AG2_QUEUE_GRP starts with the DN-group memberships the next Job_ExtractICON reads
    (GCX_GROUP_ENDPOINT is new): the request that fills it for the days already stored."""
    days = _stored_days(ctx, "mediation_segment_fact")
    if days is None:
        return ["no queue stays stored yet: AG2_QUEUE_GRP fills as they come"]
    return [
        "AG2_QUEUE_GRP holds the days aggregated from now on; once Job_ExtractICON has read"
        " the DN groups, fill the days stored with"
        f" `gim job run Job_AggregateGIM {PENDING_FLAG} H_QUEUE_GRP:{days[0]}:{days[1]}`"
    ]


def warm_consultations_to_reaggregate(ctx: JobContext) -> list[str]:
    """The agent aggregates tell warm consultations from cold ones from now on; the days already
    aggregated count them all as cold: the request that aggregates them again."""
    days = _stored_days(ctx, "interaction_resource_fact")
    if days is None:
        return ["no interactions stored yet: the agent aggregates count warm consultations"]
    return [
        "the agent aggregates tell warm consultations from cold ones in the days aggregated"
        " from now on; restate the days stored with"
        f" `gim job run Job_AggregateGIM {PENDING_FLAG} {WARM_HIERARCHIES}:{days[0]}:{days[1]}`"
    ]


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
        " RAA's ACCEPTED_UNIQUE, ACCEPTED_THREAD, RESPONSES, REJECTED and warm consultation"
        " measures; AG2_QUEUE's REDIRECTED and ROUTED_OTHER",
        rebuild_from_gidb,
    ),
    Migration(
        "1.5.0",
        "GIDB_GCX_GROUP_ENDPOINT, DN groups in RESOURCE_GROUP_FACT_, the H_QUEUE_GRP hierarchy"
        " (AG2_QUEUE_GRP_*)",
        queue_groups_to_aggregate,
    ),
    Migration(
        "1.6.0",
        "warm consultations received (CONSULT_RCV_*WARM*) told from cold ones in the agent"
        " aggregates",
        warm_consultations_to_reaggregate,
    ),
)


def pending(recorded: str) -> list[Migration]:
    """The migrations an Info Mart of schema `recorded` still needs, oldest first."""
    return [m for m in MIGRATIONS if version_tuple(m.version) > version_tuple(recorded)]


def rebuilds(migration: Migration) -> bool:
    return migration.apply is rebuild_from_gidb
