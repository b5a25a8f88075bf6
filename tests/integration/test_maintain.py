"""Job_MaintainGIM and Job_UpdateStats on a copy of the aggregation suite's day (2026-03-08), with
the clock moved forward so each table group's cut-off falls where the test wants it: the
dimensional facts' in the middle of the day, everything else's after it. What should remain is
computed here from the data, independently of the purge's own SQL."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from aggregated_day import SCHEMA as SOURCE
from aggregated_day import base_tables, center, copy_tables, digest, queue_truth_differences

from orchestrator.catalogue import Catalogue
from orchestrator.config import Config
from orchestrator.control import history
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import JobFailed
from orchestrator.gidb.retention import HOLDERS, holder_name, retention_option
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.jobs import job_named, run_job
from orchestrator.maintain import purge

pytestmark = pytest.mark.slow

SCHEMA = "gim_maint"
KILLED = "gim_maint_killed"
#: Completed dimensional facts that ended before this go; those that end later stay.
FACT_CUTOFF = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
#: The job's clock: noon two days from now (control rows are written today, real time).
CLOCK = (datetime.now(UTC) + timedelta(days=2)).replace(hour=12, minute=0, second=0, microsecond=0)
FACT_DAYS = (CLOCK - FACT_CUTOFF).days
KEPT_LONG = (
    "days-to-keep-gim-facts",
    "days-to-keep-cfg-facts",
    "days-to-keep-gidb-facts",
    "days-to-keep-discards-and-job-history",
    "days-to-keep-active-facts",
)


def maintained_config(retention: dict | None = None, **date_time: object) -> Config:
    return center(
        schema=SCHEMA,
        date_time=date_time,
        gim_etl={
            "days-to-keep-gim-facts": FACT_DAYS,
            "days-to-keep-cfg-facts": FACT_DAYS,
            "days-to-keep-gidb-facts": 1,
            "days-to-keep-discards-and-job-history": 1,
            # The day's open calls and sessions are still open, not terminated artificially.
            "days-to-keep-active-facts": FACT_DAYS + 5,
            **(retention or {}),
        },
    )


def run(name: str, project: DbtProject, *parameters: str, config: Config | None = None) -> list:
    outcome = run_job(
        job_named(name),
        config or maintained_config(),
        parameters,
        dbt=project,
        echo=lambda _: None,
        clock=lambda: CLOCK,
    )
    return outcome.summary


def count(conn: psycopg.Connection, query: str) -> int:
    return conn.execute(query).fetchone()[0]


def open_holder_rows(conn: psycopg.Connection, schema: str) -> dict[str, int]:
    """Per GIDB table, the rows that belong to a call, party or session still open (or are one)."""
    result = {}
    for table in GIDB_TABLES:
        holder = holder_name(table)
        columns = {column.name for column in table.columns}
        if holder is None and "terminated_ts" not in columns:
            continue
        if holder is None:
            result[table.name] = count(
                conn, f"select count(*) from {schema}.{table.name} where terminated_ts is null"
            )
            continue
        own, theirs = HOLDERS[table.source.name][1][0]
        result[table.name] = count(
            conn,
            f"select count(*) from {schema}.{table.name} as t where exists (select 1 from"
            f" {schema}.{holder} as h where h.data_source_key = t.data_source_key"
            f" and h.{theirs} = t.{own} and h.terminated_ts is null)",
        )
    return result


def add_deleted_memberships(conn: psycopg.Connection, schema: str) -> None:
    """Two group memberships deleted: one before days-to-keep-cfg-facts' cut-off, one after."""
    for shift, moment in enumerate((FACT_CUTOFF - timedelta(days=1), CLOCK - timedelta(days=1)), 1):
        conn.execute(
            f"create temporary table membership as select * from {schema}.gidb_gcx_group_agent"
            " limit 1"
        )
        conn.execute(
            "update membership set created_ts = created_ts - %s, deleted_ts = %s,"
            " deleted = to_timestamp(%s) at time zone 'utc'",
            (shift, int(moment.timestamp()), int(moment.timestamp())),
        )
        conn.execute(f"insert into {schema}.gidb_gcx_group_agent select * from membership")
        conn.execute("drop table membership")


