"""Job_TransformGIM on simulated days: the facts give back the simulator's ground truth, the same
built in cycles as at once, unchanged by a rerun, with broken rows discarded and explained."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from fact_truth import (
    AGENT_MEASURES,
    INBOUND,
    OUTBOUND_MEASURES,
    QUEUE_MEASURES,
    ROUTED_TO_AGENT,
    agent_measures,
    attached_data_of_facts,
    attached_data_truth,
    differences,
    interaction_differences,
    interaction_measures,
    interaction_truth,
    mediation_rows,
    outbound_measures,
    queue_measures,
    routing_point_seconds,
    truth,
)
from idb_scenarios import data_source_key, single_idb
from transformed_day import CYCLED_SEED, ONCE_SEEDS, transform

from orchestrator.catalogue import TAG_INITIALIZE, TAG_TRANSFORM
from orchestrator.control.names import CTL_TRANSFORM_HISTORY
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import JobFailed

pytestmark = pytest.mark.slow

#: CAMPAIGN_GROUP_STATE_KEY of a running campaign group (seeds/fixed/fixed_campaign_group_state.csv).
RUNNING = 3


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_queue_measures_per_interval_equal_the_ground_truth(transformed, conn, seed) -> None:
    expected = truth(transformed[seed], "queue_intervals.csv", "virtual_queue", QUEUE_MEASURES)
    actual = queue_measures(conn, data_source_key(conn, f"tf_{seed}"))
    assert differences(expected, actual)[:5] == []
    assert sum(v for (_, _, m), v in expected.items() if m == "entered") > 500


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_a_call_abandoned_in_a_queue_ends_on_its_routing_points_row(
    transformed, conn, seed
) -> None:
    """INTERACTION_RESOURCE_FACT holds the mediation resource where an interaction ended: one row
    per caller who hung up while queued, in the interval the stay began, its last row."""
    expected = truth(
        transformed[seed], "queue_intervals.csv", "virtual_queue", ("abandoned_queued",)
    )
    actual = mediation_rows(conn, data_source_key(conn, f"tf_{seed}"))
    assert differences(expected, actual)[:5] == []
    assert sum(expected.values()) > 20


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_agent_measures_per_interval_equal_the_ground_truth(transformed, conn, seed) -> None:
    expected = truth(transformed[seed], "agent_intervals.csv", "agent_id", AGENT_MEASURES)
    actual = agent_measures(conn, data_source_key(conn, f"tf_{seed}"))
    assert differences(expected, actual)[:5] == []
    measured = {measure for (_, _, measure) in actual}
    assert {
        "offered",
        "talk_seconds",
        "wrap_seconds",
        "busy_seconds",
        "outbound_accepted",
    } <= measured


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_outbound_attempts_per_interval_equal_the_ground_truth(transformed, conn, seed) -> None:
    """CONTACT_ATTEMPT_FACT: attempts per campaign by OCS result, and the calls that reached an
    agent with their talk, per 15-minute interval of dialling."""
    expected = truth(transformed[seed], "outbound_intervals.csv", "campaign", OUTBOUND_MEASURES)
    actual = outbound_measures(conn, data_source_key(conn, f"tf_{seed}"))
    assert differences(expected, actual)[:5] == []
    assert sum(v for (_, _, m), v in expected.items() if m == "connected") > 20


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_each_interaction_s_measures_equal_the_ground_truth(transformed, conn, seed) -> None:
    """Queue, ring, talk, hold and wrap seconds and the transfer, consult and conference marks of
    every inbound interaction (voice, chat, e-mail), not only their interval totals."""
    expected = interaction_truth(transformed[seed])
    actual = interaction_measures(conn, data_source_key(conn, f"tf_{seed}"))
    found = interaction_differences(expected, actual)
    assert found[:5] == []
    assert len(expected) > 500
    for measure in ("transferred", "consulted", "conference", "hold_seconds", "wrap_seconds"):
        assert sum(measures[measure] for measures in expected.values()) > 0, measure


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_each_interaction_s_routing_point_time_equals_its_time_queued(
    transformed, conn, seed
) -> None:
    """ROUTING_POINT_DURATION: the simulated strategies hold a call at its routing point while
    it waits in the virtual queue (the route result spans the stay), so an inbound interaction's
    routing-point seconds over its rows equal the ground truth's queue seconds."""
    expected = {
        call_id: measures["queue_seconds"]
        for call_id, measures in interaction_truth(transformed[seed]).items()
        if measures["queue_seconds"]
    }
    actual = routing_point_seconds(conn, data_source_key(conn, f"tf_{seed}"))
    disagreeing = sorted(
        (call_id, expected.get(call_id), actual.get(call_id))
        for call_id in set(expected) | set(actual)
        if expected.get(call_id) != actual.get(call_id)
    )
    assert disagreeing[:5] == []
    assert len(expected) > 300


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_each_interaction_s_attached_data_equals_the_ground_truth(transformed, conn, seed) -> None:
    """Every agent row of an inbound interaction carries the customer segment, service type and
    CUSTOMER_ID the call was given; the business result, set when the call ends, is on the rows
    of the leg it ended on (a leg transferred away to another site has none)."""
    values, business_results = attached_data_truth(transformed[seed])
    facts, fact_results = attached_data_of_facts(conn, data_source_key(conn, f"tf_{seed}"))
    assert len(facts) > 300
    assert [
        (guid, got, values.get(guid)) for guid, got in facts.items() if got != values.get(guid)
    ][:5] == []
    assert [
        (guid, got, business_results.get(guid))
        for guid, got in fact_results.items()
        if got != {business_results.get(guid)}
    ][:5] == []
    assert len(fact_results) > 0.8 * len(facts)


