"""`gim server` as an administrator runs it: a process started on the session's embedded
PostgreSQL (its own schema and IDB), scheduling one-minute cycles, controlled through the CLI,
the manager page in Debian's headless chromium and /metrics as Prometheus parses it, and stopped
with SIGTERM."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from orchestrator.control import history
from orchestrator.db import advisory_lock

pytestmark = pytest.mark.slow

GIM = str(Path(sys.executable).parent / "gim")
SCHEMA = "gim_server"
IDB = "server_idb"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def server_config(port: int, extra: str = "") -> str:
    return f"""\
infomart:
  schema: {SCHEMA}
idb:
  - name: {IDB}
schedule:
  run-scheduler: true
  etl-start-time: "00:00"
  etl-end-time: "00:00"
  etl-frequency: 1
  run-maintain: false
server:
  port: {port}
date-time:
  date-time-tz: America/New_York
  date-time-start-year: {datetime.now(UTC).year}
  date-time-max-days-ahead: 400
{extra}"""


@dataclass
class Served:
    process: subprocess.Popen[str]
    config: Path
    folder: Path
    port: int
    log: Path
    uri: str
    home: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def gim(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GIM, "--config", str(self.config), *args],
            cwd=self.folder,
            env={**os.environ, "GIM_HOME": str(self.home)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def logged(self) -> str:
        return self.log.read_text()

    def rows(self, query: str, *params: object) -> list[tuple]:
        with psycopg.connect(self.uri, autocommit=True) as conn:
            conn.execute(f"set search_path to {SCHEMA}")
            return conn.execute(query, params).fetchall()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, check: Callable[[], object], timeout: float, log: Path) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"{what}: not within {timeout} s; server log:\n{log.read_text()[-4000:]}")


def http(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


@pytest.fixture(scope="module")
def served(
    gim_home: Path, uri: str, initialized: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    config = folder / "gim.yml"
    config.write_text(server_config(port))
    env = {**os.environ, "GIM_HOME": str(gim_home)}
    day = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    simulated = subprocess.run(
        [GIM, "--config", str(config), "simulate", "--agents", "6", "--start", day,
         "--idb", IDB, "--truth", str(folder / "truth")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert simulated.returncode == 0, simulated.stderr
    log = folder / "server.log"
    with open(log, "w") as sink:
        process = subprocess.Popen(
            [GIM, "--config", str(config), "server"],
            cwd=folder,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    running = Served(process, config, folder, port, log, uri, gim_home)
    try:
        wait_for("the page", lambda: http(f"{running.base}/healthz")[0] == 200, 240, log)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()


def completed(served: Served, job_name: str) -> int:
    return served.rows(
        "select count(*) from admin_etl_job_history where job_name = %s and status = 'COMPLETE'",
        job_name,
    )[0][0]


def test_a_new_info_mart_is_initialised_and_two_cycles_complete(served: Served) -> None:
    assert "a new Info Mart: running Job_InitializeGIM first" in served.logged()
    wait_for("two ETL cycles", lambda: completed(served, "Job_TransformGIM") >= 2, 420, served.log)
    extractions = served.rows(
        "select start_time from admin_etl_job_history where job_name = 'Job_ExtractICON'"
        " and status = 'COMPLETE' order by start_time"
    )
    transforms = served.rows(
        "select start_time from admin_etl_job_history where job_name = 'Job_TransformGIM'"
        " order by start_time"
    )
    # Each cycle's transformation starts after its extraction.
    assert transforms[0][0] > extractions[0][0]
    assert (
        "Job_ExtractICON (JOB_ID" in served.logged()
        and "started: ETL cycle due at" in served.logged()
    )
    assert served.rows("select count(*) from interaction_fact")[0][0] > 0


def test_a_second_server_is_refused_naming_the_first(served: Served) -> None:
    second = served.gim("server")
    assert second.returncode == 4
    line = second.stderr.strip().splitlines()[-1]
    assert line.startswith(
        f"gim: a gim server already serves this Info Mart (gim server pid {served.process.pid} on "
    )
    assert f"http://127.0.0.1:{served.port}" in line
    kept = served.gim("db", "stop")
    assert kept.returncode == 1
    assert "uses it (and would start it again): stop the server first" in kept.stderr


def test_an_invalid_configuration_is_refused_and_the_old_one_kept(served: Served) -> None:
    good = served.config.read_text()
    extractions = served.rows(
        "select count(*) from admin_etl_job_history where job_name = 'Job_ExtractICON'"
    )[0][0]
    try:
        served.config.write_text(good.replace("etl-frequency: 1", "etl-frequency: 0"))
        wait_for(
            "the refusal",
            lambda: "refused, the last valid configuration stays in force" in served.logged(),
            30,
            served.log,
        )
        assert "schedule.etl-frequency: 0 is out of range" in served.logged()
        assert served.process.poll() is None
        # Still scheduling on the old configuration: another cycle starts.
        wait_for(
            "a cycle on the old configuration",
            lambda: (
                served.rows(
                    "select count(*) from admin_etl_job_history where job_name = 'Job_ExtractICON'"
                )[0][0]
                > extractions
            ),
            180,
            served.log,
        )
    finally:
        served.config.write_text(good)
    wait_for(
        "the good file",
        lambda: "re-read: the new configuration is in force" in served.logged(),
        30,
        served.log,
    )


@contextmanager
def another_instance_running(served: Served, job_name: str) -> Iterator[None]:
    """Another process's `job_name` holds its lock and its RUNNING row, then completes."""
    holder = str(uuid.uuid4())
    with advisory_lock(served.uri, job_name), psycopg.connect(served.uri, autocommit=True) as conn:
        history.start_job(conn, SCHEMA, holder, job_name, "test", "")
        try:
            yield
        finally:
            history.finish_job(conn, SCHEMA, holder, history.COMPLETE)


