"""A partitioned Info Mart (gim-etl partitioning-enabled): Job_InitializeGIM makes the first
partitions, rows without one wait in DEFAULT partitions until Job_MaintainGIM gives them theirs,
the aggregation suite's day transformed and aggregated on it gives the unpartitioned Info Mart's
facts and aggregates, and a purge dropping whole partitions leaves what a purge by DELETE leaves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from aggregated_day import SCHEMA as UNPARTITIONED
from aggregated_day import SEEDS, center, digest, queue_truth_differences, run
from idb_scenarios import extract

from orchestrator.config import Config
from orchestrator.control.purges import DROP_PARTITION
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.gidb.schema import GIDB_BY_NAME, GIDB_TABLES, key_constraint
from orchestrator.partitions import tables
from orchestrator.partitions.layout import partitioned_tables
from orchestrator.partitions.upkeep import first_set

pytestmark = pytest.mark.slow

SCHEMA = "gim_part"
FLAT = "gim_part_flat"
#: Facts in hourly partitions (GIDB in daily ones): both widths and both partition names.
GIM_WIDTH = 3600
FACT_CUTOFF = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
PURGE_CLOCK = (datetime.now(UTC) + timedelta(days=2)).replace(
    hour=12, minute=0, second=0, microsecond=0
)
FACT_DAYS = (PURGE_CLOCK - FACT_CUTOFF).days


#: Nothing of the simulated day purged until the purge tests move the clock and shorten these.
KEPT = {
    "days-to-keep-gim-facts": 3650,
    "days-to-keep-cfg-facts": 3650,
    "days-to-keep-gidb-facts": 3650,
}


def partitioned_config(schema: str = SCHEMA, idb: str | None = None, **retention: int) -> Config:
    return center(
        idb,
        schema=schema,
        gim_etl={
            "partitioning-enabled": True,
            "partitioning-ahead-range": 1,
            "partitioning-interval-size-gim": GIM_WIDTH,
            **KEPT,
            **retention,
        },
    )


def purging_config(schema: str) -> Config:
    return partitioned_config(
        schema,
        **{
            "days-to-keep-gim-facts": FACT_DAYS,
            "days-to-keep-cfg-facts": FACT_DAYS,
            "days-to-keep-gidb-facts": 1,
            "days-to-keep-discards-and-job-history": 1,
            "days-to-keep-active-facts": FACT_DAYS + 5,
        },
    )


def whole_tables(conn: psycopg.Connection, schema: str) -> list[str]:
    """The schema's tables, a partitioned one as one table."""
    return [
        name
        for (name,) in conn.execute(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = %s and c.relkind in ('r', 'p') and not c.relispartition"
            " order by 1",
            (schema,),
        )
    ]


def rows_in_defaults(conn: psycopg.Connection, schema: str, names: list[str]) -> int:
    return sum(
        conn.execute(
            f'select count(*) from {schema}."{tables.default_partition(name)}"'
            " where start_date_time_key is not null"
        ).fetchone()[0]
        for name in names
    )


@pytest.fixture(scope="module")
def conn(uri: str):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def partitioned(aggregated, conn) -> dict:
    """gim_part initialised partitioned; the aggregation suite's IDBs extracted into it (the first
    into DEFAULT partitions, which Job_MaintainGIM then empties), transformed and aggregated."""
    project = DbtProject(uri=infomart_uri(partitioned_config()), schema=SCHEMA)
    project.manifest()
    conn.execute(f"drop schema if exists {SCHEMA} cascade")
    started = datetime.now(UTC).timestamp()
    init = run("Job_InitializeGIM", partitioned_config(), project)
    finished = datetime.now(UTC).timestamp()
    layout = [table.table for table in partitioned_tables(project.catalogue())]
    after_init = {name: tables.partitions(conn, SCHEMA, name) for name in layout}
    extract(partitioned_config(idb=f"ag_{SEEDS[0]}"), project)
    waiting = rows_in_defaults(conn, SCHEMA, layout)
    maintained = run("Job_MaintainGIM", partitioned_config(), project)
    for seed in SEEDS[1:]:
        extract(partitioned_config(idb=f"ag_{seed}"), project)
    run("Job_TransformGIM", partitioned_config(), project)
    run("Job_AggregateGIM", partitioned_config(), project)
    return {
        "project": project,
        "init": init,
        "init_between": (started, finished),
        "layout": layout,
        "after_init": after_init,
        "waiting": waiting,
        "maintained": maintained,
    }


