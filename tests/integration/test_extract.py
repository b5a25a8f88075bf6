"""Job_ExtractICON on simulated IDBs: complete, repeatable, resumable, the same in one go or many."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from idb_scenarios import RUN_COLUMNS, extract, gidb_rows, simulate, single_idb, write_late_row
from psycopg import sql

from orchestrator import MIN_IDB_SCHEMA_VERSION
from orchestrator.config import load_config, validate
from orchestrator.db import idb_uri
from orchestrator.errors import GimError, IdbOutOfDate
from orchestrator.extract.copy import Backlog
from orchestrator.gidb.schema import GIDB_BY_NAME, GIDB_TABLES
from orchestrator.idb.catalogue import TABLES
from orchestrator.idb.render import DDL_PATH
from orchestrator.job_runner import run_job
from orchestrator.jobs import job_named
from orchestrator.maintain.statistics import tables_due
from orchestrator.server.run import prepare_the_schema

pytestmark = pytest.mark.slow

CLOCKS = (datetime(2026, 3, 8, 10, 0, tzinfo=UTC), datetime(2026, 3, 8, 14, 0, tzinfo=UTC), None)


@pytest.fixture(scope="module")
def extracted(initialized, dbt_project, uri, tmp_path_factory) -> dict[str, dict[str, set[str]]]:
    """The same simulated day extracted once at the end, and in three cycles."""
    truth = tmp_path_factory.mktemp("extract-truth")
    once = single_idb("ex_once")
    simulate(once, None, truth)
    extract(once, dbt_project)
    cycles = single_idb("ex_cycles")
    for clock in CLOCKS:
        simulate(cycles, clock, truth)
        extract(cycles, dbt_project)
    with psycopg.connect(uri) as conn:
        return {"once": gidb_rows(conn, "ex_once"), "cycles": gidb_rows(conn, "ex_cycles")}


def test_cycles_with_calls_in_flight_end_as_one_extraction_at_the_end(extracted) -> None:
    once, cycles = extracted["once"], extracted["cycles"]
    differing = {
        name: len(once[name] ^ cycles[name]) for name in once if once[name] != cycles[name]
    }
    assert differing == {}
    assert sum(len(rows) for rows in once.values()) > 10_000


def test_gidb_holds_every_idb_row(extracted) -> None:
    with psycopg.connect(idb_uri(single_idb("ex_once"), "ex_once")) as idb:
        for table in GIDB_TABLES:
            source_type = {"voice": 1, "mm": 2}.get(table.medium)
            query = sql.SQL("select count(*) from {} as t").format(
                sql.Identifier(table.source.name)
            )
            if source_type is not None:
                query += sql.SQL(
                    " where t.gsys_domain in (select dss_id from {} where ds_type = %s)"
                ).format(sql.Identifier(f"g_dss_{table.source.provider}_provider"))
            expected = idb.execute(query, (source_type,) if source_type else ()).fetchone()[0]
            assert len(extracted["once"][table.name]) == expected, table.name


def test_the_gidb_tables_extraction_wrote_are_left_with_current_statistics(extracted, conn) -> None:
    """Job_TransformGIM joins into GIDB seconds after extraction: planned on tables PostgreSQL
    had no statistics for, a first load's int_agent_parties_routed ran for over ten minutes."""
    stale = [
        table.table
        for table in tables_due(conn, "gim")
        if table.table in GIDB_BY_NAME and table.needs_analyze
    ]
    assert stale == []
    analysed = conn.execute(
        "select count(*) from pg_stat_user_tables where schemaname = 'gim'"
        " and relname = any(%s) and last_analyze is not null",
        (list(GIDB_BY_NAME),),
    ).fetchone()[0]
    assert analysed > 10


def test_a_second_run_changes_nothing(extracted, dbt_project, conn) -> None:
    before = gidb_rows(conn, "ex_once")
    audits = conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0]
    extract(single_idb("ex_once"), dbt_project)
    assert gidb_rows(conn, "ex_once") == before
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits


def test_a_run_that_dies_inside_a_chunk_is_resumed_without_loss_or_duplicates(
    extracted, dbt_project, conn, tmp_path, monkeypatch
) -> None:
    config = single_idb("ex_crash")
    simulate(config, None, tmp_path)
    real_copy = Backlog.move
    calls = {"n": 0}

    def dying_copy(*args, **kwargs):
        calls["n"] += 1
        result = real_copy(*args, **kwargs)
        if calls["n"] == 40:  # rows copied, transaction not yet committed
            raise RuntimeError("simulated crash inside a chunk")
        return result

    monkeypatch.setattr(Backlog, "move", dying_copy)
    with pytest.raises(Exception, match="simulated crash"):
        extract(config, dbt_project)
    monkeypatch.setattr(Backlog, "move", real_copy)
    extract(config, dbt_project)
    assert gidb_rows(conn, "ex_crash") == extracted["once"]
    failed = conn.execute(
        "select count(*) from gim.ctl_etl_history where job_name = 'Job_ExtractICON'"
        " and status = 'FAILED' and error_message like '%%simulated crash%%'"
    ).fetchone()[0]
    assert failed == 1