def test_job_control_through_the_cli(served: Served) -> None:
    """A job asked for while another instance runs is SCHEDULED; `gim stop` cancels it."""
    with another_instance_running(served, "Job_InitializeGIM"):
        asked = served.gim("job", "run", "Job_InitializeGIM")
        assert asked.returncode == 0, asked.stderr
        assert "Job_InitializeGIM SCHEDULED (JOB_ID " in asked.stdout
        job_id = asked.stdout.split("JOB_ID ")[1].split(")")[0]
        time.sleep(3)  # the scheduler has seen it and lets it wait
        scheduled = served.gim("jobs", "--status", "SCHEDULED", "--show-id")
        assert job_id in scheduled.stdout
        cancelled = served.gim("stop", job_id)
        assert cancelled.returncode == 0 and "cancelled before it started" in cancelled.stdout
        assert served.rows(
            "select count(*) from admin_etl_job_history where job_id = %s", job_id
        ) == [(0,)]
    refused = served.gim("job", "run", "Job_ExportGIM")
    assert refused.returncode == 1
    assert "Job_ExportGIM runs on its schedule only" in refused.stderr
    bad = served.gim(
        "job", "run", "Job_AggregateGIM", "-insertPendingAgg", "NOPE:2026-01-01:2026-01-02"
    )
    assert bad.returncode == 1 and "NOPE" in bad.stderr


def test_metrics_parse_and_their_latency_is_gim_status(served: Served) -> None:
    wait_for("two ETL cycles", lambda: completed(served, "Job_TransformGIM") >= 2, 420, served.log)
    status, body = http(f"{served.base}/metrics")
    assert status == 200
    families = {family.name: family for family in text_string_to_metric_families(body)}
    latency = {s.labels["area"]: s.value for s in families["gim_etl_latency_seconds"].samples}
    shown = served.gim("status")
    assert shown.returncode == 0, shown.stderr
    voice = next(line for line in shown.stdout.splitlines() if line.startswith("Voice Extract"))
    hours, minutes, seconds = (int(part) for part in voice.split()[2].split(":"))
    assert abs(latency["Voice Extract"] - (hours * 3600 + minutes * 60 + seconds)) <= 10
    assert latency["Voice Transform"] >= latency["Voice Extract"]
    running = {s.labels["job"]: s.value for s in families["gim_jobs_running"].samples}
    assert set(running) >= {"Job_ExtractICON", "Job_TransformGIM", "Job_InitializeGIM"}
    successes = {
        s.labels["job"] for s in families["gim_job_last_success_timestamp_seconds"].samples
    }
    assert "Job_TransformGIM" in successes
    assert families["gim_rows_extracted"].samples[0].value > 0
    assert families["gim_etl_cycles_completed"].samples[0].value >= 2
    health = json.loads(http(f"{served.base}/healthz")[1])
    assert health["status"] == "ok" and health["last_tick"]