@pytest.fixture(scope="module")
def before_purge(aggregated, uri: str) -> dict:
    """gim_maint: initialised, then a copy of the aggregation suite's tables; what it held."""
    project = DbtProject(uri=infomart_uri(maintained_config()), schema=SCHEMA)
    project.manifest()
    run_job(job_named("Job_InitializeGIM"), maintained_config(), dbt=project, echo=lambda _: None)
    with psycopg.connect(uri, autocommit=True) as conn:
        copy_tables(conn, SOURCE, SCHEMA)
        # A discard and an orphan of each kind, written a day before the copy.
        yesterday = int((datetime.now(UTC) - timedelta(days=1)).timestamp())
        conn.execute(
            f"insert into {SCHEMA}.stg_transform_discards (job_id, source_table, reason_code,"
            " etl_ts) values ('test', 'gidb_g_call_v', 'TEST', %s)",
            (yesterday,),
        )
        conn.execute(
            f"insert into {SCHEMA}.stg_idb_fk_violation (job_id, idb_table, etl_ts)"
            " values ('test', 'g_party', %s)",
            (yesterday,),
        )
        add_deleted_memberships(conn, SCHEMA)
        tables = base_tables(conn, SCHEMA)
        return {
            "project": project,
            "digests": {table: digest(conn, SCHEMA, table) for table in tables},
            "open": open_holder_rows(conn, SCHEMA),
            "job_names": count(
                conn, f"select count(distinct job_name) from {SCHEMA}.ctl_etl_history"
            ),
        }


@pytest.fixture(scope="module")
def maintained(before_purge, uri: str) -> dict:
    """Job_MaintainGIM once, with the clock moved forward."""
    before_purge["summary"] = run("Job_MaintainGIM", before_purge["project"])
    return before_purge


@pytest.fixture
def mart(maintained, uri: str):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection


def test_completed_facts_that_ended_before_the_cut_off_are_purged_and_no_other(
    maintained, mart, catalogue: Catalogue
) -> None:
    cutoff = int(FACT_CUTOFF.timestamp())
    for table in catalogue.purged_facts:
        if table.startswith("irf_user_data"):
            continue
        before, _ = maintained["digests"][table]
        columns = {
            row[0]
            for row in mart.execute(
                "select column_name from information_schema.columns where table_schema = %s"
                " and table_name = %s",
                (SOURCE, table),
            )
        }
        completed = "active_flag = 0" if "active_flag" in columns else "true"
        if table == "interaction_resource_fact":  # kept while one of its states is
            completed += (
                f" and not exists (select 1 from {SOURCE}.ixn_resource_state_fact as s"
                f" where s.interaction_resource_id = t.interaction_resource_id"
                f" and not (s.end_ts < {cutoff} and s.active_flag = 0))"
            )
        expected = before - count(
            mart,
            f"select count(*) from {SOURCE}.{table} as t where end_ts < {cutoff} and {completed}",
        )
        assert count(mart, f"select count(*) from {SCHEMA}.{table}") == expected, table
    assert count(mart, f"select count(*) from {SCHEMA}.interaction_fact") > 100
    assert count(
        mart, f"select count(*) from {SCHEMA}.interaction_fact where end_ts < {cutoff}"
    ) == count(
        mart,
        f"select count(*) from {SCHEMA}.interaction_fact where end_ts < {cutoff}"
        " and active_flag = 1",
    )
    # User data goes with the interaction resource it belongs to.
    assert (
        count(
            mart,
            f"select count(*) from {SCHEMA}.irf_user_data_keys as u where not exists (select 1"
            f" from {SCHEMA}.interaction_resource_fact as i"
            "  where i.interaction_resource_id = u.interaction_resource_id)",
        )
        == 0
    )
    assert count(mart, f"select count(*) from {SCHEMA}.irf_user_data_keys") > 0


def test_gidb_keeps_only_what_open_interactions_and_sessions_need(maintained, mart) -> None:
    purged = [t for t in GIDB_TABLES if retention_option(t) == "days-to-keep-gidb-facts"]
    assert sum(maintained["digests"][t.name][0] for t in purged) > 10_000
    for table, rows in open_holder_rows(mart, SCHEMA).items():
        assert rows == maintained["open"][table], table
    remaining = sum(count(mart, f"select count(*) from {SCHEMA}.{t.name}") for t in purged)
    assert remaining == sum(maintained["open"].get(t.name, 0) for t in purged)
    assert maintained["open"]["gidb_g_ir_mm"] > 100  # e-mails still in their queues
    # Configuration objects are never purged.
    for table in GIDB_TABLES:
        if retention_option(table) is None:
            assert digest(mart, SCHEMA, table.name) == maintained["digests"][table.name]


