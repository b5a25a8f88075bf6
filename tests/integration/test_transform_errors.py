"""The [error-policy] options on GIDB rows Job_TransformGIM cannot take as they are: an agent with
no configuration, an interaction whose other site never arrived, an outbound code no dimension
knows. Each policy is tried on seed 42's transformed day, changed by hand in GIDB."""

from __future__ import annotations

import psycopg
import pytest
from idb_scenarios import data_source_key
from transformed_day import ONCE_SEEDS, transform

from orchestrator.config import Config, validate
from orchestrator.control.names import CTL_TRANSFORM_HISTORY
from orchestrator.errors import JobFailed

pytestmark = pytest.mark.slow

DATA_SOURCE = f"tf_{ONCE_SEEDS[0]}"
#: Added to an agent's DBID to name an agent no GC_AGENT row holds (DBIDs stay below 10^8).
UNCONFIGURED = 90_000_000
PERSON_KEY_BASE = 3 * 100_000_000


def with_policy(**policies: str) -> Config:
    """The data source's configuration with [error-policy] options (keys use underscores)."""
    return validate(
        {
            "idb": [{"name": DATA_SOURCE}],
            "error-policy": {name.replace("_", "-"): value for name, value in policies.items()},
        },
        source=None,
    )


def new_audit_key(conn: psycopg.Connection) -> int:
    return conn.execute("select nextval('gim.ctl_audit_key_seq')").fetchone()[0]


def unconfigure_agent(conn: psycopg.Connection, rank: int) -> tuple[int, int]:
    """Give the `rank`-th agent with sessions a DBID GC_AGENT does not hold, in its sessions,
    states and parties, as a new GIDB write; (old DBID, new DBID)."""
    key = data_source_key(conn, DATA_SOURCE)
    old = conn.execute(
        "select distinct agentid from gim.gidb_g_login_session_v where data_source_key = %s"
        " order by agentid offset %s limit 1",
        (key, rank),
    ).fetchone()[0]
    written = new_audit_key(conn)
    for table in ("g_login_session", "g_agent_state_history", "g_party"):
        for copy in ("v", "mm"):
            audit = "update_audit_key" if table != "g_agent_state_history" else "create_audit_key"
            conn.execute(
                f"update gim.gidb_{table}_{copy} set agentid = %s, {audit} = %s"
                " where data_source_key = %s and agentid = %s",
                (old + UNCONFIGURED, written, key, old),
            )
    return old, old + UNCONFIGURED


def transform_marks(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        f"select table_name, max(max_source_audit_key) from gim.{CTL_TRANSFORM_HISTORY}"
        " group by 1 order by 1"
    ).fetchall()


def facts_of_resource(conn: psycopg.Connection, resource_key: int) -> dict[str, int]:
    return {
        table: conn.execute(
            f"select count(*) from gim.{table} where resource_key = %s", (resource_key,)
        ).fetchone()[0]
        for table in ("sm_res_session_fact", "sm_res_state_fact", "interaction_resource_fact")
    }


def discards(conn: psycopg.Connection, reason_code: str) -> list[tuple]:
    return conn.execute(
        "select source_table, reason from gim.stg_transform_discards where reason_code = %s"
        " order by source_table, source_key",
        (reason_code,),
    ).fetchall()


def test_fail_stops_the_job_before_it_writes_anything(transformed, dbt_project, conn) -> None:
    """missing-configuration = fail: the job fails naming the rows; no fact or mark moves. The
    same rows are then loaded under fix-up (next test), so nothing is lost."""
    _, dbid = unconfigure_agent(conn, 0)
    marks = transform_marks(conn)
    with pytest.raises(JobFailed) as failure:
        transform(with_policy(missing_configuration="fail"), dbt_project)
    message = str(failure.value)
    assert "error-policy categories set to fail (missing-configuration)" in message
    assert f"agent DBID {dbid}, which GC_AGENT does not hold" in message
    assert "nothing was written" in message
    assert transform_marks(conn) == marks
    assert set(facts_of_resource(conn, PERSON_KEY_BASE + dbid).values()) == {0}


