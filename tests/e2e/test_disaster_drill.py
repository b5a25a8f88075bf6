"""The disaster drill of the Business Continuity guide, as an administrator runs it: an active Info
Mart in a PostgreSQL of its own, a streaming standby made with `gim standby create`; cycles run on
the active, which is killed mid-cycle; the standby is promoted (`--disaster`, after refusing while
the active still streamed), the cycles go on there, and its facts equal those of an Info Mart fed
without interruption from the same IDB: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

pytestmark = pytest.mark.slow

GIM = str(Path(sys.executable).parent / "gim")
DAY = (datetime.now(UTC) - timedelta(days=2)).date()
#: What two Info Marts fed from the same IDB must agree on, facts and aggregates (no surrogate
#: ids, no audit keys): the active-active topology's promise, too.
FACTS = {
    "interaction_fact": (
        "media_server_ixn_guid", "source_address", "target_address", "status", "start_ts", "end_ts",
    ),
    "interaction_resource_fact": (
        "partyguid", "start_ts", "end_ts", "queue_duration", "mediation_duration", "ring_duration",
        "talk_duration", "hold_duration", "after_call_work_duration", "handle_count",
    ),
    "sm_res_state_fact": ("media_type_key", "resource_state_key", "start_ts", "end_ts", "total_duration"),
    "ag2_queue_hour": ("date_time_key", "entered", "accepted", "abandoned", "queue_time"),
    "ag2_i_sess_state_day": ("date_time_key", "ready_time", "not_ready_time", "busy_time"),
}  # fmt: skip


def config(folder: Path, name: str, infomart: str) -> Path:
    """The IDB on the session's embedded server, by DSN (a configured Info Mart DSN needs one)."""
    from orchestrator import embedded

    path = folder / f"{name}.yml"
    idb = embedded.server_uri("drill_idb")
    path.write_text(
        f"infomart:\n{infomart}\nidb:\n  - name: drill_idb\n    dsn: {idb}\n"
        f"date-time:\n  date-time-start-year: {DAY.year}\n  date-time-max-days-ahead: 400\n"
    )
    return path


def gim(home: Path, configured: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GIM, "--config", str(configured), *args],
        cwd=configured.parent,
        env={**os.environ, "GIM_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def facts(uri: str, schema: str) -> dict[str, Counter]:
    with psycopg.connect(uri) as conn:
        return {
            table: Counter(
                conn.execute(
                    sql.SQL("select {} from {}.{}").format(
                        sql.SQL(", ").join(map(sql.Identifier, columns)),
                        sql.Identifier(schema),
                        sql.Identifier(table),
                    )
                ).fetchall()
            )
            for table, columns in FACTS.items()
        }


def test_the_standby_takes_over_after_the_active_is_lost(
    gim_home: Path, uri: str, initialized: str, tmp_path: Path
) -> None:
    import pgserver
    from pgserver._commands import pg_ctl

    active_dir = tmp_path / "active"
    active = pgserver.get_server(active_dir, cleanup_mode=None)
    with psycopg.connect(active.get_uri(), autocommit=True) as admin:
        admin.execute("create database infomart")
    on_active = config(tmp_path, "active", f"  dsn: {active.get_uri('infomart')}")
    assert gim(gim_home, on_active, "init").returncode == 0
    created = gim(gim_home, on_active, "standby", "create", "--pgdata", str(tmp_path / "standby"))
    assert created.returncode == 0, created.stderr
    standby_uri = created.stdout.split("standby streaming from the active Info Mart: ")[1].split()[
        0
    ]
    on_standby = config(tmp_path, "standby", f"  dsn: {standby_uri}")
    user = {"user": "pgserver"} if os.geteuid() == 0 else {}
    try:
        status = gim(gim_home, on_standby, "standby", "status")
        assert status.stdout.startswith("standby: WAL receiver streaming from "), status.stdout
        refused = gim(gim_home, on_standby, "job", "run", "Job_ExtractICON")
        assert refused.returncode == 1
        assert "this Info Mart is a standby (a read-only replica" in refused.stderr
        split = gim(gim_home, on_standby, "standby", "promote", "--disaster")
        assert split.returncode == 1 and "still streams to this standby" in split.stderr
        _a_server_on_the_standby_runs_no_job(gim_home, on_standby, tmp_path)

        simulate = ("simulate", "--agents", "8", "--start", str(DAY), "--idb", "drill_idb")
        truth = ("--truth", str(tmp_path / "truth"))
        assert (
            gim(gim_home, on_active, *simulate, *truth, "--until", f"{DAY} 09:00").returncode == 0
        )
        assert gim(gim_home, on_active, "cycle").returncode == 0
        assert (
            gim(gim_home, on_active, *simulate, *truth, "--until", f"{DAY} 17:00").returncode == 0
        )
        cycle = subprocess.Popen(
            [GIM, "--config", str(on_active), "cycle"],
            cwd=tmp_path,
            env={**os.environ, "GIM_HOME": str(gim_home)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)  # mid-cycle
        pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=active_dir, **user)  # the site is lost
        _, died = cycle.communicate(timeout=300)
        assert cycle.returncode != 0, "the cycle outlived its Info Mart"
        assert died.strip().splitlines()[-1].startswith("gim: "), died

        careful = gim(gim_home, on_standby, "standby", "promote")
        assert careful.returncode == 1 and "confirm with --disaster" in careful.stderr
        promoted = gim(gim_home, on_standby, "standby", "promote", "--disaster")
        assert promoted.returncode == 0, promoted.stderr
        assert promoted.stdout.startswith("promoted: this Info Mart is in service")
        assert gim(gim_home, on_standby, *simulate, *truth).returncode == 0
        resumed = gim(gim_home, on_standby, "cycle")
        assert resumed.returncode == 0, resumed.stderr

        reference = config(tmp_path, "reference", "  schema: gim_drill_ref")
        assert gim(gim_home, reference, "init").returncode == 0
        assert gim(gim_home, reference, "cycle").returncode == 0
        drilled, uninterrupted = facts(standby_uri, "gim"), facts(uri, "gim_drill_ref")
        for table in FACTS:
            assert sum(uninterrupted[table].values()) > 0, table
            assert drilled[table] == uninterrupted[table], table
    finally:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=tmp_path / "standby", **user)


def _a_server_on_the_standby_runs_no_job(home: Path, configured: Path, folder: Path) -> None:
    """`gim server` on the standby says so in one line and on the page, and starts nothing."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    served = configured.with_name("standby-server.yml")
    served.write_text(
        configured.read_text() + f"schedule:\n  run-scheduler: true\n  run-maintain: false\n"
        f"  etl-start-time: '00:00'\n  etl-end-time: '00:00'\nserver:\n  port: {port}\n"
    )
    log = folder / "standby-server.log"
    with open(log, "w") as sink:
        server = subprocess.Popen(
            [GIM, "--config", str(served), "server"],
            cwd=folder,
            env={**os.environ, "GIM_HOME": str(home)},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "no job runs on it" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(1)
        assert "this Info Mart is a standby (a read-only replica" in log.read_text(), (
            log.read_text()
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/jobs", timeout=30) as page:
            assert 'id="standby"' in page.read().decode()
        time.sleep(3)
        assert "started:" not in log.read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=90) == 0