def test_init_partitions_every_fact_table_from_now_to_the_range_ahead(partitioned) -> None:
    layout, after_init = partitioned["layout"], partitioned["after_init"]
    gidb_facts = [t.name for t in GIDB_TABLES if t.source.provider != "cfg"]
    assert set(gidb_facts) < set(layout)
    assert {"interaction_fact", "irf_user_data_keys", "sm_res_state_fact"} < set(layout)
    assert not {"resource_group_fact_", "gidb_gc_agent", "resource_"} & set(layout)
    # The first partition holds the moment init ran; the clock may cross a bound while it runs.
    started, finished = partitioned["init_between"]
    for name in layout:
        ranged = [p for p in after_init[name] if not p.is_default]
        assert after_init[name][0].is_default, name
        width = GIM_WIDTH if not name.startswith("gidb_") else 86400
        assert all(p.upper - p.lower == width for p in ranged), name
        assert ranged[0].lower <= finished and started < ranged[0].upper, name
        assert ranged[-1].upper >= started + 86400, name
    assert any("partitions" in line for line in partitioned["init"])


def test_rows_without_a_partition_wait_in_default_until_maintenance_gives_them_one(
    partitioned, conn
) -> None:
    assert partitioned["waiting"] > 1000
    assert any("rows moved out of DEFAULT" in line for line in partitioned["maintained"])
    gidb = [name for name in partitioned["layout"] if name.startswith("gidb_")]
    march = int(datetime(2026, 3, 8, tzinfo=UTC).timestamp())
    assert tables.partition_name("gidb_g_call_v", march, 86400) in {
        p.name for p in tables.partitions(conn, SCHEMA, "gidb_g_call_v")
    }
    # What later extractions brought for ranges that had a partition went straight into it.
    assert rows_in_defaults(conn, SCHEMA, gidb) < partitioned["waiting"]


def test_the_partitioned_info_mart_holds_the_unpartitioned_one_s_facts_and_aggregates(
    partitioned, conn
) -> None:
    catalogue = partitioned["project"].catalogue()
    compared = [*partitioned["layout"], *catalogue.aggregate_tables]
    unequal = [
        name for name in compared if digest(conn, SCHEMA, name) != digest(conn, UNPARTITIONED, name)
    ]
    assert unequal == []
    assert digest(conn, SCHEMA, "interaction_fact")[0] > 1000


def test_the_partitioned_queue_aggregates_equal_the_ground_truth(
    aggregated, partitioned, conn
) -> None:
    _, truths = aggregated
    entered, unequal = queue_truth_differences(conn, SCHEMA, truths)
    assert entered > 1500
    assert unequal == []


@pytest.fixture(scope="module")
def purged(partitioned, conn) -> dict:
    """An unpartitioned copy of gim_part, then both purged by the same options and clock."""
    conn.execute(f"drop schema if exists {FLAT} cascade")
    conn.execute(f"create schema {FLAT}")
    for table in whole_tables(conn, SCHEMA):
        conn.execute(f'create table {FLAT}."{table}" (like {SCHEMA}."{table}" including defaults)')
        conn.execute(f'insert into {FLAT}."{table}" select * from {SCHEMA}."{table}"')
        if table in GIDB_BY_NAME:  # the key an unpartitioned GIDB table has
            key = ", ".join(GIDB_BY_NAME[table].key)
            conn.execute(
                f'alter table {FLAT}."{table}" add constraint "{key_constraint(table)}"'
                f" primary key ({key})"
            )
    last = conn.execute(f"select last_value from {SCHEMA}.ctl_audit_key_seq").fetchone()[0]
    conn.execute(f"create sequence {FLAT}.ctl_audit_key_seq")
    conn.execute(f"select setval('{FLAT}.ctl_audit_key_seq', {last})")
    before = {table: digest(conn, SCHEMA, table) for table in whole_tables(conn, SCHEMA)}
    project = partitioned["project"]
    flat_project = DbtProject(uri=infomart_uri(purging_config(FLAT)), schema=FLAT)
    flat_project.manifest()
    summaries = {
        schema: run("Job_MaintainGIM", purging_config(schema), each, clock=PURGE_CLOCK)
        for schema, each in ((SCHEMA, project), (FLAT, flat_project))
    }
    dropped = dict(
        conn.execute(
            f"select partition_name, row_count from {SCHEMA}.ctl_purge_history"
            " where purge_type = %s",
            (DROP_PARTITION,),
        ).fetchall()
    )
    again = run("Job_MaintainGIM", purging_config(SCHEMA), project, clock=PURGE_CLOCK)
    return {"before": before, "summaries": summaries, "dropped": dropped, "again": again}


