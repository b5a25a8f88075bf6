"""GDPR requests (Job_MaintainGIM) on a simulated day of its own: a consumer and an employee
forgotten leave no trace in any table or view, not even after ETL cycles bring late rows about
them; facts and aggregates keep their numbers; an export holds every interaction of the consumer;
a killed request redacts nothing, a broken file is reported beside the others processed, and
CTL_GDPR_HISTORY goes after days-to-keep-gdpr-history.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from aggregated_day import center, digest, run
from idb_scenarios import extract, simulate
from prometheus_client.parser import text_string_to_metric_families

from orchestrator.config import Config
from orchestrator.control.gdpr import forgotten_values
from orchestrator.db import idb_uri, infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import JobFailed
from orchestrator.gdpr import run as gdpr_run
from orchestrator.gdpr.holders import undecided
from orchestrator.gdpr.matching import MARKER_PREFIX
from orchestrator.jobs import JobContext
from orchestrator.server.metrics import InfoMartCollector

pytestmark = pytest.mark.slow

SCHEMA = "gim_gdpr"
IDB = "gdpr_61"
SEED = 61
MIDDAY = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
#: Nothing of the simulated day purged (it is months old).
KEPT = {
    "days-to-keep-gim-facts": 3650,
    "days-to-keep-cfg-facts": 3650,
    "days-to-keep-gidb-facts": 3650,
    "days-to-keep-discards-and-job-history": 3650,
    "days-to-keep-active-facts": 3650,
}
TEXT_TYPES = "('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)"


def gdpr_config(directory: Path, idb: str | None = None, **options: int) -> Config:
    return center(
        idb,
        schema=SCHEMA,
        gim_etl={**KEPT, "gdpr-requests-directory": str(directory), **options},
    )


def traces(conn: psycopg.Connection, values: list[str], whole: bool = False) -> list[str]:
    """`relation.column` of every text column of every table and view of the schema that holds
    one of `values` anywhere in its text, or as its whole value when `whole` (a short value may
    occur inside a GUID); CTL_GDPR_HISTORY aside: it keeps them by design."""
    patterns = values if whole else [f"%{value}%" for value in values]
    relations = conn.execute(
        "select c.relname, array_agg(a.attname order by a.attnum) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid"
        f" where n.nspname = %s and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition"
        f" and a.attnum > 0 and not a.attisdropped and a.atttypid in {TEXT_TYPES}"
        " and c.relname <> 'ctl_gdpr_history' group by c.relname order by 1",
        (SCHEMA,),
    ).fetchall()
    found = []
    for relation, columns in relations:
        holding = " or ".join(f'"{c}" ilike any(%(p)s)' for c in columns)
        if conn.execute(
            f'select exists (select from {SCHEMA}."{relation}" where {holding})', {"p": patterns}
        ).fetchone()[0]:
            found += [
                f"{relation}.{c}"
                for c in columns
                if conn.execute(
                    f'select exists (select from {SCHEMA}."{relation}" where "{c}" ilike any(%(p)s))',
                    {"p": patterns},
                ).fetchone()[0]
            ]
    return found


def numbers(conn: psycopg.Connection, tables: list[str]) -> dict[str, tuple[int, str]]:
    return {table: digest(conn, SCHEMA, table, without_text=True) for table in tables}


def context(config: Config, conn: psycopg.Connection, project: DbtProject) -> JobContext:
    """What Job_MaintainGIM hands its GDPR step, for a test that calls the step itself."""
    return JobContext(
        config=config,
        uri=infomart_uri(config),
        schema=SCHEMA,
        conn=conn,
        dbt=project,
        job_id="test-run",
        echo=lambda _: None,
    )


def request_file(directory: Path, name: str, body: dict) -> None:
    (directory / name).write_text(json.dumps(body), encoding="utf-8")


def idb_value(config: Config, query: str) -> str:
    with psycopg.connect(idb_uri(config, IDB), autocommit=True) as idb:
        return idb.execute(query).fetchone()[0]


@pytest.fixture(scope="module")
def mart(initialized, tmp_path_factory, uri) -> dict:
    """Half of the day extracted, transformed and aggregated into gim_gdpr; the consumer of a
    call and of an e-mail still open at midday, and an agent, chosen to be forgotten."""
    directory = tmp_path_factory.mktemp("gdpr-requests")
    truth = tmp_path_factory.mktemp("gdpr-truth")
    config = gdpr_config(directory, IDB)
    project = DbtProject(uri=infomart_uri(config), schema=SCHEMA)
    project.manifest()
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"drop schema if exists {SCHEMA} cascade")
    run("Job_InitializeGIM", config, project)
    simulate(config, MIDDAY, truth, seed=SEED)
    extract(config, project)
    run("Job_TransformGIM", config, project)
    run("Job_AggregateGIM", config, project)
    open_call = (
        "select callani from g_call where state = 1 and mediatype = {} and callani like '{}'"
        " order by created_ts limit 1"
    )
    return {
        "directory": directory,
        "truth": truth,
        "config": config,
        "project": project,
        "phone": idb_value(config, open_call.format(1, "+1555%")),
        "email": idb_value(config, open_call.format(2, "customer%@example.net")),
        "agent": idb_value(config, "select username from gc_agent order by id limit 1"),
    }


@pytest.fixture(scope="module")
def conn(uri: str):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def forgotten(mart, conn) -> dict:
    """A forget request killed midway; then, beside a broken file, it and an employee's forget."""
    directory, config, project = mart["directory"], mart["config"], mart["project"]
    consumer = [mart["phone"], mart["email"]]
    catalogue = project.catalogue()
    facts = [*catalogue.transform_facts, *catalogue.aggregate_tables, "resource_"]
    before = {"traces": traces(conn, consumer), "numbers": numbers(conn, facts)}
    request_file(
        directory,
        "a-forget-consumer.json",
        {"request": "forget", "phone": mart["phone"], "email": [mart["email"]]},
    )
    tables_reached = []

    def killed(table: str) -> None:
        tables_reached.append(table)
        if len(tables_reached) == 6:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        gdpr_run.process_requests(context(config, conn, project), on_table=killed)
    after_kill = {
        "traces": traces(conn, consumer),
        "requests": conn.execute(f"select count(*) from {SCHEMA}.ctl_gdpr_request").fetchone()[0],
        "history": conn.execute(f"select count(*) from {SCHEMA}.ctl_gdpr_history").fetchone()[0],
    }
    request_file(
        directory, "b-forget-employee.json", {"request": "forget", "username": mart["agent"]}
    )
    (directory / "c-broken.json").write_text('{"request": "forget", "phone": ', encoding="utf-8")
    with pytest.raises(JobFailed) as failed:
        run("Job_MaintainGIM", config, project)
    return {
        "consumer": consumer,
        "before": before,
        "after_kill": after_kill,
        "failure": str(failed.value),
        "facts": facts,
    }


