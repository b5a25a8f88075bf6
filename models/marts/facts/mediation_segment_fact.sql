{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_id',
    indexes=[{'columns': ['interaction_id']}, {'columns': ['start_date_time_key']}]
) }}

{#-
    One row per stay in a virtual queue: from entering it until it was abandoned, cleared or
    distributed; a distributed stay lasts until the agent answered or the caller hung up while
    it rang. Rebuilt a whole interaction at a time, like INTERACTION_RESOURCE_FACT.
-#}
with changed as (
    select * from {{ ref('int_interactions_changed') }}
),

calls as (
    select * from {{ ref('int_calls_rooted') }}
),

stays as (
    select
        stays.*,
        calls.interaction_id,
        calls.tenant_dbid,
        calls.call_type,
        calls.media_type
    from {{ ref('stg_gidb__g_virtual_queue') }} as stays
    inner join calls
        on
            stays.data_source_key = calls.data_source_key
            and stays.call_id = calls.call_id
    inner join changed on calls.interaction_id = changed.interaction_id
),

targets as (
    select * from {{ ref('int_agent_parties_measured') }}
),

current_rows as (
    {{ current_create_audit_keys('mediation_segment_id') }}
),

measured as (
    select
        stays.*,
        targets.party_row_id as target_party_row_id,
        targets.answered_ts,
        targets.created_ts as target_created_ts,
        {#- The stay ends when the agent answers, or the caller hangs up while it rings, or it
            leaves the queue; the caller is gone when the ringing party or the stay ends. -#}
        coalesce(targets.answered_ts, targets.terminated_ts, stays.left_ts) as ended_ts,
        coalesce(targets.terminated_ts, stays.left_ts) as caller_gone_ts,
        case
            when targets.answered_ts is not null then 'answered'
            {#- Still queued (an e-mail no agent has taken): no result yet. -#}
            when stays.left_ts is null then 'active'
            when stays.queue_result = {{ idb_code('vq_result', 'DISTRIBUTED') }}
                then 'abandoned_ringing'
            when stays.queue_result = {{ idb_code('vq_result', 'CLEARED') }} then 'cleared'
            else 'abandoned_queued'
        end as outcome
    from stays
    left join targets
        on
            stays.data_source_key = targets.data_source_key
            and stays.distributed_party_id = targets.party_id
),

final as (
    select
        {{ fact_id('measured.data_source_key', 'measured.virtual_queue_row_id') }}
            as mediation_segment_id,
        measured.tenant_dbid as tenant_key,
        {{ date_time_key('measured.entered_ts') }} as start_date_time_key,
        {{ date_time_key('measured.ended_ts') }} as end_date_time_key,
        {{ interaction_type_key('measured.call_type') }} as interaction_type_key,
        measured.media_type as media_type_key,
        case measured.outcome
            when 'answered' then {{ fixed_key('technical_descriptor', 'DIVERTED') }}
            when 'abandoned_ringing'
                then {{ fixed_key('technical_descriptor', 'ABANDONED_WHILE_RINGING') }}
            when 'cleared' then {{ fixed_key('technical_descriptor', 'CLEARED') }}
            when 'active' then {{ fixed_key('technical_descriptor', 'UNSPECIFIED') }}
            else {{ fixed_key('technical_descriptor', 'ABANDONED_WHILE_QUEUED') }}
        end as technical_descriptor_key,
        {{ resource_key(cfg_type('dn'), 'measured.virtual_queue_dbid') }} as resource_key,
        -1 as resource_group_combination_key,
        measured.interaction_id,
        measured.call_id as media_server_ixn_guid,
        case
            when measured.target_party_row_id is null then null
            else {{ fact_id('measured.data_source_key', 'measured.target_party_row_id') }}
        end as target_ixn_resource_id,
        {#- The segment lasts until the agent answers or the caller hangs up while it rings, as
            START_TS and END_TS; QUEUE_DURATION of the agent's row is the time before ringing. -#}
        measured.ended_ts - measured.entered_ts as mediation_duration,
        measured.ended_ts - measured.entered_ts as online_duration,
        case
            when
                measured.outcome in ('abandoned_ringing', 'abandoned_queued')
                and measured.caller_gone_ts - measured.entered_ts
                <= {{ var('short_abandoned_threshold') }}
                then 1
            else 0
        end as short_abandoned_flag,
        {{ var('q_answer_threshold') }} as answer_threshold,
        case
            when
                measured.outcome = 'answered'
                and measured.answered_ts - measured.entered_ts <= {{ var('q_answer_threshold') }}
                then 1
            else 0
        end as met_threshold_flag,
        case when measured.left_ts is null then 1 else 0 end as active_flag,
        measured.entered_ts as start_ts,
        measured.ended_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        measured.party_id as mediation_guid,
        0 as userdata_flag,
        cast(null as bigint) as producer_batch_id,
        cast(null as varchar(64)) as orssessionid,
        {{ date_time_key('measured.target_created_ts') }} as target_ixn_resource_sdt_key,
        case
            when measured.target_party_row_id is null then null
            else {{ fact_id('measured.data_source_key', 'measured.target_party_row_id') }}
        end as ixn_resource_id
    from measured
    left join current_rows
        on
            {{ fact_id('measured.data_source_key', 'measured.virtual_queue_row_id') }}
            = current_rows.mediation_segment_id
)

select {{ contract_columns('final') }}
from final