def test_the_manager_page_in_a_browser(served: Served, tmp_path: Path) -> None:
    """Filter to FAILED jobs of the last 7 days, run Job_AggregateGIM with parameters, stop it,
    see ETL Status; a screenshot of each view."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    shots = DOCS if os.environ.get("GIM_UPDATE_SCREENSHOTS") else tmp_path
    browser = _chromium()
    try:
        browser.get(f"{served.base}/jobs")
        assert browser.find_element(By.ID, "nav-jobs").text == "Job History"
        assert browser.find_elements(By.CSS_SELECTOR, "tr.job")
        browser.find_element(By.ID, "open-filter").click()
        days = browser.find_element(By.ID, "filter-days")
        days.clear()
        days.send_keys("7")
        browser.find_element(By.ID, "filter-by-status").click()
        Select(browser.find_element(By.ID, "filter-status")).select_by_visible_text("FAILED")
        browser.find_element(By.ID, "apply-filter").click()
        # The click submits the form; the filtered page loads after it returns.
        wait_for(
            "the filtered page",
            lambda: "status=FAILED" in browser.current_url and "days=7" in browser.current_url,
            30,
            served.log,
        )
        shown = {
            row.get_attribute("data-status")
            for row in browser.find_elements(By.CSS_SELECTOR, "tr.job")
        }
        assert shown <= {"FAILED"}
        assert "status FAILED" in browser.find_element(By.ID, "filter-summary").text

        browser.get(f"{served.base}/jobs?days=7&show=count&limit=50")
        browser.save_screenshot(str(shots / "manager-job-history.png"))
        today = datetime.now(UTC).date()
        browser.find_element(By.ID, "open-run-job").click()
        Select(browser.find_element(By.ID, "job-name")).select_by_visible_text("Job_AggregateGIM")
        parameters = f"-insertPendingAgg ALLSETS:{today - timedelta(days=1)}:{today}"
        browser.find_element(By.ID, "job-parameters").send_keys(parameters)
        browser.save_screenshot(str(shots / "manager-run-job.png"))
        browser.find_element(By.ID, "confirm-run-job").click()
        message = browser.find_element(By.ID, "message").text
        assert message.startswith("Job_AggregateGIM SCHEDULED (JOB_ID ")
        job_id = message.split("JOB_ID ")[1].rstrip(")")
        wait_for(
            "the aggregation running",
            lambda: (
                served.rows("select status from admin_etl_job_history where job_id = %s", job_id)
                == [("RUNNING",)]
            ),
            120,
            served.log,
        )
        assert served.rows(
            "select job_parameters from admin_etl_job_history where job_id = %s", job_id
        ) == [(parameters,)]

        browser.get(f"{served.base}/jobs?days=1&show=status&status=RUNNING")
        row = browser.find_element(By.CSS_SELECTOR, f"tr.job[data-job-id='{job_id}']")
        row.click()
        browser.find_element(By.ID, "stop-job").click()
        assert "asked to stop" in browser.find_element(By.ID, "message").text
        wait_for(
            "the aggregation stopped",
            lambda: (
                served.rows("select status from admin_etl_job_history where job_id = %s", job_id)
                != [("RUNNING",)]
            ),
            120,
            served.log,
        )
        assert (
            f"Job_AggregateGIM (JOB_ID {job_id}) stopped by an administrator (manager page)"
            in served.logged()
        )

        browser.find_element(By.ID, "nav-status").click()
        areas = {
            row.find_elements(By.TAG_NAME, "td")[0].text: row.find_elements(By.TAG_NAME, "td")[
                1
            ].text
            for row in browser.find_elements(By.CSS_SELECTOR, "tr.area")
        }
        assert areas["Voice Extract"].count(":") == 2 and areas["Voice Transform"] != "no data"
        assert "auto-refresh every 30 s" in browser.find_element(By.ID, "refresh-state").text
        browser.save_screenshot(str(shots / "manager-etl-status.png"))
    finally:
        browser.quit()


def test_a_scheduled_job_is_cancelled_on_the_page(served: Served) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser = _chromium()
    try:
        with another_instance_running(served, "Job_InitializeGIM"):
            browser.get(f"{served.base}/jobs")
            browser.find_element(By.ID, "open-run-job").click()
            Select(browser.find_element(By.ID, "job-name")).select_by_visible_text(
                "Job_InitializeGIM"
            )
            browser.find_element(By.ID, "confirm-run-job").click()
            job_id = browser.find_element(By.ID, "message").text.split("JOB_ID ")[1].rstrip(")")
            time.sleep(3)  # the scheduler has seen it: it waits for the running instance
            browser.get(f"{served.base}/jobs?days=1&show=status&status=SCHEDULED")
            browser.find_element(By.CSS_SELECTOR, f"tr.job[data-job-id='{job_id}']").click()
            browser.find_element(By.ID, "stop-job").click()
            assert "cancelled before it started" in browser.find_element(By.ID, "message").text
            assert not browser.find_elements(By.CSS_SELECTOR, f"tr.job[data-job-id='{job_id}']")
    finally:
        browser.quit()


def test_a_post_without_the_pages_csrf_token_is_refused(served: Served) -> None:
    request = urllib.request.Request(
        f"{served.base}/jobs/run", data=b"job_name=Job_ExtractICON&csrf=forged", method="POST"
    )
    request.add_header("Cookie", "gim_csrf=other")
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 403


@contextmanager
def idb_column_renamed(served: Served, table: str, column: str) -> Iterator[None]:
    """The served IDB without one column extraction reads (an IDB older than the contract)."""
    idb = psycopg.conninfo.make_conninfo(served.uri, dbname=IDB)
    with psycopg.connect(idb, autocommit=True) as conn:
        conn.execute(f"alter table {table} rename column {column} to {column}_gone")
        try:
            yield
        finally:
            conn.execute(f"alter table {table} rename column {column}_gone to {column}")


def test_an_older_idb_puts_the_server_in_migration_state_until_job_migrategim(
    served: Served,
) -> None:
    """The guide: the server "will not run any jobs until you manually run Job_MigrateGIM"."""
    with idb_column_renamed(served, "g_party", "partyguid"):
        wait_for(
            "the migration state",
            lambda: "migration state: only Job_MigrateGIM runs" in served.logged(),
            180,
            served.log,
        )
        assert f"IDB {IDB} is older than the minimum IDB schema" in served.logged()
        asked = served.gim("job", "run", "Job_TransformGIM")
        assert asked.returncode == 0, asked.stderr
        wait_for(
            "the refusal",
            lambda: "refused: the server is in migration state (IDB" in served.logged(),
            30,
            served.log,
        )
        migrating = served.gim("job", "run", "Job_MigrateGIM")
        assert migrating.returncode == 0, migrating.stderr
        wait_for(
            "Job_MigrateGIM refused the IDB too",
            lambda: (
                "Job_MigrateGIM (JOB_ID" in served.logged()
                and " FAILED in " in served.logged().split("Job_MigrateGIM (JOB_ID")[-1]
            ),
            120,
            served.log,
        )
    extractions = completed(served, "Job_ExtractICON")
    assert served.gim("job", "run", "Job_MigrateGIM").returncode == 0  # ICON upgraded
    wait_for(
        "the migration state's end",
        lambda: "migration state ended: Job_MigrateGIM completed" in served.logged(),
        120,
        served.log,
    )
    wait_for(
        "a cycle again",
        lambda: completed(served, "Job_ExtractICON") > extractions,
        180,
        served.log,
    )


def test_sigterm_stops_the_server_and_its_jobs(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=90) == 0
    assert served.logged().rstrip().endswith("gim server: stopped")
    assert served.rows("select count(*) from admin_etl_job_history where status = 'RUNNING'") == [
        (0,)
    ]
    assert http(f"{served.base}/healthz")[0] == 0


def test_a_page_open_to_the_network_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    config = tmp_path / "gim.yml"
    config.write_text(
        server_config(free_port(), "").replace("server:\n", "server:\n  host: 0.0.0.0\n")
    )
    env = {**os.environ, "GIM_HOME": str(tmp_path)}
    env.pop("GIM_SERVER_TOKEN", None)
    result = subprocess.run(
        [GIM, "--config", str(config), "server"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "server.host: 0.0.0.0 is reachable from other machines" in result.stderr
    assert not (tmp_path / "pgdata").exists()


def _chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    assert binary and driver, (
        "Debian's chromium and chromium-driver: `make system-deps` installs them"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.implicitly_wait(10)
    return browser