def test_deleted_configuration_goes_by_its_own_option(maintained, mart) -> None:
    deleted = mart.execute(
        f"select deleted_ts from {SCHEMA}.gidb_gcx_group_agent where deleted_ts is not null"
    ).fetchall()
    assert deleted == [(int((CLOCK - timedelta(days=1)).timestamp()),)]


def test_discards_and_job_history_keep_what_jobs_still_read(maintained, mart) -> None:
    for table in ("stg_transform_discards", "stg_idb_fk_violation"):
        assert maintained["digests"][table][0] > 0
        assert count(mart, f"select count(*) from {SCHEMA}.{table}") == 0
    day_ago = int((CLOCK - timedelta(days=1)).timestamp())
    # The newest run of each job stays (the server's memory), older ones go.
    assert count(
        mart, f"select count(*) from {SCHEMA}.ctl_etl_history where created_ts < {day_ago}"
    ) == count(mart, f"select count(distinct job_name) from {SCHEMA}.ctl_etl_history")
    # Every audit key a stored row carries is still in the audit log.
    orphans = count(
        mart,
        f"select count(*) from {SCHEMA}.interaction_fact as f where not exists (select 1 from"
        f" {SCHEMA}.ctl_audit_log as a where a.audit_key = f.create_audit_key)",
    )
    assert orphans == 0
    assert (
        count(mart, f"select count(*) from {SCHEMA}.ctl_audit_log")
        < maintained["digests"]["ctl_audit_log"][0]
    )


def test_aggregates_and_dimensions_are_untouched(maintained, mart, catalogue) -> None:
    kept = [*catalogue.aggregate_tables, "resource_", "group_", "date_time", "media_type"]
    changed = [t for t in kept if digest(mart, SCHEMA, t) != maintained["digests"][t]]
    assert changed == []


def test_each_purge_is_recorded_and_a_second_run_purges_only_the_first_run_s_history(
    maintained, mart, catalogue
) -> None:
    recorded = dict(
        mart.execute(
            f"select table_name, row_count from {SCHEMA}.ctl_purge_history"
            " where purge_type = 'DELETE' and purge_end_time is not null"
        ).fetchall()
    )
    for table in catalogue.purged_facts:
        gone = maintained["digests"][table][0] - count(
            mart, f"select count(*) from {SCHEMA}.{table}"
        )
        assert recorded.get(table, 0) == gone, table
    assert mart.execute(
        f"select distinct purge_before_ts from {SCHEMA}.ctl_purge_history"
        " where table_name = 'interaction_fact'"
    ).fetchall() == [(int(FACT_CUTOFF.timestamp()),)]
    assert "purged" in maintained["summary"][0]
    first_run = mart.execute(
        f"select job_id from {SCHEMA}.ctl_etl_history where job_name = 'Job_MaintainGIM'"
    ).fetchone()[0]
    digests = {t: digest(mart, SCHEMA, t) for t in base_tables(mart, SCHEMA)}
    second = run_job(
        job_named("Job_MaintainGIM"),
        maintained_config(),
        dbt=maintained["project"],
        echo=lambda _: None,
        clock=lambda: CLOCK,
    )
    # Only the first run's own history went (written today, it is a day older than the moved
    # clock): its CTL_ETL_HISTORY row, and its CTL_PURGE_HISTORY row for that table, which the
    # second run's (same cut-off) supersedes. Every other table is as the first run left it.
    assert sorted(
        mart.execute(
            f"select table_name, row_count from {SCHEMA}.ctl_purge_history where job_id = %s",
            (second.job_id,),
        ).fetchall()
    ) == [("ctl_etl_history", 1), ("ctl_purge_history", 1)]
    assert (
        count(mart, f"select count(*) from {SCHEMA}.ctl_etl_history where job_id = '{first_run}'")
        == 0
    )
    unchanged = {"ctl_etl_history", "ctl_purge_history", "ctl_audit_log"}
    after = {t: digest(mart, SCHEMA, t) for t in base_tables(mart, SCHEMA)}
    assert {t: d for t, d in after.items() if t not in unchanged} == {
        t: d for t, d in digests.items() if t not in unchanged
    }