def test_the_cycled_day_equals_one_run_over_it_at_the_end(transformed, dbt_project, conn) -> None:
    """Seed 41 was transformed in cycles as the day went on. With the transform history gone, one
    run rebuilds every table whole from GIDB, and every row comes out as the cycles left it."""
    cycled = _rows_without_audit_keys(conn, dbt_project.catalogue().transform_tables)
    conn.execute(f"delete from gim.{CTL_TRANSFORM_HISTORY}")
    transform(single_idb(f"tf_{CYCLED_SEED}"), dbt_project)
    assert conn.execute(
        f"select min(max_source_audit_key) from gim.{CTL_TRANSFORM_HISTORY}"
    ).fetchone() != (None,)
    rebuilt = _rows_without_audit_keys(conn, dbt_project.catalogue().transform_tables)
    assert {table: len(rows) for table, rows in rebuilt.items()} == {
        table: len(rows) for table, rows in cycled.items()
    }
    assert rebuilt == cycled


def test_a_second_run_changes_nothing(transformed, dbt_project, conn) -> None:
    before = _fact_counts(conn)
    summary = transform(single_idb(f"tf_{CYCLED_SEED}"), dbt_project)
    assert summary[0].startswith("0 rows written into ")
    assert _fact_counts(conn) == before


def test_a_cycle_rebuilds_only_the_views_it_must(
    transformed, dbt_project, conn, monkeypatch
) -> None:
    """Views whose definition has not changed since they were built stay as they are; those that
    read the run's vars, and those a run dropped, are built again."""
    built: list[str] = []
    real_run = DbtProject.run

    def recording_run(self, command, select, variables=None, extra=()):
        nodes = real_run(self, command, select, variables, extra)
        built.extend(node.name for node in nodes)
        return nodes

    monkeypatch.setattr(DbtProject, "run", recording_run)
    transform(single_idb(f"tf_{CYCLED_SEED}"), dbt_project)
    assert "int_login_sessions_touched" in built  # reads the run's audit keys
    assert "int_login_sessions_changed" in built  # on a view dbt replaces (dropped with CASCADE)
    assert "stg_gidb__g_call" not in built
    assert "int_resources_unioned" not in built
    built.clear()
    conn.execute("drop view gim.stg_gidb__gc_switch cascade")  # int_resources_unioned with it
    transform(single_idb(f"tf_{CYCLED_SEED}"), dbt_project)
    assert {"stg_gidb__gc_switch", "int_resources_unioned"} <= set(built)
    assert "stg_gidb__g_call" not in built


