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

{#-
    Rebuilt a whole session at a time: unique_key is the session, so the delete removes every
    state row of a changed session before its rows are inserted again.
-#}
with changed as (
    select * from {{ ref('int_login_sessions_changed') }}
),

sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

spans as (
    select spans.*
    from {{ ref('int_agent_state_spans_sequenced') }} as spans
    inner join changed
        on
            spans.data_source_key = changed.data_source_key
            and spans.login_session_id = changed.login_session_id
    where spans.end_ts is null or spans.end_ts > spans.start_ts
),

current_rows as (
    {{ current_create_audit_keys('sm_res_state_fact_key') }}
),

final as (
    select
        {{ fact_id('spans.data_source_key', 'spans.state_row_id') }} as sm_res_state_fact_key,
        {{ date_time_key('spans.start_ts') }} as start_date_time_key,
        {{ date_time_key('spans.end_ts') }} as end_date_time_key,
        spans.tenant_dbid as tenant_key,
        spans.media_type as media_type_key,
        {{ resource_key(cfg_type('person'), 'spans.agent_dbid') }} as resource_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        -1 as primary_media_resource_key,
        {{ resource_state_key('spans.agent_state') }} as resource_state_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        cast(null as bigint) as producer_batch_id,
        {{ fact_id('sessions.data_source_key', 'sessions.login_session_row_id') }}
            as sm_res_session_fact_key,
        {{ span_measures('spans.start_ts', 'spans.end_ts') }},
        0 as purge_flag
    from spans
    inner join sessions
        on
            spans.data_source_key = sessions.data_source_key
            and spans.login_session_id = sessions.login_session_id
    {{ join_group_combination(
        resource_key(cfg_type('person'), 'spans.agent_dbid'), 'spans.start_ts'
    ) }}
    left join current_rows
        on
            {{ fact_id('spans.data_source_key', 'spans.state_row_id') }}
            = current_rows.sm_res_state_fact_key
)

select {{ contract_columns('final') }}
from final