def test_a_row_without_its_natural_key_is_discarded_with_the_reason(
    extracted, dbt_project, conn
) -> None:
    config = single_idb("ex_once")
    write_late_row(
        config,
        "ex_once",
        "insert into g_virtual_queue (id, callid, endpointid, added, added_ts, gsys_domain,"
        " gsys_seq, gsys_useq) values (999999, 'NOPARTYCALL', 1, to_timestamp(%s), %s, %s,"
        " 0, 0)",
    )
    extract(config, dbt_project)
    discarded = conn.execute(
        "select source_table, source_key, reason_code, reason, record_data"
        " from gim.stg_transform_discards where source_key = '999999'"
    ).fetchall()
    assert len(discarded) == 1
    table, key, code, reason, record = discarded[0]
    assert (table, key, code) == ("g_virtual_queue", "999999", "NO_NATURAL_KEY")
    assert "partyid" in reason and "NOPARTYCALL" in record
    copied = conn.execute(
        "select count(*) from gim.gidb_g_virtual_queue_v where callid = 'NOPARTYCALL'"
    ).fetchone()[0]
    assert copied == 0


def test_an_ha_pair_with_an_outage_gap_extracts_as_the_single_idb(
    extracted, dbt_project, conn, tmp_path
) -> None:
    config = validate(
        {
            "idb": [
                {"name": "ex_ha_a", "ha-group": "ex_ha"},
                {"name": "ex_ha_b", "ha-group": "ex_ha"},
            ]
        },
        source=None,
    )
    simulate(config, None, tmp_path, ha=True)
    extract(config, dbt_project)
    without_domain = RUN_COLUMNS | {"gsys_domain"}
    assert gidb_rows(conn, "ex_ha", without_domain) == gidb_rows(conn, "ex_once", without_domain)


def test_an_unreachable_idb_never_read_fails_the_job_naming_it(
    initialized, dbt_project, conn
) -> None:
    """The others are extracted (here, nothing new), the unreachable one named; it was never read,
    so it is never judged stuck (tests/integration/test_connectivity_loss.py has the rest)."""
    config = validate(
        {
            "idb": [
                {"name": "ex_once"},
                {"name": "ex_gone", "dsn": "postgresql://nobody@127.0.0.1:1/icon"},
            ]
        },
        source=None,
    )
    audits = conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0]
    with pytest.raises(GimError, match="IDB ex_gone cannot be reached"):
        extract(config, dbt_project)
    reason = conn.execute(
        "select error_message from gim.ctl_etl_history where job_name = 'Job_ExtractICON'"
        " order by start_ts desc, job_id desc limit 1"
    ).fetchone()[0]
    assert reason.startswith("IDB ex_gone cannot be reached")
    assert "and was never read: extraction needs it once" in reason
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits
    assert conn.execute(
        "select kind from gim.ctl_source_episode where idb_name = 'ex_gone' and ended_ts is null"
    ).fetchall() == [("UNREACHABLE",)]


def test_a_database_without_the_icon_tables_fails_the_job_naming_it(
    initialized, dbt_project, conn
) -> None:
    config = validate({"idb": [{"name": "ex_not_icon", "roles": ["ICON_CFG"]}]}, source=None)
    audits = conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0]
    with pytest.raises(GimError) as refused:
        extract(config, dbt_project)
    assert str(refused.value).startswith(
        "Job_ExtractICON failed: IDB ex_not_icon lacks 20 of the tables its roles are read from:"
        " g_dss_cfg_provider,"
    )
    assert "(the IDB contract is in docs/idb.md)" in str(refused.value)
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits


@pytest.fixture
def older_idb(initialized) -> Iterator[tuple[str, psycopg.Connection]]:
    """An IDB of the contract's tables, one of whose columns extraction reads is missing."""
    name = "ex_old_icon"
    with psycopg.connect(idb_uri(single_idb(name), name), autocommit=True) as idb:
        names = ", ".join(table.name for table in TABLES)
        idb.execute(f"drop table if exists {names}")
        idb.execute(DDL_PATH.read_text(encoding="utf-8"))
        idb.execute("alter table g_party drop column partyguid")
        yield name, idb