def test_the_facts_keep_their_descriptions_after_later_cycles(transformed, conn) -> None:
    """Comments are written when a fact table is first built, not every cycle (persist_docs)."""
    for name in ("interaction_resource_fact", "sm_res_state_fact"):
        table, column = conn.execute(
            "select obj_description(c.oid, 'pg_class'), col_description(c.oid, 1)"
            " from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
            " where n.nspname = 'gim' and c.relname = %s",
            (name,),
        ).fetchone()
        assert table and column, f"{name} lost its descriptions"


def test_the_data_tests_and_unit_tests_pass(transformed, dbt_project) -> None:
    """Keys, relationships, non-overlapping states (whole tables) and the rules' unit tests."""
    results = dbt_project.run("test", f"{TAG_TRANSFORM} {TAG_INITIALIZE}")
    assert {node.status for node in results} == {"pass"}
    names = [node.name for node in results if node.resource_type == "test"]
    assert any(name.startswith("no_overlapping_intervals") for name in names)
    assert any(
        name.startswith("relationships_interaction_fact_start_date_time_key") for name in names
    )
    assert sum(node.resource_type == "unit_test" for node in results) >= 3


def test_a_transform_killed_midway_is_resumed_by_the_next_run(
    transformed, dbt_project, conn, monkeypatch
) -> None:
    """Sessions changed in GIDB; the run dies after rebuilding one of their three facts. The next
    run rebuilds all three (the dead run left no history), and the facts come out as before."""
    config = single_idb(f"tf_{ONCE_SEEDS[1]}")
    key = data_source_key(conn, f"tf_{ONCE_SEEDS[1]}")
    before = _session_facts(conn, key)
    touched = conn.execute("select nextval('gim.ctl_audit_key_seq')").fetchone()[0]
    for copy in ("v", "mm"):
        conn.execute(
            f"update gim.gidb_g_login_session_{copy} set update_audit_key = %s"
            " where data_source_key = %s",
            (touched, key),
        )
    real_run = DbtProject.run

    def dying_run(self, command, select, variables=None, extra=()):
        real_run(self, command, "sm_res_session_fact", variables, extra)
        raise RuntimeError("killed midway")

    monkeypatch.setattr(DbtProject, "run", dying_run)
    with pytest.raises(JobFailed, match="killed midway"):
        transform(config, dbt_project)
    monkeypatch.setattr(DbtProject, "run", real_run)
    killed = _session_audit_keys(conn, key)
    assert len(killed["sm_res_session_fact"]) == 1  # the dead run rebuilt this one
    assert killed["sm_res_session_fact"] != killed["sm_res_state_fact"]  # not this one
    transform(config, dbt_project)
    resumed = _session_audit_keys(conn, key)
    assert len(set().union(*resumed.values())) == 1
    assert min(resumed["sm_res_session_fact"]) > max(killed["sm_res_session_fact"])
    assert _session_facts(conn, key) == before


SESSION_FACTS = ("sm_res_session_fact", "sm_res_state_fact", "sm_res_state_reason_fact")


def _of_source(table: str) -> str:
    """Rows of `table` whose derived key (docs/decisions.md, Fact keys) names data source %s."""
    return f"{table}_key / 1000000000000 = %s"


def _session_facts(conn: psycopg.Connection, key: int) -> dict[str, list[tuple]]:
    """Every row of the session facts of data source `key`, without their audit keys."""
    facts = {}
    for table in SESSION_FACTS:
        rows = conn.execute(
            f"select * from gim.{table} where {_of_source(table)} order by 1", (key,)
        )
        names = [column.name for column in rows.description]
        kept = [i for i, name in enumerate(names) if not name.endswith("_audit_key")]
        facts[table] = [tuple(row[i] for i in kept) for row in rows]
        assert facts[table], table
    return facts


