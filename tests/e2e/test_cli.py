"""`gim` as an administrator runs it: exit codes and one-line messages."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from orchestrator import SCHEMA_VERSION
from orchestrator.db import advisory_lock

GIM = str(Path(sys.executable).parent / "gim")


def gim(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIM_HOME": str(home)}
    env.pop("GIM_CONFIG", None)
    return subprocess.run(
        [GIM, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_version_names_release_and_schema_versions(tmp_path: Path, uri: str, initialized) -> None:
    result = gim("--version", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "gim 0.1.0",
        f"Info Mart schema this release needs: {SCHEMA_VERSION}",
        "Info Mart schema the database holds: unknown (the embedded database is not running;"
        " `gim init` starts it)",
        "minimum IDB schema: 1.0.0",
    ]
    (tmp_path / "mart.yml").write_text(f"infomart:\n  dsn: '{uri}'\n  schema: gim\n")
    found = gim("--config", "mart.yml", "-v", cwd=tmp_path, home=tmp_path)
    assert found.stdout.splitlines()[2] == (
        f"Info Mart schema the database holds: {SCHEMA_VERSION}"
    )


def test_config_check_lists_each_problem_and_fails(tmp_path: Path) -> None:
    (tmp_path / "gim.yml").write_text("schedule:\n  etl-frequency: 0\n  timezone: Nowhere\n")
    result = gim("config", "check", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("schedule.etl-frequency: 0 is out of range")


def test_invalid_configuration_stops_a_job_before_it_touches_data(tmp_path: Path) -> None:
    (tmp_path / "gim.yml").write_text("gim-etl:\n  extract-data-chunk-size: 99999\n")
    result = gim("init", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 2
    assert "gim-etl.extract-data-chunk-size: 99999 is out of range" in result.stderr
    assert not (tmp_path / ".gim").exists() and not (tmp_path / "pgdata").exists()


def test_config_show_prints_a_file_config_check_accepts(tmp_path: Path) -> None:
    (tmp_path / "gim.yml").write_text(
        "schedule:\n  aggregate-duration: '02:30'\nidb:\n  - name: a\n    ha-group: g\n"
    )
    result = gim("config", "show", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 0
    assert (
        "  etl-frequency: 30\n" in result.stdout and "  aggregate-duration: 02:30" in result.stdout
    )
    (tmp_path / "shown.yml").write_text(result.stdout)
    checked = gim("--config", "shown.yml", "config", "check", cwd=tmp_path, home=tmp_path)
    assert checked.returncode == 0, checked.stderr
    again = gim("--config", "shown.yml", "config", "show", cwd=tmp_path, home=tmp_path)
    assert again.stdout.splitlines()[1:] == result.stdout.splitlines()[1:]


def test_a_missing_config_file_is_an_error(tmp_path: Path) -> None:
    result = gim("--config", "absent.yml", "init", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "gim: invalid configuration: absent.yml: no such configuration file (--config or GIM_CONFIG)"
    )
    assert not (tmp_path / "pgdata").exists()


def test_a_key_given_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "gim.yml").write_text(
        "gim-etl:\n  merge-wait-threshold: 10\n  merge-wait-threshold: 20\n"
    )
    result = gim("config", "check", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 2
    assert "line 3" in result.stderr and "'merge-wait-threshold' is given twice" in result.stderr


def test_a_parameter_a_job_does_not_take_is_refused(tmp_path: Path) -> None:
    result = gim("job", "run", "Job_TransformGIM", "--bogus", cwd=tmp_path, home=tmp_path)
    assert result.returncode != 0
    assert "gim: Job_TransformGIM takes no parameters (given: --bogus)" in result.stderr
    assert not (tmp_path / "pgdata").exists()  # refused before any database is started


def test_unknown_job_is_named(tmp_path: Path) -> None:
    result = gim("job", "run", "Job_Nonsense", cwd=tmp_path, home=tmp_path)
    assert result.returncode == 1
    assert "'Job_Nonsense' is not a job" in result.stderr
    assert not (tmp_path / "pgdata").exists()


@pytest.mark.slow
def test_init_and_history_through_the_cli(
    gim_home: Path, config_file: Path, uri: str, initialized: str
) -> None:
    cwd = config_file.parent
    result = gim("job", "run", "Job_InitializeGIM", cwd=cwd, home=gim_home)
    assert result.returncode == 0, result.stderr
    assert "Job_InitializeGIM COMPLETE" in result.stdout
    shown = gim("db", "uri", cwd=cwd, home=gim_home).stdout.strip()
    assert shown == f"{uri}&options=-csearch_path%3Dgim"
    with psycopg.connect(shown) as landed:  # psql "$(gim db uri)" lands in the reporting schema
        assert landed.execute("select count(*) from ctl_etl_history").fetchone()[0] > 0
    history = gim("jobs", "--status", "complete", cwd=cwd, home=gim_home)
    assert history.returncode == 0 and "Job_InitializeGIM" in history.stdout
    with advisory_lock(uri, "Job_InitializeGIM"):
        refused = gim("init", cwd=cwd, home=gim_home)
    assert refused.returncode == 3
    assert "Job_InitializeGIM is already running on this Info Mart" in refused.stderr


@pytest.mark.slow
def test_a_dbt_command_dbt_refuses_is_named_in_one_line(tmp_path: Path) -> None:
    """`gim dbt` with an option dbt does not know: dbt prints nothing, so gim names it."""
    try:
        result = gim("dbt", "--nonsense", cwd=tmp_path, home=tmp_path)
        assert result.returncode != 0
        assert (
            result.stderr.strip()
            .splitlines()[-1]
            .startswith("gim: dbt --nonsense: No such option '--nonsense'. (dbt's account: ")
        )
    finally:
        gim("db", "stop", cwd=tmp_path, home=tmp_path)


def test_two_processes_starting_the_embedded_server_at_once_share_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "GIM_HOME": str(home)}
    env.pop("GIM_CONFIG", None)
    starts = [
        subprocess.Popen(
            [GIM, "db", "uri", "--idb", "idb"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in starts]
    try:
        assert [process.returncode for process in starts] == [0, 0], outputs
        uris = {stdout.strip() for stdout, _ in outputs}
        assert len(uris) == 1, uris
        with psycopg.connect(uris.pop()) as connection:
            assert connection.execute("select current_database()").fetchone() == ("idb",)
    finally:
        stopped = gim("db", "stop", cwd=tmp_path, home=home)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    again = gim("db", "stop", cwd=tmp_path, home=home)
    assert again.stdout.strip() == "embedded PostgreSQL was not running"


@pytest.mark.slow
def test_demo_runs_the_day_in_cycles_and_reports_the_ground_truth(tmp_path: Path) -> None:
    """`gim demo` on a fresh home (what `make demo` runs), at 10 agents: the scheduler's day on a
    simulated clock (cycles at 09:00, 17:00 and 01:00, aggregation at 01:30), each job recorded,
    and the headline report's queue numbers equal the simulated day's ground truth."""
    home = tmp_path / "home"
    try:
        result = gim("demo", "--agents", "10", cwd=tmp_path, home=home)
        assert result.returncode == 0, result.stderr
        for job, runs in (("Job_ExtractICON", 3), ("Job_TransformGIM", 3), ("Job_AggregateGIM", 1)):
            assert result.stderr.count(f"{job} COMPLETE in ") == runs, job
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        for moment in ("09:00", "17:00"):
            assert (
                f"{yesterday} {moment} (simulated clock): Job_ExtractICON: running" in result.stderr
            )
        assert "01:30 (simulated clock): Job_AggregateGIM: running" in result.stderr
        assert f"\nDay {yesterday}, in time zone GMT (date-time-tz).\n" in result.stdout
        assert "answered within 20 s of entering the queue (q-answer-threshold)" in result.stdout
        queues = _report_queues(result.stdout)
        _assert_report_is_the_truth(queues, home / "truth" / "queue_intervals.csv")
        assert "Agent groups (AG2_I_SESS_STATE_DAY" in result.stdout
        assert "Not ready by reason (AG2_I_STATE_RSN_DAY):" in result.stdout
        assert "docs/examples.sql" in result.stdout
        jobs = gim("jobs", "--status", "COMPLETE", cwd=tmp_path, home=home)
        assert jobs.stdout.count("Job_AggregateGIM") == 1
        freshness = gim("dbt", "source", "freshness", cwd=tmp_path, home=home)
        assert freshness.returncode == 0, freshness.stdout[-2000:]
        assert "PASS freshness of gidb.gidb_g_call_v" in freshness.stdout
        assert "gidb.gidb_gc_agent" not in freshness.stdout  # configuration: not checked
        other = gim("demo", "--agents", "10", "--seed", "2", cwd=tmp_path, home=home)
        assert other.returncode == 1
        assert (
            other.stderr.strip()
            .splitlines()[-1]
            .startswith("gim: IDB idb holds another simulated center (seed 1, 10 agents, 2 sites,")
        )
        assert "`gim demo --fresh`" in other.stderr
        fresh = gim("demo", "--agents", "10", "--seed", "2", "--fresh", cwd=tmp_path, home=home)
        assert fresh.returncode == 0, fresh.stderr
        assert "starting from a fresh IDB and Info Mart: dropped infomart, idb" in fresh.stderr
        truth = home / "truth" / "queue_intervals.csv"
        _assert_report_is_the_truth(_report_queues(fresh.stdout), truth)
    finally:
        gim("db", "stop", "--force", cwd=tmp_path, home=home)


def _assert_report_is_the_truth(queues: dict[str, list[str]], truth_file: Path) -> None:
    truth = _queue_truth(truth_file)
    assert set(queues) == set(truth)
    for queue, (offered, answered, abandoned, _, service_level, _) in queues.items():
        want = truth[queue]
        # Aggregates count a stay once it has ended: e-mails still queued are not offered yet.
        assert (int(offered), int(answered), int(abandoned)) == (
            want["entered"] - want["waiting"],
            want["answered"],
            want["abandoned"],
        ), queue
        counted = want["answered"] + want["abandoned"] - want["abandoned_short"]
        assert (service_level == "-") == (counted == 0), queue
        if counted:
            assert float(service_level) == round(100.0 * want["within"] / counted, 1), queue
    assert sum(int(row[0]) for row in queues.values()) > 40  # 10 agents, staffed to objective


def _report_queues(report: str) -> dict[str, list[str]]:
    """QUEUE: [OFFERED, ANSWERED, ABANDONED, ASA, SERVICE LEVEL, AHT] of the report's first table."""
    section = report.split("Queues (AG2_QUEUE_DAY):")[1].split("\n\n")[0]
    rows = [line.split() for line in section.strip().splitlines()[2:]]
    return {row[0]: row[1:] for row in rows}


