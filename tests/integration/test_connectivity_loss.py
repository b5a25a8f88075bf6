"""Job_ExtractICON when an IDB goes away (the Business Continuity guide's rule), with site B's IDB
in a PostgreSQL of its own that is really stopped and restarted: an HA member down mid-day is
served by its partner; a lone IDB down for less than extract-data-stuck-threshold holds its data
back and loses nothing; down for longer, extraction goes on without it and, on its return, reads it
from the threshold back, recording the range left behind. In schema gim_bc."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from idb_scenarios import RUN_COLUMNS, START, simulate
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.continuity import continuity, shown
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import JobFailed
from orchestrator.extract.copy import written_sql
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.jobs import job_named, run_job
from orchestrator.report import etl_status
from orchestrator.server.metrics import continuity_families
from orchestrator.server.web import TEMPLATES

pytestmark = pytest.mark.slow

SCHEMA = "gim_bc"
MORNING = datetime.combine(START, datetime.min.time(), tzinfo=UTC).replace(hour=9)
AFTERNOON = MORNING.replace(hour=17)
MIDNIGHT = MORNING.timestamp() + 15 * 3600
STATES = next(table for table in GIDB_TABLES if table.name == "gidb_g_agent_state_history_v")


@dataclass
class SiteB:
    """Site B's own PostgreSQL (pgserver in a folder of its own)."""

    pgdata: Path

    def start(self) -> None:
        import pgserver

        # pgserver keeps a handle per folder: a stopped server's is forgotten to start it again.
        pgserver.postgres_server.PostgresServer._instances.pop(self.pgdata.resolve(), None)
        pgserver.get_server(self.pgdata, cleanup_mode=None)

    def stop(self) -> None:
        from pgserver._commands import pg_ctl

        user = "pgserver" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user)

    def uri(self, database: str) -> str:
        import pgserver

        server = pgserver.get_server(self.pgdata, cleanup_mode=None)
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            if not conn.execute(
                "select 1 from pg_database where datname = %s", (database,)
            ).fetchone():
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(database)))
        return server.get_uri(database)


@pytest.fixture(scope="module")
def site_b(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteB]:
    site = SiteB(tmp_path_factory.mktemp("site-b") / "pgdata")
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def project(gim_home: Path) -> DbtProject:
    config = validate({"infomart": {"schema": SCHEMA}}, source=None)
    dbt = DbtProject(uri=infomart_uri(config), schema=SCHEMA)
    dbt.manifest()
    run_job(job_named("Job_InitializeGIM"), config, dbt=dbt, echo=lambda _: None)
    return dbt