def test_aggregates_of_purged_intervals_are_never_rebuilt_and_kept_ones_still_reconcile(
    maintained, mart, catalogue, aggregated
) -> None:
    """Every kept fact marked changed, then aggregated again: intervals before the cut-off keep
    their aggregates, later ones are rebuilt from the kept facts and still equal the truth."""
    project = maintained["project"]
    with pytest.raises(JobFailed, match="were purged by Job_MaintainGIM"):
        run("Job_AggregateGIM", project, "-insertPendingAgg", "H_QUEUE:2026-03-08:2026-03-08")
    job_id = str(uuid.uuid4())
    audit_key = history.open_audit(mart, SCHEMA, job_id)
    for table in catalogue.purged_facts:
        mart.execute(f"update {SCHEMA}.{table} set update_audit_key = %s", (audit_key,))
    history.close_audit(mart, SCHEMA, audit_key, 1)
    before = {t: digest(mart, SCHEMA, t) for t in catalogue.aggregate_tables}
    run("Job_AggregateGIM", project)
    assert {t: digest(mart, SCHEMA, t) for t in catalogue.aggregate_tables} == before
    _, truths = aggregated
    entered, unequal = queue_truth_differences(
        mart, SCHEMA, truths, since=int(FACT_CUTOFF.timestamp())
    )
    assert entered > 500
    assert unequal == []


def test_a_maintenance_killed_at_random_points_ends_as_an_uninterrupted_one(
    maintained, mart, catalogue
) -> None:
    """Five runs stopped after a random number of batches (a kill lands between two batches, or
    inside one, which its transaction then undoes), then one that finishes: the same tables as
    the uninterrupted run's."""
    mart.execute(f"drop schema if exists {KILLED} cascade")
    mart.execute(f"create schema {KILLED}")
    copy_tables(mart, SOURCE, KILLED)
    add_deleted_memberships(mart, KILLED)
    plan = purge.purge_plan(mart, KILLED, catalogue, maintained_config(), CLOCK)
    chooser = random.Random(24)
    deleted = [
        sum(
            purge.purge_all(
                mart,
                KILLED,
                str(uuid.uuid4()),
                plan,
                lambda _: None,
                batch_size=200,
                max_batches=chooser.randint(1, 40),
            ).values()
        )
        for _ in range(5)
    ]
    last = purge.purge_all(mart, KILLED, str(uuid.uuid4()), plan, lambda _: None, batch_size=200)
    # Most runs deleted some rows and were stopped with work left, which the last one did.
    assert sum(1 for rows in deleted if rows) >= 3 and sum(last.values()) > 0
    compared = [
        *catalogue.purged_facts,
        *(t.name for t in GIDB_TABLES),
        "stg_transform_discards",
        "stg_idb_fk_violation",
    ]
    different = [t for t in compared if digest(mart, KILLED, t) != digest(mart, SCHEMA, t)]
    assert different == []
    mart.execute(f"drop schema {KILLED} cascade")


def test_the_calendar_is_extended_when_fewer_days_than_the_minimum_remain(maintained, mart) -> None:
    last = mart.execute(f"select max(cal_date) from {SCHEMA}.date_time").fetchone()[0]
    later = datetime.combine(last - timedelta(days=100), datetime.min.time(), UTC).replace(hour=12)
    # Retention long enough that this far-off clock purges nothing.
    keep = {option: 3000 for option in KEPT_LONG}
    outcome = run_job(
        job_named("Job_MaintainGIM"),
        maintained_config(keep),
        dbt=maintained["project"],
        echo=lambda _: None,
        clock=lambda: later,
    )
    assert outcome.summary[0].startswith("purged 0 rows")
    extended = mart.execute(f"select max(cal_date) from {SCHEMA}.date_time").fetchone()[0]
    assert extended == later.date() + timedelta(days=400)
    assert any(line.startswith("DATE_TIME extended to") for line in outcome.summary)
    assert mart.execute(
        f"select last_date, date_time_tz from {SCHEMA}.ctl_calendar order by created_ts desc,"
        " last_date desc limit 1"
    ).fetchone() == (extended, "America/New_York")