def _session_audit_keys(conn: psycopg.Connection, key: int) -> dict[str, set[int]]:
    return {
        table: {
            row[0]
            for row in conn.execute(
                f"select distinct update_audit_key from gim.{table} where {_of_source(table)}",
                (key,),
            )
        }
        for table in SESSION_FACTS
    }


def test_a_broken_gidb_row_is_discarded_with_its_reason_and_keys(
    transformed, dbt_project, conn
) -> None:
    """An agent state record whose login session GIDB does not hold."""
    key = data_source_key(conn, f"tf_{CYCLED_SEED}")
    audit_key = conn.execute("select nextval('gim.ctl_audit_key_seq')").fetchone()[0]
    conn.execute(
        "create temp table broken as select * from gim.gidb_g_agent_state_history_v"
        " where data_source_key = %s limit 1",
        (key,),
    )
    row_id = conn.execute(
        "update broken set id = id + 900000000, loginsessionid = 'NO-SUCH-SESSION',"
        " create_audit_key = %s returning id",
        (audit_key,),
    ).fetchone()[0]
    conn.execute("insert into gim.gidb_g_agent_state_history_v select * from broken")
    summary = transform(single_idb(f"tf_{CYCLED_SEED}"), dbt_project)
    discards = conn.execute(
        "select source_table, data_source_key, reason_code, reason from gim.stg_transform_discards"
        " where source_key = %s and data_source_key = %s",
        (str(row_id), key),
    ).fetchall()
    assert discards == [
        (
            "gidb_g_agent_state_history_v",
            key,
            "MISSING_SESSION",
            "agent state record of login session NO-SUCH-SESSION, which GIDB does not hold",
        )
    ]
    assert "1 rows discarded: see STG_TRANSFORM_DISCARDS" in summary
    loaded = conn.execute(
        "select count(*) from gim.sm_res_state_fact where sm_res_state_fact_key = %s * 1000000000000 + %s",
        (key, row_id),
    ).fetchone()[0]
    assert loaded == 0


def _rows_without_audit_keys(
    conn: psycopg.Connection, transform_tables: tuple[str, ...]
) -> dict[str, list[tuple]]:
    """Every row of every table Job_TransformGIM builds, sorted, without its audit keys."""
    found = {}
    for table in transform_tables:
        rows = conn.execute(f"select * from gim.{table}")
        names = [column.name for column in rows.description]
        kept = [i for i, name in enumerate(names) if not name.endswith("_audit_key")]
        found[table] = sorted((tuple(row[i] for i in kept) for row in rows), key=repr)
        assert found[table], table
    return found


def _fact_counts(conn: psycopg.Connection) -> dict[str, tuple[int, int]]:
    tables = (
        "interaction_fact",
        "interaction_resource_fact",
        "mediation_segment_fact",
        "sm_res_state_fact",
    )
    return {
        table: conn.execute(f"select count(*), max(update_audit_key) from gim.{table}").fetchone()
        for table in tables
    }


def test_the_facts_are_analysed_as_they_are_built(transformed, conn) -> None:
    """The aggregation reads the facts right after the transform, before autovacuum wakes: a
    plan made without statistics joined every queue stay to every agent row. LAST_ANALYZE is
    set by an explicit ANALYZE only (autovacuum sets LAST_AUTOANALYZE)."""
    facts = ("interaction_resource_fact", "mediation_segment_fact", "sm_res_state_fact")
    analysed = conn.execute(
        "select relname, last_analyze is not null from pg_stat_user_tables"
        " where schemaname = 'gim' and relname = any(%s) order by 1",
        (list(facts),),
    ).fetchall()
    assert analysed == [(fact, True) for fact in sorted(facts)]