def test_a_purge_drops_the_partitions_whose_rows_may_all_go(purged, conn) -> None:
    """(Read before the second run purged the first one's CTL_PURGE_HISTORY rows but the newest
    of each table.)"""
    dropped = purged["dropped"]
    assert any("partitions dropped whole" in line for line in purged["summaries"][SCHEMA])
    # The day's GIDB partition of party histories went whole: every row of it was eligible.
    march = int(datetime(2026, 3, 8, tzinfo=UTC).timestamp())
    gone = tables.partition_name("gidb_g_party_history_v", march, 86400)
    assert dropped[gone] > 1000
    assert gone not in {p.name for p in tables.partitions(conn, SCHEMA, "gidb_g_party_history_v")}
    # Some fact partition too (hourly: the facts of an hour that all ended before the cut-off).
    assert any(not name.startswith("gidb_") and rows for name, rows in dropped.items()), dropped
    # The partitions init made empty (today's, below the moved clock's cut-off) went unrecorded.
    assert not any(name.endswith(f"_p{datetime.now(UTC):%Y%m%d}") for name in dropped)


def test_a_purge_by_partition_leaves_what_a_purge_by_delete_leaves(purged, conn) -> None:
    changed = [
        table
        for table, before in purged["before"].items()
        if not table.startswith("ctl_") and digest(conn, SCHEMA, table) != before
    ]
    assert "interaction_fact" in changed and "gidb_g_call_v" in changed
    unequal = [
        table
        for table in purged["before"]
        if not table.startswith("ctl_") and digest(conn, SCHEMA, table) != digest(conn, FLAT, table)
    ]
    assert unequal == []


def test_a_second_purge_finds_no_fact_and_no_partition_to_drop(purged, conn) -> None:
    """(Only the first run's job history, older than its one day, goes.)"""
    purged_line = next(line for line in purged["again"] if line.startswith("purged"))
    assert "gim-facts" not in purged_line and "gidb-facts" not in purged_line, purged_line
    assert "partitions dropped whole" not in purged_line


def test_an_unpartitioned_info_mart_is_converted_with_its_rows(purged, partitioned, conn) -> None:
    """first_set (what gim init does with partitioning-enabled) on the unpartitioned copy."""
    before = {table: digest(conn, FLAT, table) for table in partitioned["layout"]}
    catalogue = partitioned["project"].catalogue()
    lines = first_set(
        conn,
        infomart_uri(purging_config(FLAT)),
        FLAT,
        catalogue,
        purging_config(FLAT),
        PURGE_CLOCK,
    )
    assert any(line.startswith("converted") for line in lines), lines
    assert set(partitioned["layout"]) <= tables.partitioned(conn, FLAT)
    assert {table: digest(conn, FLAT, table) for table in partitioned["layout"]} == before
    assert rows_in_defaults(conn, FLAT, partitioned["layout"]) == 0
    key = conn.execute(
        "select pg_get_constraintdef(oid) from pg_constraint where conname = 'gidb_g_call_v_pkey'"
        " and connamespace = %s::regnamespace",
        (FLAT,),
    ).fetchone()[0]
    assert "start_date_time_key" in key and "NULLS NOT DISTINCT" in key


def test_maintenance_keeps_partitions_ahead_of_its_clock(purged, conn) -> None:
    ahead = PURGE_CLOCK.timestamp() + 86400
    for name in ("interaction_fact", "gidb_g_call_mm", "gidb_go_chain"):
        ranged = [p for p in tables.partitions(conn, SCHEMA, name) if not p.is_default]
        covering = [p for p in ranged if p.lower <= PURGE_CLOCK.timestamp() < p.upper]
        assert covering, name
        assert max(p.upper for p in ranged) >= ahead, name
    assert any("partitions created" in line for line in purged["summaries"][SCHEMA])
