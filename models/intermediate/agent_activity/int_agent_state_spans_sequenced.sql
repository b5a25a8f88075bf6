{#-
    Agent state spans of the login sessions this run needs: the changed sessions
    (int_login_sessions_changed), and the sessions agents of the rebuilt calls released a party in
    (their after-call work is measured from the spans). Each STATE record lasts until the session's
    next STATE record, or until logout. A span still open (session active, no later record) has no
    end. The LOGGED_OUT record only closes the span before it.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with all_sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

released_parties as (
    select
        data_source_key,
        agent_dbid,
        terminated_ts
    from {{ ref('int_agent_parties_rooted') }}
    where terminated_ts is not null
),

sessions_released_in as (
    select
        all_sessions.data_source_key,
        all_sessions.login_session_id
    from all_sessions
    inner join released_parties
        on
            all_sessions.data_source_key = released_parties.data_source_key
            and all_sessions.agent_dbid = released_parties.agent_dbid
            and all_sessions.login_ts <= released_parties.terminated_ts
            and (
                all_sessions.logout_ts is null
                or all_sessions.logout_ts >= released_parties.terminated_ts
            )
),

needed_sessions as (
    select * from {{ ref('int_login_sessions_changed') }}
    union
    select * from sessions_released_in
),

sessions as (
    select all_sessions.*
    from all_sessions
    inner join needed_sessions
        on
            all_sessions.data_source_key = needed_sessions.data_source_key
            and all_sessions.login_session_id = needed_sessions.login_session_id
),

state_records as (
    select records.*
    from {{ ref('stg_gidb__g_agent_state_history') }} as records
    inner join sessions
        on
            records.data_source_key = sessions.data_source_key
            and records.login_session_id = sessions.login_session_id
    where records.record_type = {{ idb_code('agent_state_record_type', 'STATE') }}
),

sequenced as (
    select
        data_source_key,
        login_session_id,
        state_row_id,
        agent_state,
        work_mode,
        added_ts as start_ts,
        lead(added_ts) over (
            partition by data_source_key, login_session_id
            order by state_seq
        ) as next_state_ts
    from state_records
),

spans as (
    select
        sequenced.data_source_key,
        sequenced.login_session_id,
        sequenced.state_row_id,
        sequenced.agent_state,
        sequenced.work_mode,
        sessions.agent_dbid,
        sessions.tenant_dbid,
        sessions.media_type,
        sequenced.start_ts,
        coalesce(sequenced.next_state_ts, sessions.logout_ts) as end_ts
    from sequenced
    inner join sessions
        on
            sequenced.data_source_key = sessions.data_source_key
            and sequenced.login_session_id = sessions.login_session_id
    where sequenced.agent_state <> {{ idb_code('agent_state', 'LOGGED_OUT') }}
)

select * from spans
