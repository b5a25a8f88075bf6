"""SM_MEDIA_NEUTRAL_STATE_FACT: at every moment an agent is logged in, the state the
sm-resource-state-priority option ranks first among the agent's states on all media, checked
against the same rule computed here from SM_RES_STATE_FACT, also after a chat session is added to
a voice agent's day and when the day is rebuilt whole."""

from __future__ import annotations

import psycopg
import pytest
from idb_scenarios import data_source_key, single_idb
from transformed_day import ONCE_SEEDS, transform

from orchestrator.config.options import BY_KEY
from orchestrator.control.names import CTL_TRANSFORM_HISTORY
from orchestrator.idb.codes import AgentState, AgentStateRecordType, MediaType

pytestmark = pytest.mark.slow

DATA_SOURCE = f"tf_{ONCE_SEEDS[1]}"
PERSON_KEY_BASE = 3 * 100_000_000
#: test_transform_errors gives an agent's sessions this much higher a DBID.
UNCONFIGURED = 90_000_000
#: RESOURCE_STATE_KEY of each state the option names (seeds/fixed/fixed_resource_state.csv).
STATE_KEYS = {"READY": 2, "NOT_READY": 3, "BUSY": 4, "ACW": 5}
_PRIORITY = BY_KEY["gim-etl.sm-resource-state-priority"]
RANKS = {
    STATE_KEYS[state]: rank for rank, state in enumerate(_PRIORITY.kind.parse(_PRIORITY.default))
}

Span = tuple[int, int | None, int]


def winners(spans: list[Span]) -> list[Span]:
    """(START_TS, END_TS, state) of each period between two consecutive starts or ends of the
    spans that some span covers, with the state the option ranks first (unlisted ones last)."""
    points = sorted({point for start, end, _ in spans for point in (start, end) if point})
    ends: list[int | None] = [*points[1:], None]
    found = []
    for start, end in zip(points, ends, strict=True):
        held = [state for s, e, state in spans if s <= start and (e is None or start < e)]
        if held:
            found.append((start, end, min(held, key=lambda key: (RANKS.get(key, 10), key))))
    return found


def agent_spans(conn: psycopg.Connection, table: str, resource_key: int) -> list[Span]:
    return conn.execute(
        f"select start_ts, end_ts, resource_state_key from gim.{table}"
        " where resource_key = %s and (end_ts is null or end_ts > start_ts) order by start_ts",
        (resource_key,),
    ).fetchall()


def test_each_agent_s_winning_state_follows_the_priority_option(transformed, conn) -> None:
    """Every agent's rows, except agents whose sessions test_transform_errors gave to another
    DBID by rewriting GIDB: an IDB never changes a session's agent, and the old agent's rows are
    not rebuilt (they are derived again for the agents of the rebuilt sessions)."""
    moved = {
        PERSON_KEY_BASE + dbid - UNCONFIGURED
        for (dbid,) in conn.execute(
            "select distinct agentid from gim.gidb_g_login_session_v where agentid > %s",
            (UNCONFIGURED,),
        )
    }
    agents = [
        key
        for (key,) in conn.execute("select distinct resource_key from gim.sm_res_state_fact")
        if key not in moved
    ]
    assert len(agents) > 10
    for resource_key in agents:
        expected = winners(agent_spans(conn, "sm_res_state_fact", resource_key))
        assert agent_spans(conn, "sm_media_neutral_state_fact", resource_key) == expected


def test_a_chat_session_beside_a_voice_session_is_ranked_against_it(
    transformed, dbt_project, conn
) -> None:
    """A voice agent also logs in to chat for half an hour and is not ready there for the first
    ten minutes: those minutes are NotReady across media unless voice is in after-call work; a
    full rebuild gives the same rows as the incremental run."""
    key = data_source_key(conn, DATA_SOURCE)
    agent, voice_session, login = conn.execute(
        "select agentid, loginsessionid, created_ts + 600 from gim.gidb_g_login_session_v"
        " where data_source_key = %s and terminated_ts - created_ts > 3600"
        " order by agentid desc limit 1",
        (key,),
    ).fetchone()
    resource_key = PERSON_KEY_BASE + agent
    voice_only = agent_spans(conn, "sm_media_neutral_state_fact", resource_key)
    written = conn.execute("select nextval('gim.ctl_audit_key_seq')").fetchone()[0]
    chat_session = f"MN{agent:022d}"
    _copy_row(
        conn,
        "gidb_g_login_session",
        f"data_source_key = {key} and loginsessionid = '{voice_session}'",
        id="(select coalesce(max(id), 0) + 1 from gim.gidb_g_login_session_mm)",
        loginsessionid=f"'{chat_session}'",
        mediatype=str(MediaType.CHAT.value),
        created_ts=str(login),
        terminated_ts=str(login + 1800),
        lastchange_ts=str(login + 1800),
        create_audit_key=str(written),
        update_audit_key=str(written),
    )
    for seq, (offset, state) in enumerate(
        ((0, AgentState.NOT_READY), (600, AgentState.READY), (1800, AgentState.LOGGED_OUT)), 1
    ):
        _copy_row(
            conn,
            "gidb_g_agent_state_history",
            f"data_source_key = {key} and loginsessionid = '{voice_session}' and seq = 1",
            id="(select coalesce(max(id), 0) + 1 from gim.gidb_g_agent_state_history_mm)",
            loginsessionid=f"'{chat_session}'",
            type=str(AgentStateRecordType.STATE.value),
            state=str(state.value),
            seq=str(seq),
            added_ts=str(login + offset),
            create_audit_key=str(written),
        )
    transform(single_idb(DATA_SOURCE), dbt_project)

    states = agent_spans(conn, "sm_res_state_fact", resource_key)
    blended = agent_spans(conn, "sm_media_neutral_state_fact", resource_key)
    assert blended != voice_only
    assert blended == winners(states)
    not_ready = STATE_KEYS["NOT_READY"]
    assert (login, login + 600, not_ready) in states
    first_ten_minutes = [row for row in blended if login <= row[0] < login + 600]
    assert first_ten_minutes
    assert {state for _, _, state in first_ten_minutes} <= {not_ready, STATE_KEYS["ACW"]}
    assert not_ready in {state for _, _, state in first_ten_minutes}

    incremental = _rows_without_audit_keys(conn, resource_key)
    conn.execute(f"delete from gim.{CTL_TRANSFORM_HISTORY}")
    transform(single_idb(DATA_SOURCE), dbt_project)
    assert _rows_without_audit_keys(conn, resource_key) == incremental


def _rows_without_audit_keys(conn: psycopg.Connection, resource_key: int) -> list[tuple]:
    rows = conn.execute(
        "select * from gim.sm_media_neutral_state_fact where resource_key = %s", (resource_key,)
    )
    names = [column.name for column in rows.description]
    kept = [i for i, name in enumerate(names) if not name.endswith("_audit_key")]
    return sorted(tuple(row[i] for i in kept) for row in rows)


def _copy_row(conn: psycopg.Connection, table: str, where: str, **changes: str) -> None:
    """Copy one row of the voice GIDB table into its multimedia twin, with `changes` (SQL)."""
    conn.execute(f"create temp table copied as select * from gim.{table}_v where {where}")
    assigned = ", ".join(f"{column} = {value}" for column, value in changes.items())
    assert conn.execute(f"update copied set {assigned}").rowcount == 1
    conn.execute(f"insert into gim.{table}_mm select * from copied")
    conn.execute("drop table copied")
