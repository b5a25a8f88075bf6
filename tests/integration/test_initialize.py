"""Job_InitializeGIM on the embedded PostgreSQL: idempotence, calendar, history, locking."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg import sql

from orchestrator.catalogue import DATE_TIME
from orchestrator.control.names import CTL_AUDIT_LOG, CTL_SCHEMA_VERSION
from orchestrator.db import advisory_lock, jobs_kept_out
from orchestrator.errors import GimError, JobAlreadyRunning, JobFailed
from orchestrator.jobs import JobContext, job_named, run_job

pytestmark = pytest.mark.slow


def _data_tables(catalogue) -> tuple[str, ...]:
    return (*catalogue.fixed_dimensions, DATE_TIME, CTL_AUDIT_LOG, CTL_SCHEMA_VERSION)


def _checksum(conn: psycopg.Connection, table: str) -> str:
    rows = conn.execute(
        sql.SQL("select t::text from gim.{} as t order by 1").format(sql.Identifier(table))
    ).fetchall()
    return hashlib.sha256("\n".join(r[0] for r in rows).encode()).hexdigest()


def test_second_init_changes_nothing(conn, config, dbt_project, catalogue) -> None:
    before = {table: _checksum(conn, table) for table in _data_tables(catalogue)}
    outcome = run_job(job_named("Job_InitializeGIM"), config, dbt=dbt_project, echo=lambda _: None)
    after = {table: _checksum(conn, table) for table in _data_tables(catalogue)}
    assert after == before
    assert any("0 new" in line for line in outcome.summary)
    audit_rows = conn.execute(
        "select count(*) from gim.ctl_audit_log where job_id = %s", (outcome.job_id,)
    ).fetchone()[0]
    assert audit_rows == 0


def test_every_stamped_row_points_at_an_audit_row(conn, catalogue) -> None:
    for table in (*catalogue.fixed_dimensions, DATE_TIME):
        orphans = conn.execute(
            sql.SQL(
                "select count(*) from gim.{} as d where not exists"
                " (select 1 from gim.ctl_audit_log as a where a.audit_key = d.create_audit_key)"
            ).format(sql.Identifier(table))
        ).fetchone()[0]
        assert orphans == 0, table


def test_fixed_dimensions_hold_the_reference_values(conn) -> None:
    types = {r[0] for r in conn.execute("select interaction_type_code from gim.interaction_type")}
    assert {"INBOUND", "OUTBOUND", "INTERNAL", "UNKNOWN"} <= types
    results = {
        r[0] for r in conn.execute("select technical_result_code from gim.technical_descriptor")
    }
    assert {"COMPLETED", "TRANSFERRED", "CUSTOMERABANDONED", "REDIRECTED", "CONFERENCED"} <= results
    states = {r[0] for r in conn.execute("select state_name_code from gim.resource_state")}
    assert {"READY", "NOT_READY", "BUSY", "ACW"} <= states
    voice = conn.execute(
        "select is_online from gim.media_type where media_name_code = 'VOICE'"
    ).fetchone()
    assert voice == (1,)


def test_an_administrator_row_survives_reinitialisation(conn, config, dbt_project) -> None:
    conn.execute("insert into gim.media_type values (100, 'Fax', 'FAX', 0, 0, 0)")
    try:
        run_job(job_named("Job_InitializeGIM"), config, dbt=dbt_project, echo=lambda _: None)
        assert conn.execute(
            "select media_name from gim.media_type where media_type_key = 100"
        ).fetchone() == ("Fax",)
    finally:
        conn.execute("delete from gim.media_type where media_type_key = 100")


def test_calendar_has_every_interval_of_the_configured_range(conn, config) -> None:
    zone = ZoneInfo("America/New_York")
    first_day = date(config["date-time.date-time-start-year"], 1, 1)
    last_day = datetime.now(UTC).astimezone(zone).date() + timedelta(days=400)
    start = int(datetime(first_day.year, 1, 1, tzinfo=zone).timestamp())
    end = int(datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone).timestamp())
    count, low, high, distinct = conn.execute(
        "select count(*), min(date_time_key), max(date_time_key), count(distinct date_time_key)"
        " from gim.date_time"
    ).fetchone()
    assert (low, high + 900) == (start, end)
    assert count == distinct == (end - start) // 900
    gaps = conn.execute(
        "select count(*) from gim.date_time where date_time_next_key <> date_time_key + 900"
        " or date_time_key % 900 <> 0"
    ).fetchone()[0]
    assert gaps == 0


def _transition_days(year: int) -> tuple[date, date]:
    zone = ZoneInfo("America/New_York")
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    offsets = [datetime.combine(d, datetime.min.time(), zone).utcoffset() for d in days]
    changes = [days[i - 1] for i in range(1, len(days)) if offsets[i] != offsets[i - 1]]
    return changes[0], changes[1]


def test_daylight_saving_days_have_92_and_100_intervals(conn, config) -> None:
    spring, fall = _transition_days(config["date-time.date-time-start-year"])
    counts = dict(
        conn.execute(
            "select cal_date, count(*) from gim.date_time where cal_date in (%s, %s, %s) group by 1",
            (spring, fall, spring + timedelta(days=1)),
        ).fetchall()
    )
    assert counts == {spring: 92, fall: 100, spring + timedelta(days=1): 96}


def test_labels_follow_the_documented_formats(conn, config) -> None:
    _, fall = _transition_days(config["date-time.date-time-start-year"])
    rows = conn.execute(
        "select label_yyyy_mm_dd_hh24_15int, label_tz, date_time_hour_key from gim.date_time"
        " where cal_date = %s and label_hh24 = '01' and label_mi = '45' order by date_time_key",
        (fall,),
    ).fetchall()
    day = fall.isoformat()
    assert [r[0] for r in rows] == [f"{day} 01:45-01:00", f"{day} 01:45-02:00"]
    assert [r[1] for r in rows] == ["-04:00", "-05:00"]
    assert rows[1][2] - rows[0][2] == 3600
    row = conn.execute(
        "select label_yyyy, label_yyyy_qq, label_yyyy_mm, label_yyyy_mm_dd, label_yyyy_mm_dd_hh,"
        " label_yyyy_mm_dd_hh24_mi, label_yyyy_mm_dd_hh_15int, label_yyyy_we, ampm_indicator,"
        " cal_day_name, cal_hour_num_in_day from gim.date_time where cal_date = %s"
        " and cal_hour_24_num_in_day = 13 and cal_minute_num_in_hour = 30",
        (date(fall.year, 7, 4),),
    ).fetchone()
    year = fall.year
    assert row[:8] == (
        str(year),
        f"{year}-Q3",
        f"{year}-07",
        f"{year}-07-04",
        f"{year}-07-04 01 PM",
        f"{year}-07-04 13:30",
        f"{year}-07-04 01:30 PM-01:45 PM",
        row[7],
    )
    assert row[7].startswith(f"{year}-W") and row[8] == "PM" and row[10] == 1
    assert row[9] == date(year, 7, 4).strftime("%A")


def test_simple_weeks_restart_on_the_first_of_january(conn, config) -> None:
    year = config["date-time.date-time-start-year"] + 1
    first = conn.execute(
        "select distinct cal_week_num_in_year, cal_week_start_date from gim.date_time"
        " where cal_date = %s",
        (date(year, 1, 1),),
    ).fetchone()
    assert first == (1, date(year, 1, 1))


def test_a_second_concurrent_run_is_refused(config, uri, dbt_project, initialized) -> None:
    with advisory_lock(uri, "Job_InitializeGIM") as acquired:
        assert acquired
        with pytest.raises(JobAlreadyRunning, match="Job_InitializeGIM is already running"):
            run_job(job_named("Job_InitializeGIM"), config, dbt=dbt_project, echo=lambda _: None)


def test_jobs_kept_out_names_the_running_ones_and_holds_the_others(uri) -> None:
    kept = ("Job_TransformGIM", "Job_AggregateGIM")
    with (
        advisory_lock(uri, "Job_AggregateGIM"),
        pytest.raises(GimError, match=r"^Job_AggregateGIM running: .*; the rebuild waits"),
        jobs_kept_out(uri, kept, "the rebuild waits"),
    ):
        pass
    with jobs_kept_out(uri, kept, "unused"), advisory_lock(uri, "Job_TransformGIM") as free:
        assert not free
    with advisory_lock(uri, "Job_TransformGIM") as transform_free:
        assert transform_free


class ExplodingJob:
    name = "Job_TestExplodes"

    def bootstrap(self, ctx: JobContext) -> None:
        pass

    def run(self, ctx: JobContext) -> None:
        raise RuntimeError("disk full while writing chunk 7")


def test_a_failed_job_leaves_a_failed_row_with_the_reason(conn, config, dbt_project) -> None:
    with pytest.raises(JobFailed, match="disk full while writing chunk 7"):
        run_job(ExplodingJob(), config, dbt=dbt_project, echo=lambda _: None)
    status, reason, ended = conn.execute(
        "select status, error_message, end_time from gim.admin_etl_job_history"
        " where job_name = 'Job_TestExplodes' order by start_time desc limit 1"
    ).fetchone()
    assert (status, reason) == ("FAILED", "disk full while writing chunk 7")
    assert ended is not None
    latest = conn.execute(
        "select status from gim.admin_etl_job_status where job_name = 'Job_TestExplodes'"
    ).fetchone()
    assert latest == ("FAILED",)


def test_a_run_that_died_is_marked_failed_by_the_next_run(conn, config, dbt_project) -> None:
    conn.execute(
        "insert into gim.ctl_etl_history (job_id, job_name, status, start_time, start_ts)"
        " values ('dead-run', 'Job_InitializeGIM', 'RUNNING', now(), 0)"
    )
    run_job(job_named("Job_InitializeGIM"), config, dbt=dbt_project, echo=lambda _: None)
    status, reason = conn.execute(
        "select status, error_message from gim.ctl_etl_history where job_id = 'dead-run'"
    ).fetchone()
    assert status == "FAILED" and "ended before the job finished" in reason


def test_an_older_schema_is_refused_by_jobs_and_init_before_they_write(
    conn, config, dbt_project
) -> None:
    """(Job_MigrateGIM's side is in test_migrate.)"""
    from orchestrator import SCHEMA_VERSION

    conn.execute(
        "insert into gim.ctl_schema_version (schema_version, release_version, job_id, created,"
        " created_ts) values ('1.0.0', '0.0.1', 'test', now() at time zone 'utc', 0)"
    )
    runs = conn.execute("select count(*) from gim.ctl_etl_history").fetchone()
    try:
        for name in ("Job_UpdateStats", "Job_InitializeGIM"):
            with pytest.raises(GimError, match=r"schema is 1\.0\.0.*`gim job run Job_MigrateGIM`"):
                run_job(job_named(name), config, dbt=dbt_project, echo=lambda _: None)
    finally:
        conn.execute("delete from gim.ctl_schema_version where job_id = 'test'")
    assert conn.execute("select count(*) from gim.ctl_etl_history").fetchone() == runs
    newest = conn.execute(
        "select schema_version from gim.ctl_schema_version order by created desc limit 1"
    ).fetchone()
    assert newest == (SCHEMA_VERSION,)
