{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='sm_res_session_fact_key',
    indexes=[{'columns': ['sm_res_session_fact_key']}]
) }}

with changed as (
    select * from {{ ref('int_login_sessions_changed') }}
),

sessions as (
    select sessions.*
    from {{ ref('stg_gidb__g_login_session') }} as sessions
    inner join changed
        on
            sessions.data_source_key = changed.data_source_key
            and sessions.login_session_id = changed.login_session_id
),

current_rows as (
    {{ current_create_audit_keys('sm_res_session_fact_key') }}
),

final as (
    select
        {{ fact_id('sessions.data_source_key', 'sessions.login_session_row_id') }}
            as sm_res_session_fact_key,
        {{ date_time_key('sessions.login_ts') }} as start_date_time_key,
        {{ date_time_key('sessions.logout_ts') }} as end_date_time_key,
        sessions.tenant_dbid as tenant_key,
        sessions.media_type as media_type_key,
        {{ resource_key(cfg_type('person'), 'sessions.agent_dbid') }} as resource_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        -1 as agent_location_key,
        cast(null as bigint) as producer_batch_id,
        {{ span_measures('sessions.login_ts', 'sessions.logout_ts') }},
        0 as purge_flag
    from sessions
    {{ join_group_combination(
        resource_key(cfg_type('person'), 'sessions.agent_dbid'), 'sessions.login_ts'
    ) }}
    left join current_rows
        on
            {{ fact_id('sessions.data_source_key', 'sessions.login_session_row_id') }}
            = current_rows.sm_res_session_fact_key
)

select {{ contract_columns('final') }}
from final
