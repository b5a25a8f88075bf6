{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_id',
    indexes=[{'columns': ['interaction_id']}]
) }}

{#- One row per customer interaction: every call sharing one root interaction record. -#}
with changed as (
    select * from {{ ref('int_interactions_changed') }}
),

calls as (
    select calls.*
    from {{ ref('int_calls_rooted') }} as calls
    inner join changed on calls.interaction_id = changed.interaction_id
),

interactions as (
    select
        interaction_id,
        min(created_ts) as start_ts,
        max(terminated_ts) as end_ts,
        sum(case when terminated_ts is null then 1 else 0 end) as active_calls
    from calls
    group by interaction_id
),

root_calls as (
    select * from calls
    where call_key = interaction_id
),

{# The agent row that represents the interaction (INTERACTION_RESOURCE_FACT.IRF_ANCHOR). #}
anchors as (
    select
        interaction_id,
        {{ fact_id('data_source_key', 'party_row_id') }} as anchor_id,
        created_ts as anchor_ts
    from {{ ref('int_agent_parties_attributed') }}
    where anchor_rank = 1
),

current_rows as (
    {{ current_create_audit_keys('interaction_id') }}
),

final as (
    select
        interactions.interaction_id,
        root_calls.tenant_dbid as tenant_key,
        {{ interaction_type_key('root_calls.call_type') }} as interaction_type_key,
        root_calls.media_type as media_type_key,
        root_calls.root_ir_id as media_server_root_ixn_guid,
        root_calls.call_id as media_server_ixn_guid,
        root_calls.conn_id_number as media_server_root_ixn_id,
        root_calls.conn_id_number as media_server_ixn_id,
        cast(null as varchar(1024)) as subject,
        anchors.anchor_id,
        {{ date_time_key('anchors.anchor_ts') }} as anchor_sdt_key,
        cast(null as bigint) as producer_batch_id,
        root_calls.ani as source_address,
        root_calls.dnis as target_address,
        case when interactions.active_calls > 0 then 0 else 1 end as status,
        interactions.start_ts,
        case when interactions.active_calls > 0 then null else interactions.end_ts end as end_ts,
        {{ date_time_key('interactions.start_ts') }} as start_date_time_key,
        case
            when interactions.active_calls > 0 then null
            else {{ date_time_key('interactions.end_ts') }}
        end as end_date_time_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        case when interactions.active_calls > 0 then 1 else 0 end as active_flag,
        0 as purge_flag
    from interactions
    inner join root_calls on interactions.interaction_id = root_calls.interaction_id
    left join anchors on interactions.interaction_id = anchors.interaction_id
    left join current_rows on interactions.interaction_id = current_rows.interaction_id
)

select {{ contract_columns('final') }}
from final