def test_a_join_into_a_staging_view_looks_its_rows_up_by_index(transformed, conn) -> None:
    """A cycle joins its few rebuilt rows into staging views of the whole GIDB history. PostgreSQL
    does not pull a view written WITH CTEs into the query that reads it, so such a view is read
    whole: at 10 days of history, 1.9 million parties were scanned to find 239. Every staging
    view is a plain SELECT, and a party looked up by its key is found through the index."""
    with_clause = conn.execute(
        "select viewname from pg_views where schemaname = 'gim'"
        " and viewname like 'stg\\_gidb\\_\\_%' and ltrim(definition) ilike 'with%'"
    ).fetchall()
    assert with_clause == []
    with conn.transaction(force_rollback=True):
        conn.execute("create temporary table probe (data_source_key integer, party_id text)")
        conn.execute(
            "insert into probe select data_source_key, party_id from gim.stg_gidb__g_party limit 2"
        )
        conn.execute("analyze probe")
        plan = "\n".join(
            line
            for (line,) in conn.execute(
                "explain select parties.party_guid from probe"
                " inner join gim.stg_gidb__g_party as parties"
                " on probe.data_source_key = parties.data_source_key"
                " and probe.party_id = parties.party_id"
            ).fetchall()
        )
    assert "Index Cond: ((data_source_key = probe.data_source_key)" in plan, plan


@pytest.mark.parametrize(
    ("fact", "source", "members"),
    [
        ("resource_group_fact_", "gidb_gcx_group_agent", "groupid, agentid"),
        ("resource_group_fact_", "gidb_gcx_group_endpoint", "groupid, endpointid"),
        ("resource_skill_fact_", "gidb_gcx_skill_level", "agentid, skillid, slevel"),
        ("place_group_fact_", "gidb_gcx_group_place", "groupid, placeid"),
    ],
)
def test_each_membership_span_is_one_relationship_fact(
    transformed, conn, fact, source, members
) -> None:
    """Several IDBs hold the same configuration: each span (members and creation) once. Agents'
    and DNs' group memberships share RESOURCE_GROUP_FACT_, told apart by RESOURCE_CFG_TYPE_ID."""
    spans = conn.execute(
        f"select count(*) from (select distinct {members}, created_ts from gim.{source}) as s"
    ).fetchone()[0]
    assert spans > 0
    member_type = {"gidb_gcx_group_agent": 3, "gidb_gcx_group_endpoint": 2}.get(source)
    only = f" where resource_cfg_type_id = {member_type}" if member_type else ""
    assert conn.execute(f"select count(*) from gim.{fact}{only}").fetchone()[0] == spans


def test_every_agent_with_a_session_belongs_to_a_group_and_holds_a_skill(transformed, conn) -> None:
    unplaced = conn.execute(
        "select count(*) from (select distinct resource_key from gim.sm_res_session_fact) as s"
        " where not exists (select from gim.resource_group_fact_ as g"
        " where g.resource_key = s.resource_key and g.active_flag = 1)"
        " or not exists (select from gim.resource_skill_fact_ as k"
        " where k.resource_key = s.resource_key and k.skill_level > 0)"
    ).fetchone()[0]
    assert unplaced == 0


def test_interaction_states_add_up_to_their_interaction_resource_fact(transformed, conn) -> None:
    """IXN_RESOURCE_STATE_FACT's periods per party sum to the party's counts and durations in
    INTERACTION_RESOURCE_FACT (which the ground-truth tests check)."""
    measures = ", ".join(
        f"count(*) filter (where s.state_name_code = '{code}' and f.end_ts is not null),"
        f" coalesce(sum(f.total_duration) filter (where s.state_name_code = '{code}'), 0)"
        for code in ("DIALING", "ALERTING", "CONNECTED", "HOLD", "ACW")
    )
    by_states = conn.execute(
        f"select f.interaction_resource_id, {measures} from gim.ixn_resource_state_fact as f"
        " join gim.interaction_resource_state as s using (interaction_resource_state_key)"
        " group by 1"
    ).fetchall()
    by_parties = conn.execute(
        "select interaction_resource_id, dial_count, dial_duration, ring_count, ring_duration,"
        " talk_count, talk_duration, hold_count, hold_duration, after_call_work_count,"
        " after_call_work_duration from gim.interaction_resource_fact"
        " where dial_count + ring_count + talk_count + hold_count + after_call_work_count > 0"
    ).fetchall()
    assert len(by_parties) > 1000
    assert sorted(by_states) == sorted(by_parties)