def test_a_changed_time_zone_is_refused_before_any_job_writes_and_one_command_rebuilds(
    maintained, mart, catalogue
) -> None:
    tokyo = maintained_config(**{"date-time-tz": "Asia/Tokyo"})
    project = maintained["project"]
    audit_rows = count(mart, f"select count(*) from {SCHEMA}.ctl_audit_log")
    # Job_TransformGIM refuses only when it would grow the calendar (not with this day's data).
    for name in ("Job_AggregateGIM", "Job_MaintainGIM", "Job_InitializeGIM"):
        with pytest.raises(JobFailed, match="gim calendar rebuild") as refused:
            run(name, project, config=tokyo)
        assert "date-time-tz: America/New_York -> Asia/Tokyo" in str(refused.value)
    assert count(mart, f"select count(*) from {SCHEMA}.ctl_audit_log") == audit_rows
    # The first whole Tokyo day after the facts' cut-off (12:00 UTC): 9 March, from 15:00 UTC.
    first_tokyo_day = int(datetime(2026, 3, 8, 15, 0, tzinfo=UTC).timestamp())
    hours = (
        "select date_time_key, resource_key, entered, accepted, abandoned, queue_time"
        f" from {SCHEMA}.ag2_queue_hour where date_time_key >= {first_tokyo_day}"
    )
    hours_before = sorted(mart.execute(hours).fetchall())
    assert hours_before
    summary = run("Job_MaintainGIM", project, "-rebuildCalendar", config=tokyo)
    assert summary[0].startswith("DATE_TIME rebuilt in Asia/Tokyo")
    tokyo_midnight = int(datetime(2026, 5, 31, 15, 0, tzinfo=UTC).timestamp())
    assert mart.execute(
        f"select cal_date, cal_hour_24_num_in_day from {SCHEMA}.date_time where date_time_key = %s",
        (tokyo_midnight,),
    ).fetchone() == (date(2026, 6, 1), 0)
    # From the first whole day after the purge, aggregated again by Tokyo days (hours are UTC
    # hours: the same rows).
    assert sorted(mart.execute(hours).fetchall()) == hours_before
    tokyo_days = mart.execute(
        f"select d.cal_hour_24_num_in_day, count(*) from {SCHEMA}.ag2_queue_day as q"
        f" join {SCHEMA}.date_time as d on d.date_time_key = q.date_time_key"
        f" where q.date_time_key >= {first_tokyo_day} group by 1"
    ).fetchall()
    assert [hour for hour, _ in tokyo_days] == [0]
    assert any("keep the old calendar" in line for line in summary)
    run("Job_TransformGIM", project, config=tokyo)


def test_update_stats_analyzes_stale_tables_and_vacuums_dead_rows(maintained, mart) -> None:
    mart.execute(
        f"create table {SCHEMA}.stats_probe as select g as n from generate_series(1, 20000) g"
    )
    mart.execute(f"analyze {SCHEMA}.stats_probe")
    mart.execute(f"delete from {SCHEMA}.stats_probe where n <= 15000")
    _wait_for_statistics(
        mart,
        lambda: (
            count(
                mart,
                "select n_dead_tup from pg_stat_user_tables where schemaname = %s and relname = 'stats_probe'".replace(
                    "%s", f"'{SCHEMA}'"
                ),
            )
            >= 15000
        ),
    )
    summary = run("Job_UpdateStats", maintained["project"])
    assert any(line.startswith("VACUUM (ANALYZE) stats_probe") for line in summary)
    stored = mart.execute(
        f"select job_summary from {SCHEMA}.ctl_etl_history where job_name = 'Job_UpdateStats'"
    ).fetchone()[0]
    assert "stats_probe" in stored
    mart.execute(f"drop table {SCHEMA}.stats_probe")


def _wait_for_statistics(conn: psycopg.Connection, ready: Callable[[], bool]) -> None:
    """The statistics collector reports a little after the fact."""
    import time

    deadline = time.monotonic() + 30
    while not ready():
        assert time.monotonic() < deadline, "pg_stat_user_tables never caught up"
        conn.execute("select pg_stat_clear_snapshot()")
        time.sleep(0.5)


def test_idb_retention_days_follows_the_guide_s_query(maintained, mart) -> None:
    """The aggregation suite's history: extractions between its two newest transforms, all of
    today, so 0 days + the 7-day buffer. Once the job history is purged down to one transform
    per job, the query cannot tell and answers 999, as the guide's does."""
    assert count(mart, f"select minimum_days from {SOURCE}.admin_idb_retention_days") == 7
    assert count(mart, f"select minimum_days from {SCHEMA}.admin_idb_retention_days") == 999
