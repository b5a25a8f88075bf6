"""Facts name the agent groups an agent belonged to when each row's span began
(RESOURCE_GROUP_COMBINATION), checked against GIDB's GCX_GROUP_AGENT, and a membership that
changes during the day applies from its time on, incrementally as in a full rebuild."""

from __future__ import annotations

import psycopg
import pytest
from idb_scenarios import data_source_key, single_idb
from transformed_day import ONCE_SEEDS, transform

from orchestrator.control.names import CTL_TRANSFORM_HISTORY

pytestmark = pytest.mark.slow

DATA_SOURCE = f"tf_{ONCE_SEEDS[1]}"
PERSON_KEY_BASE = 3 * 100_000_000
AGENT_FACTS = ("sm_res_session_fact", "sm_res_state_fact", "interaction_resource_fact")

#: Per agent row of a fact: its groups by RESOURCE_GROUP_COMBINATION, and by GCX_GROUP_AGENT at
#: its START_TS ('' for none, which the -1 row's group -1 stands for).
GROUPS_BY_COMBINATION_AND_BY_GIDB = """
select
    facts.start_ts,
    (
        select string_agg(c.group_key::text, ',' order by c.group_key)
        from gim.resource_group_combination as c
        where c.group_combination_key = facts.resource_group_combination_key and c.group_key > 0
    ) as combined,
    (
        select string_agg(distinct m.groupid::text, ',')
        from gim.gidb_gcx_group_agent as m
        where
            m.agentid = facts.resource_key - {base}
            and m.created_ts <= facts.start_ts
            and (m.deleted_ts is null or facts.start_ts < m.deleted_ts)
    ) as configured
from gim.{fact} as facts
where facts.resource_key > {base} and facts.resource_key < {base} + 100000000 {only}
"""


def groups_of_rows(
    conn: psycopg.Connection, fact: str, resource_key: int | None = None
) -> list[tuple[int, str, str]]:
    """(START_TS, groups by combination, groups by GIDB) of the fact's agent rows."""
    only = "" if resource_key is None else f"and facts.resource_key = {resource_key}"
    query = GROUPS_BY_COMBINATION_AND_BY_GIDB.format(base=PERSON_KEY_BASE, fact=fact, only=only)
    return [
        (start, combined or "", configured or "")
        for start, combined, configured in conn.execute(query).fetchall()
    ]


@pytest.mark.parametrize("fact", AGENT_FACTS)
def test_each_agent_row_names_the_groups_of_the_agent_when_it_began(
    transformed, conn, fact
) -> None:
    rows = groups_of_rows(conn, fact)
    assert rows
    assert any("," in combined for _, combined, _ in rows)  # some agents are in two groups
    assert [row for row in rows if row[1] != row[2]] == []


def test_a_combination_is_one_key_for_one_set_of_groups(transformed, conn) -> None:
    sets = conn.execute(
        "select members, count(*) from (select group_combination_key,"
        " string_agg(group_key::text, ',' order by group_key) as members"
        " from gim.resource_group_combination group by 1) as c group by 1 having count(*) > 1"
    ).fetchall()
    assert sets == []


def _agent_rows(conn: psycopg.Connection, resource_key: int) -> dict[str, list[tuple]]:
    found = {}
    for fact in AGENT_FACTS:
        rows = conn.execute(f"select * from gim.{fact} where resource_key = %s", (resource_key,))
        names = [column.name for column in rows.description]
        kept = [i for i, name in enumerate(names) if not name.endswith("_audit_key")]
        found[fact] = sorted((tuple(row[i] for i in kept) for row in rows), key=repr)
    return found


def test_a_membership_changed_midday_applies_from_its_time_on(
    transformed, dbt_project, conn
) -> None:
    """One agent leaves a group and joins another in the middle of a login session: the
    session's states before the change keep the old groups, those after take the new ones, as a
    full rebuild has them."""
    key = data_source_key(conn, DATA_SOURCE)
    agent, change_ts = conn.execute(
        "select agentid, created_ts + (terminated_ts - created_ts) / 2 from gim.gidb_g_login_session_v"
        " where data_source_key = %s and terminated_ts is not null"
        " order by terminated_ts - created_ts desc, agentid limit 1",
        (key,),
    ).fetchone()
    left, joined = conn.execute(
        "select min(groupid) filter (where agentid = %s),"
        " min(groupid) filter (where groupid not in"
        "   (select groupid from gim.gidb_gcx_group_agent where agentid = %s))"
        " from gim.gidb_gcx_group_agent where data_source_key = %s",
        (agent, agent, key),
    ).fetchone()
    written = conn.execute("select nextval('gim.ctl_audit_key_seq')").fetchone()[0]
    # Configuration Server changed: every IDB recording the membership records its end (other
    # simulated centers of the session share the agents' and groups' DBIDs, and the first data
    # source's copy of a membership stands for all).
    conn.execute(
        "update gim.gidb_gcx_group_agent as m set deleted_ts = %s, update_audit_key = %s"
        " where agentid = %s and groupid = %s and created_ts = (select o.created_ts"
        " from gim.gidb_gcx_group_agent as o where o.data_source_key = %s"
        " and o.agentid = m.agentid and o.groupid = m.groupid)",
        (change_ts, written, agent, left, key),
    )
    conn.execute(
        "insert into gim.gidb_gcx_group_agent (id, groupid, agentid, status, created_ts,"
        " data_source_key, create_audit_key, update_audit_key)"
        " select max(id) + 1, %s, %s, 1, %s, %s, %s, %s from gim.gidb_gcx_group_agent",
        (joined, agent, change_ts, key, written, written),
    )
    transform(single_idb(DATA_SOURCE), dbt_project)

    resource_key = PERSON_KEY_BASE + agent
    states = groups_of_rows(conn, "sm_res_state_fact", resource_key)
    before = {combined for start, combined, _ in states if start < change_ts}
    after = {combined for start, combined, _ in states if start >= change_ts}
    assert len(before) == 1 and len(after) == 1
    assert str(left) in before.pop().split(",")
    assert str(joined) in after.pop().split(",")
    for fact in AGENT_FACTS:
        rows = groups_of_rows(conn, fact, resource_key)
        assert [row for row in rows if row[1] != row[2]] == [], fact
    ended = conn.execute(
        "select active_flag, end_ts from gim.resource_group_fact_"
        " where resource_key = %s and group_key = %s",
        (resource_key, left),
    ).fetchall()
    assert ended == [(0, change_ts)]

    incremental = _agent_rows(conn, resource_key)
    conn.execute(f"delete from gim.{CTL_TRANSFORM_HISTORY}")
    transform(single_idb(DATA_SOURCE), dbt_project)
    assert _agent_rows(conn, resource_key) == incremental