def test_an_idb_older_than_the_contract_is_refused_until_it_is_upgraded(
    older_idb, dbt_project, conn
) -> None:
    name, idb = older_idb
    calendar = {  # the session's, which Job_MigrateGIM's calendar step checks
        "date-time-tz": "America/New_York",
        "date-time-start-year": datetime.now(UTC).year,
        "date-time-max-days-ahead": 400,
    }
    config = validate({"idb": [{"name": name}], "date-time": calendar}, source=None)
    line = (
        f"IDB {name} is older than the minimum IDB schema {MIN_IDB_SCHEMA_VERSION}: it lacks"
        " g_party.partyguid; upgrade Interaction Concentrator, then run"
        " `gim job run Job_MigrateGIM`"
    )
    with pytest.raises(GimError) as refused:
        extract(config, dbt_project)
    assert str(refused.value) == f"Job_ExtractICON failed: {line}"
    assert refused.value.exit_code == 5
    with pytest.raises(IdbOutOfDate) as at_start:
        prepare_the_schema(config)
    assert str(at_start.value) == f"server: {line}"
    with pytest.raises(GimError) as migrating:
        run_job(job_named("Job_MigrateGIM"), config, dbt=dbt_project, echo=lambda _: None)
    assert str(migrating.value) == f"Job_MigrateGIM failed: {line}"
    assert migrating.value.exit_code == 5

    idb.execute("alter table g_party add column partyguid varchar(50)")  # ICON upgraded
    migrated = run_job(job_named("Job_MigrateGIM"), config, dbt=dbt_project, echo=lambda _: None)
    (indexed,) = [row for row in migrated.summary if row.startswith(f"IDB {name}:")]
    assert re.fullmatch(rf"IDB {name}: missing extraction indexes created: [1-9]\d*", indexed)
    prepare_the_schema(config)
    assert extract(config, dbt_project)


def test_a_disabled_idb_is_skipped_without_being_reached(extracted, dbt_project) -> None:
    config = validate(
        {
            "idb": [
                {"name": "ex_once"},
                {"name": "ex_off", "dsn": "postgresql://nobody@127.0.0.1:1/icon", "enabled": False},
            ]
        },
        source=None,
    )
    summary = extract(config, dbt_project)
    assert "IDB ex_off is disabled in the configuration: skipped" in summary


def test_a_stuck_source_holds_back_only_itself_and_is_caught_up_later(
    extracted, dbt_project, conn, tmp_path
) -> None:
    config = validate(
        {"idb": [{"name": "ex_stuck"}], "gim-etl": {"extract-data-stuck-threshold": 3600}},
        source=None,
    )
    simulate(config, CLOCKS[1], tmp_path)
    stuck_at = int(CLOCKS[0].timestamp())
    with psycopg.connect(idb_uri(config, "ex_stuck"), autocommit=True) as idb:
        stuck = idb.execute(
            "select max(ds_dbid) from g_dss_gcc_provider where ds_type = 1"
        ).fetchone()[0]
        for provider in ("gcc", "gls", "gud"):
            idb.execute(
                sql.SQL(
                    "update {} set levent_itime = to_timestamp(%s) at time zone 'UTC'"
                    " where ds_dbid = %s"
                ).format(sql.Identifier(f"g_dss_{provider}_provider")),
                (stuck_at, stuck),
            )
    summary = extract(config, dbt_project)
    warnings = [line for line in summary if line.startswith("WARNING")]
    assert len(warnings) == 1
    # Four hours behind the other T-Server, less the few seconds its last row came before 14:00.
    lag = re.match(rf"WARNING: IDB ex_stuck, T-SERVER {stuck}: no data for (\d+) s", warnings[0])
    assert lag and 14400 - 120 <= int(lag[1]) <= 14400
    assert "stuck (extract-data-stuck-threshold 3600 s)" in warnings[0]
    marks = dict(
        conn.execute(
            "select dss_id, max(max_ts) from gim.ctl_extract_history"
            " where dap_name = 'ex_stuck' and data_source_type = 1 group by dss_id"
        ).fetchall()
    )
    assert marks[stuck] <= stuck_at
    assert min(mark for source, mark in marks.items() if source != stuck) > stuck_at + 3 * 3600
    simulate(config, None, tmp_path)
    extract(config, dbt_project)
    assert gidb_rows(conn, "ex_stuck") == extracted["once"]


def test_a_run_killed_with_sigkill_is_resumed_without_loss_or_duplicates(
    extracted, dbt_project, conn, gim_home, tmp_path
) -> None:
    config_path = tmp_path / "gim.yml"
    config_path.write_text("idb:\n  - name: ex_kill\n")
    config = load_config(config_path)
    simulate(config, None, tmp_path)
    env = {**os.environ, "GIM_HOME": str(gim_home), "GIM_CONFIG": str(config_path)}
    gim = Path(sys.executable).parent / "gim"
    process = subprocess.Popen(
        [str(gim), "job", "run", "Job_ExtractICON"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    chunks = 0
    for _ in range(1200):
        chunks = conn.execute(
            "select count(*) from gim.ctl_extract_history where dap_name = 'ex_kill'"
        ).fetchone()[0]
        if chunks >= 30 or process.poll() is not None:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert chunks >= 30, "the job ended before it could be killed"
    for _ in range(200):  # the server notices the dead client and frees its job lock
        if not conn.execute("select count(*) from pg_locks where locktype = 'advisory'").fetchone()[
            0
        ]:
            break
        time.sleep(0.05)
    extract(config, dbt_project)
    assert gidb_rows(conn, "ex_kill") == extracted["once"]
    statuses = [
        row[0]
        for row in conn.execute(
            "select status from gim.ctl_etl_history where job_name = 'Job_ExtractICON'"
            " order by start_ts desc limit 2"
        )
    ]
    assert statuses == ["COMPLETE", "FAILED"]
