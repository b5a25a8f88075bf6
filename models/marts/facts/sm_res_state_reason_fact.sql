{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='sm_res_session_fact_key',
    indexes=[
        {'columns': ['sm_res_session_fact_key']},
        {'columns': ['start_date_time_key']},
        {'columns': ['end_ts']}
    ]
) }}

with changed as (
    select * from {{ ref('int_login_sessions_changed') }}
),

reasons as (
    select reasons.*
    from {{ ref('int_state_reasons_described') }} as reasons
    inner join changed
        on
            reasons.data_source_key = changed.data_source_key
            and reasons.login_session_id = changed.login_session_id
),

sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

spans as (
    select * from {{ ref('int_agent_state_spans_sequenced') }}
),

reason_keys as (
    select * from {{ ref('resource_state_reason') }}
),

current_rows as (
    {{ current_create_audit_keys('sm_res_state_reason_fact_key') }}
),

final as (
    select
        {{ fact_id('reasons.data_source_key', 'reasons.reason_row_id') }}
            as sm_res_state_reason_fact_key,
        reasons.tenant_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        cast(null as bigint) as producer_batch_id,
        {{ date_time_key('reasons.set_ts') }} as start_date_time_key,
        {{ date_time_key('reasons.reset_ts') }} as end_date_time_key,
        {{ resource_state_key('reasons.agent_state') }} as resource_state_key,
        coalesce(reason_keys.resource_state_reason_key, -2) as resource_state_reason_key,
        reasons.media_type as media_type_key,
        {{ resource_key(cfg_type('person'), 'reasons.agent_dbid') }} as resource_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        {{ fact_id('sessions.data_source_key', 'sessions.login_session_row_id') }}
            as sm_res_session_fact_key,
        {{ fact_id('spans.data_source_key', 'spans.state_row_id') }} as sm_res_state_fact_key,
        {{ span_measures('reasons.set_ts', 'reasons.reset_ts') }},
        0 as purge_flag
    from reasons
    inner join sessions
        on
            reasons.data_source_key = sessions.data_source_key
            and reasons.login_session_id = sessions.login_session_id
    left join spans
        on
            reasons.data_source_key = spans.data_source_key
            and reasons.login_session_id = spans.login_session_id
            and reasons.set_ts = spans.start_ts
            and reasons.agent_state = spans.agent_state
    left join reason_keys on {{ same_state_reason('reasons', 'reason_keys') }}
    {{ join_group_combination(
        resource_key(cfg_type('person'), 'reasons.agent_dbid'), 'reasons.set_ts'
    ) }}
    left join current_rows
        on
            {{ fact_id('reasons.data_source_key', 'reasons.reason_row_id') }}
            = current_rows.sm_res_state_reason_fact_key
)

select {{ contract_columns('final') }}
from final
