"""Job_MigrateGIM on an Info Mart of schema 1.2.0: the aggregation suite's simulated week, copied
and brought back to what 1.2.0 built (the columns of tests/fixtures/infomart-1.2.0-columns.json
only, no INTERACTION_RESOURCE_FACT rows of mediation resources, 1.2.0 recorded). Every other job
refuses it; the migration keeps every row and ends equal, table for table, to the week built at
today's schema, so the reconciliation with the ground truth holds again."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
import yaml
from aggregated_day import (
    CALENDAR,
    WEEK_IDB,
    WEEK_SCHEMA,
    base_tables,
    center,
    copy_tables,
    digest,
    queue_truth_differences,
    run,
)

from orchestrator import SCHEMA_VERSION
from orchestrator.aggregate.requests import PENDING_FLAG, parse_parameters
from orchestrator.config import load_config
from orchestrator.control import history
from orchestrator.db import idb_uri, infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import SchemaOutOfDate
from orchestrator.server.run import prepare_the_schema

pytestmark = pytest.mark.slow

SCHEMA = "gim_migrate"
OLDER = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "infomart-1.2.0-columns.json").read_text()
)
#: The public tables 1.2.0 had, with their columns.
OLD_TABLES: dict[str, list[str]] = OLDER["tables"]


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "select column_name from information_schema.columns"
            " where table_schema = %s and table_name = %s order by column_name",
            (schema, table),
        )
    ]


def _counts(conn: psycopg.Connection, schema: str) -> dict[str, int]:
    """Rows per public base table (the views are rebuilt by the migration)."""
    return {
        table: conn.execute(f'select count(*) from {schema}."{table}"').fetchone()[0]
        for table in set(OLD_TABLES) & set(base_tables(conn, WEEK_SCHEMA))
    }


def _mediation_rows(schema: str) -> str:
    """INTERACTION_RESOURCE_FACT's rows of mediation resources (routing points), new in 1.3.0."""
    return (
        f"from {schema}.interaction_resource_fact as i"
        f" join {schema}.resource_ as r using (resource_key)"
        " where r.resource_type_code = 'ROUTINGPOINT'"
    )


def _back_to_1_2_0(conn: psycopg.Connection) -> None:
    """What 1.3.0 added, taken away: columns, mediation rows; 1.2.0 recorded as the schema."""
    for table, old_columns in OLD_TABLES.items():
        for column in set(_columns(conn, SCHEMA, table)) - set(old_columns):
            conn.execute(f'alter table {SCHEMA}."{table}" drop column "{column}"')
    conn.execute(
        f"delete from {SCHEMA}.interaction_resource_fact where interaction_resource_id in"
        f" (select i.interaction_resource_id {_mediation_rows(SCHEMA)})"
    )
    conn.execute(
        f"insert into {SCHEMA}.ctl_schema_version (schema_version, min_idb_schema_version,"
        " release_version, job_id, created, created_ts)"
        " values ('1.2.0', '1.0.0', '0.1.0', 'test', now() at time zone 'utc',"
        " extract(epoch from now())::int)"
    )


@pytest.fixture(scope="module")
def older(aggregated_week, uri: str) -> dict:
    """gim_migrate: the week's Info Mart at schema 1.2.0; its project, truths and row counts."""
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"drop schema if exists {SCHEMA} cascade")  # a reused test home's
    project = DbtProject(uri=infomart_uri(center(schema=SCHEMA)), schema=SCHEMA)
    project.manifest()
    run("Job_InitializeGIM", center(schema=SCHEMA), project)
    with psycopg.connect(uri, autocommit=True) as conn:
        copy_tables(conn, WEEK_SCHEMA, SCHEMA)
        _back_to_1_2_0(conn)
        counts = _counts(conn, SCHEMA)
        runs = conn.execute(f"select count(*) from {SCHEMA}.ctl_etl_history").fetchone()[0]
    return {"project": project, "truths": aggregated_week[1], "counts": counts, "runs": runs}


@pytest.fixture(scope="module")
def mart(uri: str):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection


def test_the_fixture_is_what_1_2_0_built(older, mart) -> None:
    assert history.schema_version(mart, SCHEMA) == "1.2.0"
    assert _columns(mart, SCHEMA, "interaction_resource_fact") == sorted(
        OLD_TABLES["interaction_resource_fact"]
    )
    assert mart.execute(f"select count(*) {_mediation_rows(SCHEMA)}").fetchone() == (0,)
    assert mart.execute(f"select count(*) {_mediation_rows(WEEK_SCHEMA)}").fetchone()[0] > 0


@pytest.mark.parametrize("job_name", ["Job_TransformGIM", "Job_AggregateGIM", "Job_InitializeGIM"])
def test_every_other_job_refuses_the_older_schema_with_one_line(older, mart, job_name) -> None:
    with pytest.raises(SchemaOutOfDate) as refused:
        run(job_name, center(schema=SCHEMA), older["project"])
    message = str(refused.value)
    assert message == (
        f"the Info Mart's schema is 1.2.0; this release (0.1.0) needs {SCHEMA_VERSION}:"
        " run `gim job run Job_MigrateGIM`"
    )
    assert refused.value.exit_code == 5
    runs = mart.execute(f"select count(*) from {SCHEMA}.ctl_etl_history").fetchone()[0]
    assert runs == older["runs"]  # refused before its history row


