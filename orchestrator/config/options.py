"""Every option: section, name, kind (type and range), default and meaning. The one source of truth.

Names and sections keep the original product's spelling. Defaults marked [INF] in the reference
notes are decisions recorded in docs/decisions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import (
    Boolean,
    Choice,
    Cron,
    Duration,
    Integer,
    Kind,
    OrderedChoices,
    QueueSecondsLists,
    SecondsList,
    Text,
    TimeOfDay,
    TimeZone,
)

SM_RESOURCE_STATES = ("ACW", "NOT_READY", "BUSY", "READY")
#: What Job_TransformGIM may do with an error of one [error-policy] category.
ERROR_POLICIES = ("fix-up", "discard", "fail")


@dataclass(frozen=True)
class Option:
    section: str
    name: str
    kind: Kind
    default: Any
    help: str

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"


def _days(minimum: int = 1, maximum: int | None = None) -> Integer:
    return Integer(minimum, maximum, unit="days")


OPTIONS: tuple[Option, ...] = (
    # [schedule]: when the server launches jobs.
    Option(
        "schedule",
        "run-scheduler",
        Boolean(),
        False,
        "Whether `gim server` launches jobs on the schedule below.",
    ),
    Option(
        "schedule",
        "etl-start-time",
        TimeOfDay(),
        "06:30",
        "Time of day the first ETL cycle begins.",
    ),
    Option(
        "schedule",
        "etl-end-time",
        TimeOfDay(),
        "00:30",
        "Time of day the final ETL cycle begins (may be after midnight).",
    ),
    Option(
        "schedule",
        "etl-frequency",
        Integer(1, 1440, "minutes"),
        30,
        "Minutes between the starts of adjacent ETL cycles.",
    ),
    Option(
        "schedule", "timezone", TimeZone(), "GMT", "Time zone in which the schedule times are read."
    ),
    Option(
        "schedule",
        "run-maintain",
        Boolean(),
        True,
        "Whether the scheduler launches Job_MaintainGIM daily.",
    ),
    Option(
        "schedule",
        "maintain-start-time",
        TimeOfDay(),
        "03:00",
        "Time of day Job_MaintainGIM starts; must be outside the ETL window.",
    ),
    Option(
        "schedule",
        "run-aggregates",
        Boolean(),
        False,
        "Whether the scheduler runs Job_AggregateGIM.",
    ),
    Option(
        "schedule",
        "aggregate-schedule",
        Cron(),
        "0 1",
        'When Job_AggregateGIM starts, CRON "minute hour".',
    ),
    Option(
        "schedule",
        "aggregate-duration",
        Duration(),
        "05:00",
        "How long Job_AggregateGIM runs after each start, HH:mm.",
    ),
    Option(
        "schedule",
        "run-update-stats",
        Boolean(),
        False,
        "Whether the scheduler runs Job_UpdateStats.",
    ),
    Option(
        "schedule",
        "update-stats-schedule",
        Cron(),
        "0/10 *",
        'When Job_UpdateStats runs, CRON "minute hour".',
    ),
    Option("schedule", "run-export", Boolean(), False, "Whether the scheduler runs Job_ExportGIM."),
    Option(
        "schedule",
        "export-schedule",
        Cron(),
        "20 0/8",
        'When Job_ExportGIM runs, CRON "minute hour".',
    ),
    Option(
        "schedule",
        "on-demand-migration",
        Boolean(),
        False,
        "Whether Job_MigrateGIM runs by itself when the schema is out of date.",
    ),
    # [gim-etl]: extraction, transformation and retention.
    Option(
        "gim-etl",
        "extract-data-chunk-size",
        Integer(60, 7200, "seconds"),
        900,
        "Length of one extraction chunk (one transaction); at most two hours.",
    ),
    Option(
        "gim-etl",
        "extract-data-stuck-threshold",
        Integer(0, 604800, "seconds"),
        28800,
        "How long extraction waits for a silent data source before moving past it.",
    ),
    Option(
        "gim-etl",
        "extract-data-thread-pool-size",
        Integer(1, 256),
        32,
        "Most logical partitions extracted at once.",
    ),
    Option(
        "gim-etl",
        "extract-data-max-conn",
        Integer(1, 256),
        8,
        "Most connections opened to one IDB at once.",
    ),
    Option(
        "gim-etl",
        "delayed-data-threshold",
        Integer(60, 3600, "seconds"),
        900,
        "Seconds without data from an active source before it is reported as delayed.",
    ),
    Option(
        "gim-etl",
        "merge-wait-threshold",
        Integer(0, 86400, "seconds"),
        3600,
        "How long a voice call linked to another site waits for its partner before it is moved"
        " to GIDB without it (ours, see docs/decisions.md).",
    ),
    Option(
        "gim-etl", "days-to-keep-gim-facts", _days(), 400, "Days dimensional-model facts are kept."
    ),
    Option(
        "gim-etl",
        "days-to-keep-gidb-facts",
        _days(),
        14,
        "Days GIDB fact rows are kept; at most days-to-keep-gim-facts.",
    ),
    Option(
        "gim-etl",
        "days-to-keep-cfg-facts",
        _days(),
        400,
        "Days deleted configuration facts are kept; at least days-to-keep-gim-facts.",
    ),
    Option(
        "gim-etl",
        "days-to-keep-discards-and-job-history",
        _days(),
        600,
        "Days discard, audit and job-history rows are kept.",
    ),
    Option(
        "gim-etl",
        "days-to-keep-active-facts",
        _days(),
        30,
        "Days an active multimedia interaction lives before it is terminated artificially.",
    ),
    Option(
        "gim-etl",
        "days-to-keep-gdpr-history",
        _days(0, 30),
        15,
        "Days CTL_GDPR_HISTORY keeps the unredacted data of a GDPR request.",
    ),
    Option(
        "gim-etl",
        "gdpr-requests-directory",
        Text(hint="a folder path"),
        "gdpr",
        "Ours: folder of GDPR forget and export request files (*.json) Job_MaintainGIM"
        " processes; relative to the configuration file's folder (the working folder without"
        " one). Export files go to its `exported` subfolder.",
    ),
    Option(
        "gim-etl",
        "days-to-keep-deleted-annex",
        _days(),
        400,
        "Days deleted RESOURCE_ANNEX and GROUP_ANNEX rows are kept.",
    ),
    Option(
        "gim-etl",
        "partitioning-enabled",
        Boolean(),
        False,
        "Ours: PostgreSQL range partitions for the GIDB and dimensional-model fact tables, made"
        " by Job_InitializeGIM (which also converts an unpartitioned Info Mart) and kept ahead"
        " by Job_MaintainGIM.",
    ),
    Option(
        "gim-etl",
        "partitioning-interval-size-gidb",
        Integer(3600, 2678400, "seconds"),
        86400,
        "Partition size of voice GIDB tables.",
    ),
    Option(
        "gim-etl",
        "partitioning-interval-size-gidb-mm",
        Integer(3600, 2678400, "seconds"),
        86400,
        "Partition size of multimedia GIDB tables.",
    ),
    Option(
        "gim-etl",
        "partitioning-interval-size-gidb-ocs",
        Integer(3600, 2678400, "seconds"),
        86400,
        "Partition size of outbound GIDB tables.",
    ),
    Option(
        "gim-etl",
        "partitioning-interval-size-gim",
        Integer(3600, 2678400, "seconds"),
        86400,
        "Partition size of dimensional-model fact tables.",
    ),
    Option(
        "gim-etl",
        "partitioning-ahead-range",
        _days(1, 366),
        14,
        "Days ahead for which partitions are created.",
    ),
    # [gim-etl-populate]: thresholds the facts are measured against.
    Option(
        "gim-etl-populate",
        "short-abandoned-threshold",
        Integer(0, 3600, "seconds"),
        10,
        "An interaction abandoned within this many seconds of entering a queue is short-abandoned"
        " (SHORT_ABANDONED_FLAG).",
    ),
    Option(
        "gim-etl-populate",
        "q-answer-threshold",
        Integer(0, 86400, "seconds"),
        20,
        "Service objective: an interaction answered within this many seconds of entering a"
        " queue met it (MET_SERVICE_OBJECTIVE_FLAG, MET_THRESHOLD_FLAG).",
    ),
    Option(
        "gim-etl",
        "sm-resource-state-priority",
        OrderedChoices(SM_RESOURCE_STATES),
        "ACW, NOT_READY, BUSY, READY",
        "Which agent state wins when several hold at once, highest first.",
    ),
    Option(
        "gim-etl",
        "factor-dnd-into-sm-resource-states",
        Boolean(),
        False,
        "Whether do-not-disturb counts as not ready in the summarized agent states.",
    ),
    Option(
        "gim-etl",
        "max-thread-duration-after-inactive-in-days",
        _days(1, 3650),
        30,
        "Days after which an inactive multimedia thread is closed.",
    ),
    # [date-time]: the DATE_TIME calendar.
    Option(
        "date-time",
        "date-time-min-days-ahead",
        _days(),
        183,
        "When fewer days than this remain in the calendar, the next batch is added.",
    ),
    Option(
        "date-time",
        "date-time-max-days-ahead",
        _days(1, 3660),
        366,
        "How many days ahead of today the calendar is filled.",
    ),
    Option(
        "date-time",
        "date-time-tz",
        TimeZone(),
        "GMT",
        "Time zone of the calendar's local dates, hours and labels.",
    ),
    Option(
        "date-time",
        "date-time-start-year",
        Integer(1970, 2100),
        2024,
        "First year of the calendar (from 1 January, local time).",
    ),
    Option(
        "date-time",
        "first-day-of-week",
        Integer(1, 7),
        1,
        "First day of a week: 1 = Sunday ... 7 = Saturday.",
    ),
    Option(
        "date-time",
        "minimal-days-in-first-week",
        Integer(1, 7),
        1,
        "Days of the new year the first week must hold (when simple-week-numbering is false).",
    ),
    Option(
        "date-time",
        "simple-week-numbering",
        Boolean(),
        True,
        "Weeks restart at 1 on 1 January and the first and last week may be short.",
    ),
    # [gim-export]: Job_ExportGIM.
    Option(
        "gim-export",
        "output-directory",
        Text(hint="a folder path"),
        "output",
        "Folder the CSV archives are written to.",
    ),
    Option(
        "gim-export", "days-to-keep-output-files", _days(), 14, "Days exported archives are kept."
    ),
    Option(
        "gim-export",
        "use-export-views",
        Boolean(),
        False,
        "Whether the export reads the frozen export views.",
    ),
    Option(
        "gim-export",
        "chunk-size-seconds",
        Integer(60, 86400, "seconds"),
        3600,
        "Time span one export chunk covers.",
    ),
    Option(
        "gim-export",
        "max-retries",
        Integer(0, 100),
        3,
        "How often a failed export chunk is retried.",
    ),
    Option(
        "gim-export",
        "retry-delay-seconds",
        Integer(0, 3600, "seconds"),
        30,
        "Pause before a retry.",
    ),
    Option(
        "gim-export",
        "output-files-encoding",
        Text(
            pattern=r"(?i)utf-?8|utf-?16|latin-?1|ascii|cp1252",
            hint="utf8, utf16, latin1, ascii or cp1252",
        ),
        "utf8",
        "Character encoding of the CSV files.",
    ),
    Option(
        "gim-export",
        "start-date",
        Text(pattern=r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?", hint="a date yyyy-mm-dd"),
        None,
        "Earliest data exported when the output folder is empty (none: everything).",
    ),
    Option("gim-export", "thread-pool-size", Integer(1, 64), 10, "Tables exported at once."),
    # [gim-aggregate]: what Job_AggregateGIM counts (ours: the RAA options are not public).
    Option(
        "gim-aggregate",
        "service-level-buckets",
        SecondsList(),
        "10, 20, 30, 60",
        "Answer-time buckets, in seconds: AG2_QUEUE_* counts the answers within each"
        " (ACCEPTED_WITHIN_1 for the first, and so on), AG2_QUEUE_ABN_* the abandons.",
    ),
    Option(
        "gim-aggregate",
        "short-engagement-threshold",
        Integer(0, 3600, "seconds"),
        10,
        "An accepted interaction whose customer talk lasted at most this many seconds is a short"
        " engagement (AG2_AGENT_*.SHORT; RAA keeps it in AGR_SCFG); 0: none is.",
    ),
    Option(
        "gim-aggregate",
        "queue-service-level-buckets",
        QueueSecondsLists(),
        "",
        "Buckets of their own for some queues (by RESOURCE_NAME), as many as"
        " service-level-buckets has: `VQ_Sales: 15, 30, 45, 90; VQ_Email: 3600, ...`.",
    ),
    # [server]: `gim server`'s manager page, job control and /metrics (ours: the original's
    # Manager is a GAX plug-in).
    Option(
        "server",
        "host",
        Text(pattern=r"[A-Za-z0-9.:\-\[\]]+", hint="a host name or address"),
        "127.0.0.1",
        "Address the manager page and /metrics listen on; anything but loopback needs a token.",
    ),
    Option("server", "port", Integer(1, 65535), 8249, "Port of the manager page and /metrics."),
    Option(
        "server",
        "token",
        Text(pattern=r"\S{16,}", hint="a secret of at least 16 characters, no spaces"),
        None,
        "Secret that opens the page (HTTP basic auth password, or `Authorization: Bearer`);"
        " GIM_SERVER_TOKEN when unset. Required when host is not loopback.",
    ),
    # [error-policy]: what Job_TransformGIM does with data it cannot take as it is.
    Option(
        "error-policy",
        "missing-configuration",
        Choice(ERROR_POLICIES),
        "fix-up",
        "An interaction or login session of an agent GIDB holds no configuration for: fix-up"
        " loads it against a placeholder RESOURCE_ row the configuration completes when it"
        " arrives; discard sends it to STG_TRANSFORM_DISCARDS; fail stops the job before any fact"
        " is written.",
    ),
    Option(
        "error-policy",
        "partially-merged-interaction",
        Choice(ERROR_POLICIES),
        "fix-up",
        "An interaction with a multi-site link whose other side GIDB does not hold (the merge gave"
        " up waiting): fix-up loads what is there and rebuilds it whole when the other side"
        " arrives; discard holds it in STG_TRANSFORM_DISCARDS until then; fail stops the job.",
    ),
    Option(
        "error-policy",
        "inconsistent-data",
        Choice(ERROR_POLICIES),
        "discard",
        "A GIDB row that contradicts the rest (a state of a login session GIDB does not hold, a"
        " code no dimension knows): fix-up loads a code as Unknown (-2) and discards what cannot"
        " be repaired; discard sends the row to STG_TRANSFORM_DISCARDS; fail stops the job.",
    ),
)

#: Sections whose options live in the catalogue above.
OPTION_SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(option.section for option in OPTIONS))
#: Sections recognised with no options yet (later releases add them); anything set there is refused.
RESERVED_SECTIONS: tuple[str, ...] = ()
#: Connection sections, validated by config.connections.
CONNECTION_SECTIONS: tuple[str, ...] = ("infomart", "idb")

BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS}


def options_in(section: str) -> dict[str, Option]:
    return {option.name: option for option in OPTIONS if option.section == section}