def test_each_routed_agent_row_names_the_strategy_and_the_group_that_chose_the_agent(
    transformed, conn
) -> None:
    """An inbound party routed to an agent names the routing point's strategy and the agent group
    it selected: a group the agent belonged to, of the strategy's line of business."""
    rows = conn.execute(
        "select i.interaction_resource_id, s.strategy_name, t.routing_target_type_code,"
        " t.agent_group_name, exists (select from gim.resource_group_combination as c"
        "  join gim.group_ as g using (group_key) where c.group_combination_key"
        "  = i.resource_group_combination_key and g.group_name = t.agent_group_name)"
        " from gim.interaction_resource_fact as i"
        " join gim.strategy as s using (strategy_key)"
        " join gim.routing_target as t using (routing_target_key)"
        " where i.interaction_type_key = %s and i.technical_descriptor_key = any(%s)",
        (INBOUND, sorted(ROUTED_TO_AGENT)),
    ).fetchall()
    assert len(rows) > 1000
    wrong = [
        row
        for row in rows
        if row[2] != "AGENT GROUP" or not row[4] or row[1] != f"{row[3].split(' ')[0]} routing"
    ]
    assert wrong[:5] == []


@pytest.mark.parametrize("seed", [CYCLED_SEED, *ONCE_SEEDS])
def test_each_campaign_load_and_its_running_state_equal_the_ground_truth(
    transformed, conn, seed
) -> None:
    """CAMPAIGN_GROUP_SESSION_FACT has each load OCS made, from load to unload, on its group;
    CAMPAIGN_GROUP_STATE_FACT has the load running all that time, in one row."""
    with (transformed[seed] / "campaign_loads.csv").open(newline="", encoding="utf-8") as handle:
        expected = {
            row["campaign_guid"]: (
                int(row["group_id"]),
                int(row["loaded_ts"]),
                int(row["unloaded_ts"]),
            )
            for row in csv.DictReader(handle)
        }
    in_source = (10**12, data_source_key(conn, f"tf_{seed}"))
    sessions = conn.execute(
        "select campaign_group_session_guid, group_key, start_ts, end_ts"
        " from gim.campaign_group_session_fact where campaign_group_session_fact_key / %s = %s",
        in_source,
    ).fetchall()
    assert expected
    assert {guid: tuple(rest) for guid, *rest in sessions} == expected
    running = conn.execute(
        "select s.campaign_group_session_guid, t.start_ts, t.end_ts"
        " from gim.campaign_group_state_fact as t join gim.campaign_group_session_fact as s"
        " using (campaign_group_session_fact_key) where t.campaign_group_state_key = %s"
        " and t.campaign_group_state_fact_key / %s = %s",
        (RUNNING, *in_source),
    ).fetchall()
    assert sorted(running) == sorted((guid, load[1], load[2]) for guid, load in expected.items())


def test_the_readme_s_dbt_commands_run_from_the_project_root(gim_home: Path, transformed) -> None:
    """As an analytics engineer types them, on a transformed day: no variable but GIM_HOME (where
    `gim` keeps its server; ./.gim by default), none of those the orchestrator sets for its runs."""
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIM_PG_", "GIM_DBT_"))}
    env.pop("GIM_SCHEMA", None)
    env["GIM_HOME"] = str(gim_home)
    dbt = str(Path(sys.executable).parent / "dbt")
    for command in (
        ["source", "freshness"],
        ["test", "--select", "tag:initialize"],
    ):
        result = subprocess.run(
            [dbt, *command, "--profiles-dir", "profiles"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-2000:]
    readme = (root / "README.md").read_text()
    assert ".venv/bin/dbt source freshness --profiles-dir profiles" in readme
    assert ".venv/bin/dbt test --profiles-dir profiles" in readme