def test_fix_up_loads_against_a_placeholder_the_configuration_completes(
    transformed, dbt_project, conn
) -> None:
    """missing-configuration = fix-up (the default): the unconfigured agent's sessions, states
    and parties are loaded against a RESOURCE_ row without a name; when GC_AGENT later brings
    the agent, the same row gets its name and keeps its CREATE_AUDIT_KEY."""
    key = data_source_key(conn, DATA_SOURCE)
    dbid = conn.execute(
        "select max(agentid) from gim.gidb_g_login_session_v where data_source_key = %s", (key,)
    ).fetchone()[0]
    assert dbid > UNCONFIGURED  # left by the fail test
    resource_key = PERSON_KEY_BASE + dbid
    transform(with_policy(), dbt_project)
    loaded = facts_of_resource(conn, resource_key)
    assert min(loaded.values()) > 0, loaded
    placeholder = conn.execute(
        "select resource_name, tenant_key, resource_type, create_audit_key"
        " from gim.resource_ where resource_key = %s",
        (resource_key,),
    ).fetchone()
    assert placeholder[:3] == (None, -1, "Agent")
    assert discards(conn, "MISSING_AGENT") == []

    written = new_audit_key(conn)
    conn.execute(
        "create temp table arrived as select * from gim.gidb_gc_agent"
        " where data_source_key = %s and id = %s",
        (key, dbid - UNCONFIGURED),
    )
    conn.execute(
        "update arrived set id = %s, username = 'arrived.late', create_audit_key = %s,"
        " update_audit_key = %s",
        (dbid, written, written),
    )
    conn.execute("insert into gim.gidb_gc_agent select * from arrived")
    transform(with_policy(), dbt_project)
    completed = conn.execute(
        "select resource_name, tenant_key <> -1, create_audit_key from gim.resource_"
        " where resource_key = %s",
        (resource_key,),
    ).fetchone()
    assert completed == ("arrived.late", True, placeholder[3])
    assert facts_of_resource(conn, resource_key) == loaded


def test_discard_records_the_rows_and_leaves_their_sessions_and_interactions_out(
    transformed, dbt_project, conn
) -> None:
    """missing-configuration = discard: every session and party row of the agent is in
    STG_TRANSFORM_DISCARDS with its reason; no fact and no RESOURCE_ row names the agent."""
    _, dbid = unconfigure_agent(conn, 1)
    summary = transform(with_policy(missing_configuration="discard"), dbt_project)
    found = discards(conn, "MISSING_AGENT")
    tables_found = {table for table, _ in found}
    assert {"gidb_g_login_session_v", "gidb_g_party_v"} <= tables_found
    assert all(f"agent DBID {dbid}, which GC_AGENT does not hold" in reason for _, reason in found)
    assert f"{len(found)} rows discarded: see STG_TRANSFORM_DISCARDS" in summary
    assert facts_of_resource(conn, PERSON_KEY_BASE + dbid) == {
        "sm_res_session_fact": 0,
        "sm_res_state_fact": 0,
        "interaction_resource_fact": 0,
    }
    assert conn.execute(
        "select count(*) from gim.resource_ where resource_key = %s", (PERSON_KEY_BASE + dbid,)
    ).fetchone() == (0,)


def copy_row(conn: psycopg.Connection, table: str, where: str, changes: str, *params) -> None:
    """Insert a copy of the first row of gim.`table` matching `where`, with `changes` (a SET
    list) applied: a GIDB row written by hand."""
    split = where.count("%s")
    conn.execute("drop table if exists copied")
    conn.execute(
        f"create temp table copied as select * from gim.{table} where {where} limit 1",
        params[:split],
    )
    conn.execute(f"update copied set {changes}", params[split:])
    conn.execute(f"insert into gim.{table} select * from copied")