def test_every_text_column_has_a_pii_decision(mart, conn) -> None:
    catalogue = mart["project"].catalogue()
    text_columns: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "select c.relname, a.attname from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid"
        f" where n.nspname = %s and c.relkind in ('r', 'p') and not c.relispartition"
        f" and a.attnum > 0 and not a.attisdropped and a.atttypid in {TEXT_TYPES}",
        (SCHEMA,),
    ):
        text_columns.setdefault(table, []).append(column)
    assert {"interaction_fact", "gidb_g_call_v", "mrg_g_call_v", "resource_"} <= set(text_columns)
    assert undecided(catalogue, text_columns) == []
    # A column added without a decision is named.
    text_columns["interaction_fact"].append("caller_nickname")
    text_columns["gidb_g_party_v"].append("gsys_ext_vch3")
    assert undecided(catalogue, text_columns) == [
        "gidb_g_party_v.gsys_ext_vch3",
        "interaction_fact.caller_nickname",
    ]


def test_a_killed_request_redacts_nothing_and_is_processed_again(forgotten, conn) -> None:
    assert len(forgotten["before"]["traces"]) > 5, forgotten["before"]["traces"]
    assert forgotten["after_kill"] == {
        "traces": forgotten["before"]["traces"],
        "requests": 0,
        "history": 0,
    }
    statuses = dict(
        conn.execute(f"select request_file, status from {SCHEMA}.ctl_gdpr_request").fetchall()
    )
    assert statuses == {
        "a-forget-consumer.json": "DONE",
        "b-forget-employee.json": "DONE",
        "c-broken.json": "FAILED",
    }


def test_a_broken_file_is_reported_and_the_others_processed(forgotten, conn) -> None:
    failure = forgotten["failure"]
    assert "GIM_ETL_GDPR_ERROR" in failure and "c-broken.json: not JSON" in failure
    status, error, summary = conn.execute(
        f"select status, error_message, job_summary from {SCHEMA}.admin_etl_job_history"
        " where job_name = 'Job_MaintainGIM' order by start_time desc limit 1"
    ).fetchone()
    assert status == "FAILED" and "c-broken.json" in error
    assert "GDPR requests: 2 DONE, 1 FAILED" in summary


def test_a_forgotten_consumer_leaves_no_trace_and_the_numbers_stay(forgotten, conn) -> None:
    assert traces(conn, forgotten["consumer"]) == []
    assert numbers(conn, forgotten["facts"]) == forgotten["before"]["numbers"]
    source = conn.execute(
        f"select count(*) from {SCHEMA}.interaction_fact where source_address like %s",
        (MARKER_PREFIX + "%",),
    ).fetchone()[0]
    assert source >= 1
    # Stamped with the forget's audit key: the next Job_ExportGIM carries the redaction along.
    stamped = conn.execute(
        f"select count(*) from {SCHEMA}.interaction_fact as f join {SCHEMA}.ctl_audit_log as a"
        f" on a.audit_key = f.update_audit_key join {SCHEMA}.ctl_etl_history as j"
        " on j.job_id = a.job_id where f.source_address like %s and j.job_name = %s",
        (MARKER_PREFIX + "%", "Job_MaintainGIM"),
    ).fetchone()[0]
    assert stamped == source
    kept = conn.execute(
        f"select count(*) from {SCHEMA}.ctl_gdpr_history where request_file = %s"
        " and original_value = any(%s) and table_name <> '(request)'",
        ("a-forget-consumer.json", forgotten["consumer"]),
    ).fetchone()[0]
    assert kept >= source