def test_the_server_refuses_it_unless_on_demand_migration(older) -> None:
    with pytest.raises(
        SchemaOutOfDate, match=r"^server: .*1\.2\.0.*\(or set on-demand-migration\)$"
    ):
        prepare_the_schema(center(schema=SCHEMA))


@pytest.fixture(scope="module")
def dropped_index() -> str:
    """One of the week's IDB indexes extraction created, dropped: the migration recreates it."""
    with psycopg.connect(idb_uri(center(WEEK_IDB), WEEK_IDB), autocommit=True) as idb:
        (name,) = idb.execute(
            "select indexname from pg_indexes where indexname like '%\\_gim\\_useq'"
            " order by 1 limit 1"
        ).fetchone()
        idb.execute(f'drop index "{name}"')
    return name


@pytest.fixture(scope="module")
def migrated(older, mart, dropped_index, tmp_path_factory) -> list[str]:
    """Migrated as `gim server` does with on-demand-migration: `gim job run Job_MigrateGIM` in a
    process of its own. The job's summary lines."""
    path = tmp_path_factory.mktemp("migrate") / "gim.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "infomart": {"schema": SCHEMA},
                "idb": [{"name": WEEK_IDB}],
                "date-time": CALENDAR,
                "schedule": {"on-demand-migration": True},
            }
        )
    )
    prepare_the_schema(load_config(path))
    (summary,) = mart.execute(
        f"select job_summary from {SCHEMA}.ctl_etl_history where job_name = 'Job_MigrateGIM'"
        " and status = 'COMPLETE'"
    ).fetchone()
    return summary.splitlines()


def test_the_migration_records_each_version_and_says_what_it_did(migrated, mart) -> None:
    assert migrated[0] == f"schema 1.2.0 migrated to {SCHEMA_VERSION}"
    assert any(line.startswith("schema 1.3.0: every column") for line in migrated)
    assert any("transform marks superseded" in line for line in migrated)
    # 1.5.0's DN groups arrive with the next extraction: the line says how to fill past days.
    assert any("-insertPendingAgg H_QUEUE_GRP:2026-" in line for line in migrated)
    # 1.6.0's warm consultations: the line restates the agent aggregates' stored days.
    assert any("-insertPendingAgg H_AGENT,H_AGENT_GRP," in line for line in migrated)
    assert history.schema_version(mart, SCHEMA) == SCHEMA_VERSION
    superseded = mart.execute(
        f"select count(*) from {SCHEMA}.ctl_transform_history where status = 'SUPERSEDED'"
    ).fetchone()[0]
    assert superseded > 0


def test_the_requests_the_migration_gives_are_accepted_by_job_aggregategim(
    migrated, catalogue
) -> None:
    """What the summary tells the administrator to run is a request the job takes, naming the
    agent hierarchies' every level."""
    commands = [line.split("`")[1].split() for line in migrated if PENDING_FLAG in line]
    assert len(commands) == 2
    for command in commands:
        (request,) = parse_parameters(tuple(command[-2:]), catalogue)
        assert request.first_day <= request.last_day
    (agents,) = parse_parameters(tuple(commands[1][-2:]), catalogue)
    assert {"ag2_agent_subhr", "ag2_agent_grp_year", "ag2_id_month"} <= set(agents.models)


def test_the_migration_creates_the_idb_indexes_extraction_needs(migrated, dropped_index) -> None:
    assert f"IDB {WEEK_IDB}: missing extraction indexes created: 1" in migrated
    with psycopg.connect(idb_uri(center(WEEK_IDB), WEEK_IDB), autocommit=True) as idb:
        found = idb.execute("select 1 from pg_indexes where indexname = %s", (dropped_index,))
        assert found.fetchone() == (1,)


def test_every_row_is_kept_and_the_tables_equal_today_s_build(
    older, migrated, mart, catalogue
) -> None:
    """Control tables and admin views aside: they hold the migration's own runs."""
    after = _counts(mart, SCHEMA)
    assert {t: n for t, n in after.items() if n < older["counts"][t]} == {}
    own_runs = {*catalogue.control_tables, *catalogue.admin_views}
    compared = [table for table in OLD_TABLES if table not in own_runs]
    assert len(compared) > 100
    unequal = [
        table
        for table in compared
        if digest(mart, SCHEMA, table) != digest(mart, WEEK_SCHEMA, table)
        or _columns(mart, SCHEMA, table) != _columns(mart, WEEK_SCHEMA, table)
    ]
    assert unequal == []


def test_the_migrated_week_reconciles_with_its_ground_truth(older, migrated, mart) -> None:
    entered, unequal = queue_truth_differences(mart, SCHEMA, older["truths"])
    assert entered > 0
    assert unequal == []


def test_jobs_run_again_and_a_second_migration_has_nothing_to_do(older, migrated) -> None:
    assert run("Job_AggregateGIM", center(schema=SCHEMA), older["project"])
    again = run("Job_MigrateGIM", center(schema=SCHEMA), older["project"])
    assert again[0] == f"schema {SCHEMA_VERSION} is this release's: nothing to migrate"
