"""Maintenance's small rules: GIDB's retention groups and holders, the calendar settings a change
is told by, which tables Job_UpdateStats acts on, the parameters and schema versions jobs take."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orchestrator.calendar import CalendarSettings
from orchestrator.config import validate
from orchestrator.errors import GimError, SchemaOutOfDate
from orchestrator.gidb.retention import HOLDERS, holder_name, retention_option
from orchestrator.gidb.schema import GIDB_BY_NAME, GIDB_TABLES
from orchestrator.maintain.run import rebuild_asked
from orchestrator.maintain.statistics import TableUpkeep
from orchestrator.migrate.steps import MIGRATIONS, pending
from orchestrator.migrate.versions import refuse_other_schema_version, version_tuple
from orchestrator.partitions.layout import enabled as partitioning_enabled
from orchestrator.partitions.layout import gidb_interval_option
from orchestrator.partitions.tables import partition_name


def test_gidb_groups_are_the_guide_s() -> None:
    groups = {table.name: retention_option(table) for table in GIDB_TABLES}
    assert groups["gidb_g_call_v"] == groups["gidb_go_chain"] == "days-to-keep-gidb-facts"
    assert groups["gidb_g_agent_state_history_mm"] == "days-to-keep-gidb-facts"
    assert groups["gidb_gcx_group_agent"] == "days-to-keep-cfg-facts"
    assert groups["gidb_gc_agent"] is None  # configuration objects: never
    assert sum(option is None for option in groups.values()) == 11


def test_every_holder_is_a_gidb_table_of_the_same_medium_with_the_linking_column() -> None:
    held = 0
    for table in GIDB_TABLES:
        holder = holder_name(table)
        if holder is None:
            continue
        held += 1
        assert holder in GIDB_BY_NAME, table.name
        assert GIDB_BY_NAME[holder].medium == table.medium
        holder_columns = {column.name for column in GIDB_BY_NAME[holder].columns}
        (ours, theirs), *_ = HOLDERS[table.source.name][1]
        assert ours in {column.name for column in table.columns}
        assert {theirs, "terminated_ts"} <= holder_columns
    assert held >= 25


def test_a_calendar_change_names_each_option_that_differs() -> None:
    built = CalendarSettings("America/New_York", 1, 1, True)
    assert CalendarSettings("America/New_York", 1, 1, True).changes_from(built) == []
    assert CalendarSettings("Asia/Tokyo", 2, 1, True).changes_from(built) == [
        "date-time-tz: America/New_York -> Asia/Tokyo",
        "first-day-of-week: 1 -> 2",
    ]


@pytest.mark.parametrize(
    ("live", "dead", "changed", "never", "action"),
    [
        (100_000, 20_000, 0, False, "VACUUM (ANALYZE)"),
        (100_000, 5_000, 10_000, False, "ANALYZE"),
        (100_000, 5_000, 1_000, False, None),
        (0, 0, 0, True, None),
        (10, 0, 0, True, "ANALYZE"),
        (0, 1_500, 0, False, "VACUUM (ANALYZE)"),
    ],
)
def test_update_stats_acts_on_dead_rows_and_stale_statistics(
    live: int, dead: int, changed: int, never: bool, action: str | None
) -> None:
    assert TableUpkeep("t", live, dead, changed, never).action == action


def test_job_maintaingim_takes_only_rebuild_calendar() -> None:
    assert rebuild_asked(()) is False
    assert rebuild_asked(("-rebuildCalendar",)) is True
    with pytest.raises(GimError, match="unknown parameter '-purgeNow'"):
        rebuild_asked(("-purgeNow",))


def test_jobs_refuse_an_info_mart_of_another_schema_version() -> None:
    from orchestrator import SCHEMA_VERSION

    refuse_other_schema_version(SCHEMA_VERSION, "Job_TransformGIM")
    with pytest.raises(
        SchemaOutOfDate, match=r"schema is 1\.0\.0.*run `gim job run Job_MigrateGIM`"
    ):
        refuse_other_schema_version("1.0.0", "Job_InitializeGIM")
    with pytest.raises(SchemaOutOfDate, match="newer than this release"):
        refuse_other_schema_version("99.0.0", "Job_TransformGIM")


def test_only_the_migration_takes_an_older_schema_and_none_takes_a_newer_one() -> None:
    refuse_other_schema_version("1.0.0", "Job_MigrateGIM")
    refuse_other_schema_version(None, "Job_TransformGIM")  # left to initialisation's check
    with pytest.raises(SchemaOutOfDate, match="newer than this release"):
        refuse_other_schema_version("99.0.0", "Job_MigrateGIM")


def test_migrations_are_ordered_and_end_at_this_release_s_schema() -> None:
    from orchestrator import SCHEMA_VERSION

    versions = [version_tuple(m.version) for m in MIGRATIONS]
    assert versions == sorted(set(versions))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION
    assert [m.version for m in pending("1.1.0")] == [m.version for m in MIGRATIONS[1:]]
    assert pending(SCHEMA_VERSION) == []
    assert version_tuple("1.10.0") > version_tuple("1.9.0")


def test_each_gidb_fact_table_is_partitioned_by_its_medium_s_width() -> None:
    option = {name: gidb_interval_option(table) for name, table in GIDB_BY_NAME.items()}
    assert (
        option["gidb_g_call_v"]
        == option["gidb_g_login_session_v"]
        == ("partitioning-interval-size-gidb")
    )
    assert option["gidb_g_call_mm"] == "partitioning-interval-size-gidb-mm"
    assert option["gidb_go_chain"] == "partitioning-interval-size-gidb-ocs"


@pytest.mark.parametrize(
    ("width", "name"),
    [(86400, "gidb_g_call_v_p20260308"), (3600, "interaction_fact_p20260308_1300")],
)
def test_a_partition_is_named_after_its_first_utc_moment(width: int, name: str) -> None:
    lower = int(datetime(2026, 3, 8, 13, tzinfo=UTC).timestamp()) // width * width
    assert partition_name(name.split("_p2")[0], lower, width) == name


def test_partitioning_is_off_unless_asked_for() -> None:
    assert not partitioning_enabled(validate({}, source=None))
    assert partitioning_enabled(validate({"gim-etl": {"partitioning-enabled": True}}, source=None))
