{#-
    Agent state spans: each STATE record of a login session lasts until the session's next STATE
    record, or until logout. A span still open (session active, no later record) has no end.
    The LOGGED_OUT record only closes the span before it.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with state_records as (
    select * from {{ ref('stg_gidb__g_agent_state_history') }}
    where record_type = {{ idb_code('agent_state_record_type', 'STATE') }}
),

sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
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
