"""Job_ExtractICON on simulated IDBs: complete, repeatable, resumable, the same in one go or many."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.db import idb_uri
from orchestrator.errors import GimError
from orchestrator.extract import copy as extract_copy
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.jobs import job_named, run_job
from orchestrator.simulator.params import validated
from orchestrator.simulator.run import run_simulation
from orchestrator.simulator.targets import targets_from_config

pytestmark = pytest.mark.slow

START = date(2026, 3, 8)
CLOCKS = (datetime(2026, 3, 8, 10, 0, tzinfo=UTC), datetime(2026, 3, 8, 14, 0, tzinfo=UTC), None)
#: Columns that legitimately differ between two extractions of the same rows.
RUN_COLUMNS = {"data_source_key", "create_audit_key", "update_audit_key"}


def _config(idb: str) -> Config:
    return validate({"idb": [{"name": idb}]}, source=None)


def _simulate(config: Config, until: datetime | None, truth: Path, ha: bool = False) -> None:
    """The same simulated day every time (multimedia and outbound included), up to `until`."""
    params = validated(
        agents=30,
        days=1,
        start=START,
        seed=11,
        sites=2,
        media=("voice", "chat", "email"),
        until=until,
        outbound=True,
    )
    run_simulation(params, targets_from_config(config, params, None, ha), truth, lambda _: None)


def _extract(config: Config, dbt_project) -> None:
    run_job(job_named("Job_ExtractICON"), config, dbt=dbt_project, echo=lambda _: None)


def _gidb(
    conn: psycopg.Connection, data_source: str, leave_out: set[str] = RUN_COLUMNS
) -> dict[str, set[str]]:
    """Every GIDB row of one data source, as text without the run-specific columns."""
    key = conn.execute(
        "select data_source_key from gim.ctl_ds where data_source_name = %s",
        (data_source,),
    ).fetchone()[0]
    rows = {}
    for table in GIDB_TABLES:
        columns = [c.name for c in table.columns if c.name not in leave_out]
        query = sql.SQL("select row({})::text from gim.{} where data_source_key = %s").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table.name)
        )
        rows[table.name] = {row[0] for row in conn.execute(query, (key,))}
    return rows


@pytest.fixture(scope="module")
def extracted(initialized, dbt_project, uri, tmp_path_factory) -> dict[str, dict[str, set[str]]]:
    """The same simulated day extracted once at the end, and in three cycles."""
    truth = tmp_path_factory.mktemp("extract-truth")
    once = _config("ex_once")
    _simulate(once, None, truth)
    _extract(once, dbt_project)
    cycles = _config("ex_cycles")
    for clock in CLOCKS:
        _simulate(cycles, clock, truth)
        _extract(cycles, dbt_project)
    with psycopg.connect(uri) as conn:
        return {"once": _gidb(conn, "ex_once"), "cycles": _gidb(conn, "ex_cycles")}


def test_cycles_with_calls_in_flight_end_as_one_extraction_at_the_end(extracted) -> None:
    once, cycles = extracted["once"], extracted["cycles"]
    differing = {
        name: len(once[name] ^ cycles[name]) for name in once if once[name] != cycles[name]
    }
    assert differing == {}
    assert sum(len(rows) for rows in once.values()) > 10_000


def test_gidb_holds_every_idb_row(extracted) -> None:
    with psycopg.connect(idb_uri(_config("ex_once"), "ex_once")) as idb:
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


def test_a_second_run_changes_nothing(extracted, dbt_project, conn) -> None:
    before = _gidb(conn, "ex_once")
    audits = conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0]
    _extract(_config("ex_once"), dbt_project)
    assert _gidb(conn, "ex_once") == before
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits


def test_a_run_that_dies_inside_a_chunk_is_resumed_without_loss_or_duplicates(
    extracted, dbt_project, conn, tmp_path, monkeypatch
) -> None:
    config = _config("ex_crash")
    _simulate(config, None, tmp_path)
    real_copy = extract_copy.copy_chunk
    calls = {"n": 0}

    def dying_copy(*args, **kwargs):
        calls["n"] += 1
        result = real_copy(*args, **kwargs)
        if calls["n"] == 40:  # rows copied, transaction not yet committed
            raise RuntimeError("simulated crash inside a chunk")
        return result

    monkeypatch.setattr("orchestrator.jobs.extract.copy_chunk", dying_copy)
    with pytest.raises(Exception, match="simulated crash"):
        _extract(config, dbt_project)
    monkeypatch.setattr("orchestrator.jobs.extract.copy_chunk", real_copy)
    _extract(config, dbt_project)
    assert _gidb(conn, "ex_crash") == extracted["once"]
    failed = conn.execute(
        "select count(*) from gim.ctl_etl_history where job_name = 'Job_ExtractICON'"
        " and status = 'FAILED' and error_message like '%%simulated crash%%'"
    ).fetchone()[0]
    assert failed == 1


def test_a_row_without_its_natural_key_is_discarded_with_the_reason(
    extracted, dbt_project, conn
) -> None:
    config = _config("ex_once")
    with psycopg.connect(idb_uri(config, "ex_once"), autocommit=True) as idb:
        domain, latest = idb.execute(
            "select dss_id, extract(epoch from levent_itime)::bigint from g_dss_gcc_provider"
            " where ds_type = 1 order by dss_id limit 1"
        ).fetchone()
        idb.execute(
            "update g_dss_gcc_provider set levent_itime = levent_itime + interval '1 hour'"
            " where dss_id = %s",
            (domain,),
        )
        idb.execute(
            "insert into g_virtual_queue (id, callid, endpointid, added, added_ts, gsys_domain,"
            " gsys_seq, gsys_useq) values (999999, 'NOPARTYCALL', 1, to_timestamp(%s), %s, %s,"
            " 0, 0)",
            (latest + 60, latest + 60, domain),
        )
    _extract(config, dbt_project)
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
    _simulate(config, None, tmp_path, ha=True)
    _extract(config, dbt_project)
    without_domain = RUN_COLUMNS | {"gsys_domain"}
    assert _gidb(conn, "ex_ha", without_domain) == _gidb(conn, "ex_once", without_domain)


def test_an_unreachable_idb_fails_the_job_naming_it_before_anything_is_copied(
    initialized, dbt_project, conn
) -> None:
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
        _extract(config, dbt_project)
    reason = conn.execute(
        "select error_message from gim.ctl_etl_history where job_name = 'Job_ExtractICON'"
        " order by start_ts desc, job_id desc limit 1"
    ).fetchone()[0]
    assert reason.startswith("IDB ex_gone cannot be reached")
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits


def test_a_database_without_the_icon_tables_fails_the_job_naming_it(
    initialized, dbt_project, conn
) -> None:
    config = validate({"idb": [{"name": "ex_not_icon", "roles": ["ICON_CFG"]}]}, source=None)
    audits = conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0]
    with pytest.raises(GimError) as refused:
        _extract(config, dbt_project)
    assert str(refused.value).startswith(
        "IDB ex_not_icon lacks 19 of the tables its roles are read from: g_dss_cfg_provider,"
    )
    assert "(the IDB contract is in docs/idb.md)" in str(refused.value)
    assert conn.execute("select count(*) from gim.ctl_audit_log").fetchone()[0] == audits