def _queue_truth(path: Path) -> dict[str, dict[str, int]]:
    """Per virtual queue: the day's entered, answered, abandoned (short ones apart) and answered
    within 20 seconds (q-answer-threshold's default)."""
    truth: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("entered", "answered", "abandoned", "abandoned_short", "waiting"):
                truth[row["virtual_queue"]][column] += int(row[column])
            truth[row["virtual_queue"]]["within"] += int(row["answered_within_20"])
    return truth


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--agents", "1"], "gim: --agents 1: must be between 2 and 20000"),
        (["--days", "0"], "gim: --days 0: must be between 1 and 366"),
        (["--sites", "9"], "gim: --sites 9: must be between 1 and 8"),
        (["--media", "fax"], "gim: --media fax: unknown (known: voice, chat, email)"),
        (["--media", "chat"], "gim: --media chat: voice is always simulated; add it"),
        (
            ["--agents", "3", "--media", "voice,chat,email"],
            "gim: --agents 3: too few for 2 voice sites and 2 multimedia agents",
        ),
        (
            ["--ha"],
            "gim: --ha: no HA group with two IDBs in the configuration"
            " (give two idb entries the same ha-group)",
        ),
        (
            ["--start", "2026-03-02", "--until", "2026-03-05 10:00"],
            "gim: --until 2026-03-05 10:00:00: must be within the simulated days"
            " (2026-03-02 to 2026-03-03)",
        ),
    ],
)
def test_invalid_simulation_parameters_are_refused_in_one_line(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = gim("simulate", *arguments, cwd=tmp_path, home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert not (tmp_path / "home").exists(), "nothing may be started for invalid parameters"


@pytest.mark.slow
def test_simulate_timeline_names_rows_a_reviewer_can_find(
    gim_home: Path, config_file: Path
) -> None:
    cwd = config_file.parent
    result = gim(
        "simulate",
        "--agents",
        "10",
        "--start",
        "2026-03-08",
        "--seed",
        "5",
        "--timeline",
        cwd=cwd,
        home=gim_home,
    )
    assert result.returncode == 0, result.stderr
    call_line = next(line for line in result.stdout.splitlines() if "(G_CALL.CALLID" in line)
    call_id = call_line.split(" call ")[1].split()[0]
    uri = gim("db", "uri", "--idb", "idb", cwd=cwd, home=gim_home).stdout.strip()
    with psycopg.connect(uri) as connection:
        found = connection.execute("select count(*) from g_call where callid = %s", (call_id,))
        assert found.fetchone() == (1,)
    assert (gim_home / "truth" / "manifest.json").exists()


def _facts(home: Path, cwd: Path) -> tuple:
    uri = gim("db", "uri", cwd=cwd, home=home).stdout.strip()
    with psycopg.connect(uri) as conn:
        return conn.execute(
            "select (select count(*) from gim.interaction_fact),"
            " (select count(*) from gim.interaction_resource_fact),"
            " (select sum(talk_duration) from gim.interaction_resource_fact),"
            " (select count(*) from gim.mediation_segment_fact),"
            " (select count(*) from gim.sm_res_state_fact)"
        ).fetchone()


def _extracted_day(home: Path, cwd: Path) -> None:
    for command in (("init",), ("simulate", "--agents", "20"), ("job", "run", "Job_ExtractICON")):
        result = gim(*command, cwd=cwd, home=home)
        assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_a_database_stopped_mid_job_fails_it_in_one_line_and_the_next_run_completes(
    tmp_path: Path,
) -> None:
    plain, stopped = tmp_path / "plain", tmp_path / "stopped"
    try:
        _extracted_day(plain, tmp_path)
        assert gim("job", "run", "Job_TransformGIM", cwd=tmp_path, home=plain).returncode == 0
        _extracted_day(stopped, tmp_path)
        uri = gim("db", "uri", cwd=tmp_path, home=stopped).stdout.strip()
        env = {**os.environ, "GIM_HOME": str(stopped)}
        env.pop("GIM_CONFIG", None)
        # The job is held on a table it reads, so it is surely mid-job when the database stops.
        holder = psycopg.connect(uri)
        holder.execute("lock table gim.gidb_g_call_v in access exclusive mode")
        job = subprocess.Popen(
            [GIM, "job", "run", "Job_TransformGIM"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with psycopg.connect(uri, autocommit=True) as conn:
            for _ in range(1200):  # until the job waits for the table
                if conn.execute(
                    "select count(*) from pg_stat_activity where pid <> pg_backend_pid()"
                    " and wait_event_type = 'Lock'"
                ).fetchone()[0]:
                    break
                time.sleep(0.1)
            else:
                raise AssertionError("the job never reached the locked table")
        refused = gim("db", "stop", cwd=tmp_path, home=stopped)
        assert refused.returncode == 1
        assert "gim: Job_TransformGIM running: stopping the database now fails it" in refused.stderr
        assert gim("db", "stop", "--force", cwd=tmp_path, home=stopped).returncode == 0
        with suppress(psycopg.Error):
            holder.close()
        _, stderr = job.communicate(timeout=300)
        assert job.returncode == 1
        lines = stderr.strip().splitlines()
        assert lines[0] == "Job_TransformGIM: running" and len(lines) == 2, stderr
        assert lines[1].startswith("gim: Job_TransformGIM failed: ") and "dbt.log" in lines[1]
        rerun = gim("job", "run", "Job_TransformGIM", cwd=tmp_path, home=stopped)
        assert rerun.returncode == 0, rerun.stderr
        assert _facts(stopped, tmp_path) == _facts(plain, tmp_path)
        assert _facts(plain, tmp_path)[1] > 100
    finally:
        for home in (plain, stopped):
            gim("db", "stop", "--force", cwd=tmp_path, home=home)


@pytest.mark.slow
def test_data_before_the_calendar_extends_it_and_is_aggregated(tmp_path: Path) -> None:
    """date-time-start-year is 2024 by default; a day of 2023 grows DATE_TIME back to 1 January
    2023 before any fact takes a date key, and the day's aggregates are written."""
    home = tmp_path / "home"
    try:
        for command in (
            ("init",),
            ("simulate", "--agents", "10", "--start", "2023-06-01"),
            ("cycle",),
        ):
            result = gim(*command, cwd=tmp_path, home=home)
            assert result.returncode == 0, result.stderr
        assert "DATE_TIME extended to 2023-01-01 .. " in result.stderr
        uri = gim("db", "uri", cwd=tmp_path, home=home).stdout.strip()
        with psycopg.connect(uri) as conn:
            assert conn.execute("select min(cal_date)::text from gim.date_time").fetchone() == (
                "2023-01-01",
            )
            dangling = conn.execute(
                "select count(*) from gim.interaction_resource_fact as f"
                " where not exists (select from gim.date_time as d"
                " where d.date_time_key = f.start_date_time_key)"
            ).fetchone()[0]
            assert dangling == 0
            entered = conn.execute(
                "select sum(a.entered) from gim.ag2_queue_day as a join gim.date_time as d"
                " on d.date_time_key = a.date_time_key where d.cal_date = date '2023-06-01'"
            ).fetchone()[0]
            assert entered and entered > 50
    finally:
        gim("db", "stop", "--force", cwd=tmp_path, home=home)