@pytest.fixture
def mart(project: DbtProject, uri: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(uri, autocommit=True) as connection:
        connection.execute(f"set search_path to {SCHEMA}")
        yield connection


def two_sites(site_b: SiteB, prefix: str, threshold: int, ha: bool = False) -> Config:
    """Site A's IDB on the session's server, site B's on its own; as an HA pair recording every
    site, or each its own site."""
    if ha:
        first = {"name": f"{prefix}_a", "ha-group": prefix}
        second = {"name": f"{prefix}_b", "dsn": site_b.uri(f"{prefix}_b"), "ha-group": prefix}
    else:
        first = {"name": f"{prefix}_a", "data-source": "SITE_A"}
        second = {
            "name": f"{prefix}_b",
            "dsn": site_b.uri(f"{prefix}_b"),
            "data-source": "SITE_B",
            "roles": ["ICON_CORE"],
        }
    return validate(
        {
            "infomart": {"schema": SCHEMA},
            "idb": [first, second],
            "gim-etl": {"extract-data-stuck-threshold": threshold},
        },
        source=None,
    )


def extract(config: Config, project: DbtProject) -> list[str]:
    return run_job(job_named("Job_ExtractICON"), config, dbt=project, echo=lambda _: None).summary


def key_of(mart: psycopg.Connection, name: str) -> int:
    return mart.execute(
        "select data_source_key from ctl_ds where data_source_name = %s", (name,)
    ).fetchone()[0]


def copied_states(mart: psycopg.Connection, name: str) -> int:
    return mart.execute(
        "select count(*) from gidb_g_agent_state_history_v where data_source_key = %s",
        (key_of(mart, name),),
    ).fetchone()[0]


def idb_states(uri: str, condition: str = "true", *params: int) -> int:
    """Agent-state rows in an IDB; `condition` may name `{written}`, when ICON wrote a row."""
    query = sql.SQL("select count(*) from g_agent_state_history as t where " + condition).format(
        written=written_sql(STATES)
    )
    with psycopg.connect(uri) as idb:
        return idb.execute(query, params).fetchone()[0]


def test_an_ha_member_down_mid_day_is_served_by_its_partner(
    site_b, project, mart, tmp_path
) -> None:
    pair = two_sites(site_b, "bc_ha", 28800, ha=True)
    simulate(pair, MORNING, tmp_path, seed=61)
    extract(pair, project)
    simulate(pair, AFTERNOON, tmp_path, seed=61)
    site_b.stop()
    try:
        summary = extract(pair, project)
    finally:
        site_b.start()
    assert any(
        line.startswith("IDB bc_ha_b cannot be reached (")
        and line.endswith("its HA partner bc_ha_a serves its data sources")
        for line in summary
    ), summary
    simulate(pair, None, tmp_path, seed=61)
    assert "IDB bc_ha_b answers again" in extract(pair, project)
    once = validate({"infomart": {"schema": SCHEMA}, "idb": [{"name": "bc_once"}]}, source=None)
    simulate(once, None, tmp_path / "once", seed=61)
    extract(once, project)
    for table in GIDB_TABLES:
        columns = [c.name for c in table.columns if c.name not in RUN_COLUMNS | {"gsys_domain"}]
        rows = sql.SQL("select row({})::text from {} where data_source_key = %s").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table.name)
        )
        pair_rows = {r[0] for r in mart.execute(rows, (key_of(mart, "bc_ha"),))}
        once_rows = {r[0] for r in mart.execute(rows, (key_of(mart, "bc_once"),))}
        assert pair_rows == once_rows, table.name


def test_a_lone_idb_down_less_than_the_threshold_loses_nothing(
    site_b, project, mart, tmp_path
) -> None:
    sites = two_sites(site_b, "bc_w", 12 * 3600)
    simulate(sites, MORNING, tmp_path, seed=62)
    extract(sites, project)
    simulate(sites, AFTERNOON, tmp_path, seed=62)
    before = copied_states(mart, "bc_w_a")
    site_b.stop()
    try:
        with pytest.raises(JobFailed) as failed:
            extract(sites, project)
    finally:
        site_b.start()
    message = str(failed.value)
    assert "IDB bc_w_b cannot be reached (" in message
    assert (
        "its data waits for it (" in message and "extract-data-stuck-threshold 43200 s" in message
    )
    assert copied_states(mart, "bc_w_a") > before  # site A went on
    (episode,) = mart.execute(
        "select kind, stuck_ts, ended_ts from ctl_source_episode where idb_name = 'bc_w_b'"
    ).fetchall()
    assert episode == ("UNREACHABLE", None, None)
    simulate(sites, None, tmp_path, seed=62)
    assert "IDB bc_w_b answers again" in extract(sites, project)
    assert mart.execute(
        "select count(*) from ctl_extract_gap where dap_name = 'bc_w_b'"
    ).fetchone() == (0,)
    assert copied_states(mart, "bc_w_b") == idb_states(site_b.uri("bc_w_b")) > 0
    assert mart.execute(
        "select count(*) from ctl_source_episode where idb_name = 'bc_w_b' and ended_ts is null"
    ).fetchone() == (0,)