def test_a_forgotten_employee_leaves_no_trace_of_name_or_login(mart, forgotten, conn) -> None:
    agent = mart["agent"]
    first, last, employee_id, email = (
        idb_value(
            mart["config"],
            f"select array[firstname, lastname, employeeid, email]::text from gc_agent"
            f" where username = '{agent}'",
        )
        .strip("{}")
        .split(",")
    )
    assert traces(conn, [agent, email]) == []
    assert traces(conn, [employee_id], whole=True) == []
    names = conn.execute(
        f"select r.agent_first_name, r.agent_last_name, g.firstname, g.lastname"
        f" from {SCHEMA}.resource_ as r join {SCHEMA}.gidb_gc_agent as g"
        " on g.id = r.resource_cfg_dbid where g.employeeid like %s",
        (MARKER_PREFIX + "%",),
    ).fetchall()
    assert len(names) == 1
    assert not {first, last} & set(names[0])
    assert all(name.startswith(MARKER_PREFIX) for name in names[0])


@pytest.fixture(scope="module")
def late(mart, forgotten) -> None:
    """The rest of the day simulated: the forgotten consumer's open call and e-mail end, and two
    ETL cycles bring their late rows."""
    config, project = mart["config"], mart["project"]
    simulate(config, None, mart["truth"], seed=SEED)
    for _ in range(2):
        extract(config, project)
        run("Job_TransformGIM", config, project)
        run("Job_AggregateGIM", config, project)


def test_late_rows_about_a_forgotten_consumer_arrive_redacted(mart, forgotten, late, conn) -> None:
    assert traces(conn, forgotten["consumer"]) == []
    ended = conn.execute(
        f"select count(*) from {SCHEMA}.gidb_g_call_v where callani like %s and state <> 1",
        (MARKER_PREFIX + "%",),
    ).fetchone()[0]
    assert ended >= 1  # the open call's last row came, redacted on the way in


@pytest.fixture(scope="module")
def exported(mart, late, conn) -> dict:
    """An export request for the consumers of a simple call and of an e-mail."""
    with (mart["truth"] / "interactions.csv").open(encoding="utf-8") as handle:
        calls = list(csv.DictReader(handle))
    phone = next(
        c["ani"]
        for c in calls
        if c["media"] == "voice" and ">" not in c["switches"] and c["end_ts"]
    )
    email = next(c["ani"] for c in calls if c["media"] == "email" and c["end_ts"])
    request_file(
        mart["directory"], "d-export.json", {"request": "export", "phone": phone, "email": email}
    )
    summary = run("Job_MaintainGIM", mart["config"], mart["project"])
    expected = {c["call_id"] for c in calls if c["ani"] in (phone, email)}
    return {"summary": summary, "expected": expected, "values": [phone, email]}


def test_an_export_holds_every_interaction_of_the_consumer(mart, exported, conn) -> None:
    assert "GDPR requests: 1 DONE" in exported["summary"]
    (written,) = (mart["directory"] / "exported").glob("d-export-*.json")
    content = json.loads(written.read_text(encoding="utf-8"))
    interactions = {row["media_server_ixn_guid"] for row in content["tables"]["interaction_fact"]}
    assert len(exported["expected"]) >= 2
    assert interactions == exported["expected"]
    assert {"gidb_g_call_v", "gidb_g_call_mm"} <= set(content["tables"])
    # An export redacts nothing.
    assert len(traces(conn, exported["values"])) > 5


def test_the_request_outcomes_are_scraped_as_prometheus_reads_them(mart, exported) -> None:
    class Engine:
        config, schema, cycles_completed = mart["config"], SCHEMA, 0

    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    registry.register(InfoMartCollector(Engine()))
    text = generate_latest(registry).decode()
    samples = {
        (sample.name, sample.labels.get("status")): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name.startswith("gim_gdpr")
    }
    assert samples[("gim_gdpr_requests", "DONE")] == 3
    assert samples[("gim_gdpr_requests", "FAILED")] == 1
    assert samples[("gim_gdpr_request_last_timestamp_seconds", "FAILED")] > 0


def test_the_history_goes_after_days_to_keep_gdpr_history(mart, exported, conn) -> None:
    assert forgotten_values(conn, SCHEMA)
    later = datetime.now(UTC) + timedelta(days=2)
    config = gdpr_config(mart["directory"], **{"days-to-keep-gdpr-history": 1})
    run("Job_MaintainGIM", config, mart["project"], clock=later)
    assert conn.execute(f"select count(*) from {SCHEMA}.ctl_gdpr_history").fetchone()[0] == 0
    assert forgotten_values(conn, SCHEMA) == []
    # The files stay processed: CTL_GDPR_REQUEST keeps them.
    assert (
        gdpr_run.pending_files(
            JobContext(
                config=config,
                uri=infomart_uri(config),
                schema=SCHEMA,
                conn=conn,
                dbt=mart["project"],
            ),
            mart["directory"],
        )
        == []
    )
