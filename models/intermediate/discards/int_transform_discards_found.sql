{#-
    GIDB rows written since the last completed transform that no fact can take, each with the
    reason and the keys to find it again. Job_TransformGIM copies them into STG_TRANSFORM_DISCARDS
    (orchestrator/jobs/transform.py); the facts leave them out.
-#}
with sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

state_records as (
    select * from {{ ref('stg_gidb__g_agent_state_history') }}
    where {{ changed_since_last_transform() }}
),

reason_rows as (
    select * from {{ ref('stg_gidb__g_agent_state_rc') }}
    where {{ changed_since_last_transform() }}
),

states_without_session as (
    select
        {{ dbt.concat(["'gidb_g_agent_state_history_'", 'state_records.gidb_copy']) }}
            as source_table,
        cast(state_records.state_row_id as varchar(255)) as source_key,
        state_records.data_source_key,
        'MISSING_SESSION' as reason_code,
        {{ dbt.concat([
            "'agent state record of login session '",
            'state_records.login_session_id',
            "', which GIDB does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'loginsessionid='", 'state_records.login_session_id',
            "' state='", 'cast(state_records.agent_state as varchar(20))',
            "' added_ts='", 'cast(state_records.added_ts as varchar(20))',
        ]) }} as record_data
    from state_records
    left join sessions
        on
            state_records.data_source_key = sessions.data_source_key
            and state_records.login_session_id = sessions.login_session_id
    where sessions.login_session_id is null
),

reasons_without_session as (
    select
        {{ dbt.concat(["'gidb_g_agent_state_rc_'", 'reason_rows.gidb_copy']) }} as source_table,
        cast(reason_rows.reason_row_id as varchar(255)) as source_key,
        reason_rows.data_source_key,
        'MISSING_SESSION' as reason_code,
        {{ dbt.concat([
            "'reason code of login session '",
            'reason_rows.login_session_id',
            "', which GIDB does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'sessionid='", 'reason_rows.login_session_id',
            "' value='", "coalesce(reason_rows.reason_value, '')",
            "' set_ts='", 'cast(reason_rows.set_ts as varchar(20))',
        ]) }} as record_data
    from reason_rows
    left join sessions
        on
            reason_rows.data_source_key = sessions.data_source_key
            and reason_rows.login_session_id = sessions.login_session_id
    where sessions.login_session_id is null
),

all_discards as (
    select * from states_without_session
    union all
    select * from reasons_without_session
)

select * from all_discards