def test_an_unknown_outbound_code_is_discarded_or_loaded_as_unknown(
    transformed, dbt_project, conn
) -> None:
    """inconsistent-data: an attempt with call result 99 is discarded by default; under fix-up
    the same row is loaded with CALL_RESULT_KEY -2 (Unknown)."""
    key = data_source_key(conn, DATA_SOURCE)
    row_id = 900_000_000
    copy_row(
        conn,
        "gidb_go_chainrec_hist",
        "data_source_key = %s",
        "id = %s, seq = seq + 1000, callresult = 99, create_audit_key = %s",
        key,
        row_id,
        new_audit_key(conn),
    )
    fact_key = key * 1_000_000_000_000 + row_id
    summary = transform(with_policy(), dbt_project)
    assert conn.execute(
        "select source_table, source_key, reason_code from gim.stg_transform_discards"
        " where reason_code = 'UNKNOWN_CODE' and source_table like 'gidb_%%'"
    ).fetchall() == [("gidb_go_chainrec_hist", str(row_id), "UNKNOWN_CODE")]
    assert "1 rows discarded: see STG_TRANSFORM_DISCARDS" in summary
    loaded = (
        "select call_result_key from gim.contact_attempt_fact where contact_attempt_fact_key = %s"
    )
    assert conn.execute(loaded, (fact_key,)).fetchall() == []

    conn.execute(
        "update gim.gidb_go_chainrec_hist set create_audit_key = %s where id = %s",
        (new_audit_key(conn), row_id),
    )
    transform(with_policy(inconsistent_data="fix-up"), dbt_project)
    assert conn.execute(loaded, (fact_key,)).fetchall() == [(-2,)]


def test_a_partial_merge_is_held_back_until_the_other_side_arrives(
    transformed, dbt_project, conn
) -> None:
    """partially-merged-interaction = discard: a call's inter-site link without its other side
    keeps the interaction out of the facts (recorded once in STG_TRANSFORM_DISCARDS); the other
    side's arrival rebuilds the interaction whole, with no further discard."""
    key = data_source_key(conn, DATA_SOURCE)
    policy = with_policy(partially_merged_interaction="discard")
    call_id, interaction_id = conn.execute(
        "select c.callid, f.interaction_id from gim.gidb_g_call_v as c"
        " join gim.interaction_fact as f on f.interaction_id = c.id + %s * 1000000000000"
        " where c.data_source_key = %s and c.irid = c.rootirid order by c.id limit 1",
        (key, key),
    ).fetchone()
    copy_row(
        conn,
        "gidb_g_is_link_v",
        "true",
        "data_source_key = %s, linkid = 'LONELY-LINK', callid = %s, create_audit_key = %s,"
        " update_audit_key = %s",
        key,
        call_id,
        *([new_audit_key(conn)] * 2),
    )
    held_back = "select update_audit_key from gim.interaction_fact where interaction_id = %s"
    before = conn.execute(held_back, (interaction_id,)).fetchone()
    transform(policy, dbt_project)
    assert discards(conn, "PARTIAL_MERGE") == [
        (
            "gidb_g_is_link_v",
            f"inter-site link LONELY-LINK of call {call_id}, whose other side GIDB does not hold",
        )
    ]
    assert conn.execute(held_back, (interaction_id,)).fetchone() == before

    other_call = conn.execute(
        "select callid from gim.gidb_g_call_v where data_source_key = %s and callid <> %s"
        " order by id limit 1",
        (key, call_id),
    ).fetchone()[0]
    copy_row(
        conn,
        "gidb_g_is_link_v",
        "linkid = 'LONELY-LINK'",
        "callid = %s, create_audit_key = %s, update_audit_key = %s",
        other_call,
        *([new_audit_key(conn)] * 2),
    )
    transform(policy, dbt_project)
    assert len(discards(conn, "PARTIAL_MERGE")) == 1
    rebuilt = conn.execute(held_back, (interaction_id,)).fetchone()
    assert rebuilt[0] > before[0]