def test_a_lone_idb_down_past_the_threshold_is_read_from_the_threshold_back(
    site_b, project, mart, tmp_path
) -> None:
    sites = two_sites(site_b, "bc_s", 4 * 3600)
    simulate(sites, MORNING, tmp_path, seed=63)
    extract(sites, project)
    simulate(sites, AFTERNOON, tmp_path, seed=63)
    site_b.stop()
    try:
        summary = extract(sites, project)  # completes without site B
    finally:
        site_b.start()
    warning = next(
        line for line in summary if line.startswith("WARNING: IDB bc_s_b cannot be reached")
    )
    assert "past extract-data-stuck-threshold 14400 s: extraction goes on without it" in warning
    simulate(sites, None, tmp_path, seed=63)
    summary = extract(sites, project)
    assert "IDB bc_s_b answers again" in summary
    assert any("left behind" in line and "IDB bc_s_b" in line for line in summary), summary
    gaps = mart.execute(
        "select providertag, gap_start_ts, gap_end_ts from ctl_extract_gap"
        " where dap_name = 'bc_s_b' order by providertag"
    ).fetchall()
    assert gaps, "no gap recorded"
    states_gap = next((start, end) for tag, start, end in gaps if tag == 3)  # GLS
    assert states_gap[0] <= MORNING.timestamp() < states_gap[1] <= MIDNIGHT
    # Every agent state before the gap and after it was copied; none inside it.
    outside = idb_states(site_b.uri("bc_s_b"), "{written} <= %s or {written} > %s", *states_gap)
    assert copied_states(mart, "bc_s_b") == outside < idb_states(site_b.uri("bc_s_b"))
    # Shown to the administrator: gim status, the ETL Status view, /metrics.
    status = etl_status(sites)
    assert "Data left behind (an IDB unreachable past extract-data-stuck-threshold):" in status
    assert "bc_s_b" in status.split("Data left behind")[1]
    troubles = continuity(mart, SCHEMA)
    html = TEMPLATES.env.get_template("status.html").render(
        areas=[], troubles=troubles, shown=shown, release="test", csrf=""
    )
    assert "<h3>Data left behind" in html and "<td>bc_s_b</td>" in html
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Gaps(mart))
    samples = {
        sample.labels["provider"]: sample.value
        for family in text_string_to_metric_families(generate_latest(registry).decode())
        for sample in family.samples
        if family.name == "gim_extract_gap_seconds" and sample.labels["idb"] == "bc_s_b"
    }
    assert samples["3"] == states_gap[1] - states_gap[0]


class _Gaps:
    """The metrics' continuity families, collected from the test's connection."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def collect(self) -> Iterator[Any]:
        return continuity_families(self.conn, SCHEMA)


def test_delayed_data_raises_55_20110_once_per_episode(site_b, project, mart, tmp_path) -> None:
    """SITE_B's T-Server falls two hours behind SITE_A's in one IDB (its session's latest event is
    set back): the alarm once, then nothing while it lasts; caught up, the episode ends."""
    one = validate({"infomart": {"schema": SCHEMA}, "idb": [{"name": "bc_late"}]}, source=None)
    simulate(one, AFTERNOON, tmp_path, seed=64)  # sessions still open: sources active
    extract(one, project)
    with psycopg.connect(
        infomart_uri(one).replace("/infomart?", "/bc_late?"), autocommit=True
    ) as idb:
        set_back = (
            "update g_dss_gcc_provider set levent_itime = levent_itime - interval '2 hours'"
            " where ds_dbid = 52"  # SITE_B's T-Server
        )
        idb.execute(set_back)
        alarms = [line for line in extract(one, project) if "55-20110" in line]
        assert len(alarms) == 1, alarms
        assert alarms[0].startswith("ALARM 55-20110: data delayed: IDB bc_late, T-SERVER 52: ")
        assert "(delayed-data-threshold 900 s)" in alarms[0]
        assert not [line for line in extract(one, project) if "55-20110" in line]
        (episode,) = mart.execute(
            "select kind, ended_ts from ctl_source_episode"
            " where idb_name = 'bc_late' and dss_id = 52"
        ).fetchall()
        assert episode == ("DELAYED", None)
        idb.execute(set_back.replace(" - interval", " + interval"))
    extract(one, project)
    assert mart.execute(
        "select count(*) from ctl_source_episode"
        " where idb_name = 'bc_late' and dss_id = 52 and ended_ts is null"
    ).fetchone() == (0,)
