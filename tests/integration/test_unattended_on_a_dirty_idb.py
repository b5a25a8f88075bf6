"""A simulated day among hundreds of bad IDB rows, one batch of each kind: every job completes,
each bad row is in a discard table with its reason, the good rows give back the ground truth,
and a second run changes nothing.

Named to run after the other modules that share the session's schema: its center's agents and
groups carry the same DBIDs as theirs, and the first data source's copy of a configuration row
stands for all, so it must not be the first."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from fact_truth import (
    AGENT_MEASURES,
    QUEUE_MEASURES,
    agent_measures,
    differences,
    interaction_differences,
    interaction_measures,
    interaction_truth,
    queue_measures,
    truth,
)
from idb_scenarios import data_source_key, extract, gidb_rows, simulate, single_idb
from transformed_day import transform

from orchestrator.db import idb_uri
from orchestrator.errors import DbtError
from orchestrator.idb.catalogue import TABLES

pytestmark = pytest.mark.slow

IDB = "dirty"
SEED = 71
_BY_NAME = {table.name: table for table in TABLES}


@dataclass(frozen=True)
class BadRows:
    """Copies of `count` IDB rows of `table` (the first by ID matching `where`) with `changes`
    (SQL over the original row) that make them bad, and where they must be found."""

    table: str
    count: int
    changes: dict[str, str]
    reason_code: str | None
    where: str = "true"


NOW = int(time.time())
#: Fresh identifiers, so that a bad row is never a good row's copy unless it means to be.
BATCHES = (
    BadRows("g_call", 40, {"callid": "'NULLIRID-' || id", "irid": "null"}, "MISSING_VALUE"),
    BadRows("g_call", 40, {"gsys_useq": "gsys_useq - 1"}, "DUPLICATE_KEY", "gsys_useq is not null"),
    BadRows("g_party", 40, {"partyid": "null"}, "NO_NATURAL_KEY"),
    BadRows("g_login_session", 20, {"loginsessionid": "null"}, "NO_NATURAL_KEY"),
    BadRows(
        "g_party_history", 40, {"gsys_useq": "gsys_useq - 1"}, "DUPLICATE_KEY", "gsys_useq > 0"
    ),
    BadRows("g_call", 30, {"callid": "'BADSTATE-' || id", "state": "99"}, "UNKNOWN_CODE"),
    BadRows("g_party", 30, {"partyid": "'BADTYPE-' || id", "type": "77"}, "UNKNOWN_CODE"),
    BadRows(
        "g_party_history",
        30,
        {"partyid": "'BADCHANGE-' || phid", "changetype": "55"},
        "UNKNOWN_CODE",
    ),
    BadRows(
        "g_call",
        30,
        {"callid": "'REVERSED-' || id", "terminated_ts": "created_ts - 300"},
        "REVERSED_TIMES",
        "terminated_ts is not null",
    ),
    BadRows(
        "g_agent_state_history",
        30,
        {"loginsessionid": "'OLD-' || id", "added_ts": "1000"},
        "BAD_TIMESTAMP",
    ),
    BadRows(
        "g_call",
        20,
        {
            "callid": "'FUTURE-' || id",
            "created_ts": f"{NOW + 10 * 86400}",
            "terminated_ts": f"{NOW + 10 * 86400 + 60}",
            "lastchange_ts": f"{NOW + 10 * 86400 + 60}",
        },
        "BAD_TIMESTAMP",
    ),
    # Orphans: voice parties (the merge checks those) of calls that never came, early enough to
    # be past the merge's wait.
    BadRows(
        "g_party",
        30,
        {"partyid": "'ORPHAN-' || id", "callid": "'ORPHAN-' || id"},
        None,
        "gsys_domain in (select dss_id from g_dss_gcc_provider where ds_type = 1)",
    ),
)


def _insert(idb: psycopg.Connection, batch: BadRows, offset: int) -> None:
    table = _BY_NAME[batch.table]
    row_id = table.primary_key[0]
    changes = {row_id: f"{row_id} + {offset}", **batch.changes}
    columns = [column.name for column in table.columns]
    values = [changes.get(name, name) for name in columns]
    for name, value in batch.changes.items():  # a real IDB does not always hold them to it
        if value == "null":
            idb.execute(f"alter table {batch.table} alter column {name} drop not null")
    inserted = idb.execute(
        f"insert into {batch.table} ({', '.join(columns)})"
        f" select {', '.join(values)} from {batch.table} where {batch.where}"
        f" order by {row_id} limit {batch.count}"
    ).rowcount
    assert inserted == batch.count, batch


@pytest.fixture(scope="module")
def dirty(initialized, dbt_project, tmp_path_factory) -> Path:
    """The day simulated, the bad rows written among it, one cycle run; the truth folder."""
    truth_dir = tmp_path_factory.mktemp("dirty-truth")
    config = single_idb(IDB)
    simulate(config, None, truth_dir, seed=SEED)
    with psycopg.connect(idb_uri(config, IDB), autocommit=True) as idb:
        for number, batch in enumerate(BATCHES, start=1):
            _insert(idb, batch, number * 100_000_000)
    extract(config, dbt_project)
    transform(config, dbt_project)
    return truth_dir


def _discards(conn: psycopg.Connection) -> list[tuple[str, str, int]]:
    return conn.execute(
        "select source_table, reason_code, count(*) from gim.stg_transform_discards"
        " where data_source_key = %s group by 1, 2 order by 1, 2",
        (data_source_key(conn, IDB),),
    ).fetchall()


def test_every_bad_row_is_discarded_with_its_reason(dirty, conn) -> None:
    expected: dict[tuple[str, str], int] = {}
    for batch in BATCHES:
        if batch.reason_code is not None:
            key = (batch.table, batch.reason_code)
            expected[key] = expected.get(key, 0) + batch.count
    assert _discards(conn) == sorted((t, c, n) for (t, c), n in expected.items())
    assert sum(expected.values()) >= 300


def test_a_discard_names_what_is_wrong_and_keeps_the_row(dirty, conn) -> None:
    reason, record = conn.execute(
        "select reason, record_data from gim.stg_transform_discards"
        " where reason_code = 'UNKNOWN_CODE' and source_table = 'g_party' limit 1"
    ).fetchone()
    assert reason == "type 77 is not a party_type code (docs/idb.md)"
    assert '"partyid": "BADTYPE-' in record


def test_orphans_are_recorded_without_waiting_for_newer_calls(dirty, conn) -> None:
    orphans = conn.execute(
        "select count(*) from gim.stg_idb_fk_violation where data_source_key = %s"
        " and idb_table = 'g_party' and referenced_value like 'ORPHAN-%%'",
        (data_source_key(conn, IDB),),
    ).fetchone()[0]
    assert orphans == 30


def test_the_good_rows_give_back_the_ground_truth(dirty, conn) -> None:
    key = data_source_key(conn, IDB)
    queues = truth(dirty, "queue_intervals.csv", "virtual_queue", QUEUE_MEASURES)
    assert differences(queues, queue_measures(conn, key))[:5] == []
    agents = truth(dirty, "agent_intervals.csv", "agent_id", AGENT_MEASURES)
    assert differences(agents, agent_measures(conn, key))[:5] == []
    interactions = interaction_truth(dirty)
    assert interaction_differences(interactions, interaction_measures(conn, key))[:5] == []
    assert len(interactions) > 500


def test_a_second_cycle_changes_nothing(dirty, dbt_project, conn) -> None:
    config = single_idb(IDB)
    facts = "select count(*), sum(interaction_resource_id) from gim.interaction_resource_fact"
    before = (gidb_rows(conn, IDB), _discards(conn), conn.execute(facts).fetchone())
    extract(config, dbt_project)
    transform(config, dbt_project)
    assert (gidb_rows(conn, IDB), _discards(conn), conn.execute(facts).fetchone()) == before


def test_no_fact_has_a_negative_duration_or_ends_beyond_the_horizon(
    dirty, dbt_project, conn
) -> None:
    """The dbt data test holds on the dirty day, and fails on a fact that breaks it."""
    check = "facts_have_no_negative_durations_or_future_ends"
    dbt_project.run("test", check)
    row = conn.execute(
        "select interaction_resource_id, talk_duration from gim.interaction_resource_fact"
        " where interaction_resource_id / %s = %s limit 1",
        (10**12, data_source_key(conn, IDB)),
    ).fetchone()
    conn.execute(
        "update gim.interaction_resource_fact set talk_duration = -300"
        " where interaction_resource_id = %s",
        (row[0],),
    )
    try:
        with pytest.raises(DbtError, match=f"{check} fail"):
            dbt_project.run("test", check)
    finally:
        conn.execute(
            "update gim.interaction_resource_fact set talk_duration = %s"
            " where interaction_resource_id = %s",
            (row[1], row[0]),
        )
