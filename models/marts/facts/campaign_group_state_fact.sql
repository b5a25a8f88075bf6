{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_group_session_fact_key',
    indexes=[{'columns': ['campaign_group_session_fact_key']}]
) }}

{#-
    One row per state a campaign-group load was in (GO_CAMPAIGNHISTORY): each state lasts until the
    load's next state change, or until the unload; entering Not Loaded ends the load and is no
    state of it. Zero-length states (passed through at one moment) are dropped, as agent states
    are. Rebuilt a whole load at a time: unique_key is the load.
-#}
with loads as (
    select * from {{ ref('int_campaign_loads_changed') }}
),

changes as (
    select
        changes.data_source_key,
        changes.campaign_state_row_id,
        changes.campaign_guid,
        changes.campaign_group_state,
        changes.entered_ts as start_ts,
        lead(changes.entered_ts) over (
            partition by changes.data_source_key, changes.campaign_guid
            order by changes.entered_ts, changes.campaign_state_row_id
        ) as next_change_ts
    from {{ ref('stg_gidb__go_campaignhistory') }} as changes
    inner join loads
        on
            changes.data_source_key = loads.data_source_key
            and changes.campaign_guid = loads.campaign_guid
),

states as (
    select
        changes.*,
        coalesce(changes.next_change_ts, loads.unloaded_ts) as end_ts,
        loads.campaign_load_row_id,
        loads.campaign_dbid,
        loads.group_dbid
    from changes
    inner join loads
        on
            changes.data_source_key = loads.data_source_key
            and changes.campaign_guid = loads.campaign_guid
    where
        changes.campaign_group_state <> {{ idb_code('campaign_group_state', 'NOT_LOADED') }}
        and (
            coalesce(changes.next_change_ts, loads.unloaded_ts) is null
            or coalesce(changes.next_change_ts, loads.unloaded_ts) > changes.start_ts
        )
),

current_rows as (
    {{ current_create_audit_keys('campaign_group_state_fact_key') }}
),

final as (
    select
        {{ fact_id('states.data_source_key', 'states.campaign_state_row_id') }}
            as campaign_group_state_fact_key,
        {{ date_time_key('states.start_ts') }} as start_date_time_key,
        {{ date_time_key('states.end_ts') }} as end_date_time_key,
        coalesce(campaigns.tenant_key, -1) as tenant_key,
        states.campaign_dbid as campaign_key,
        states.group_dbid as group_key,
        states.campaign_group_state as campaign_group_state_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        {{ fact_id('states.data_source_key', 'states.campaign_load_row_id') }}
            as campaign_group_session_fact_key,
        {{ span_measures('states.start_ts', 'states.end_ts') }},
        0 as purge_flag
    from states
    left join {{ ref('campaign') }} as campaigns
        on states.campaign_dbid = campaigns.campaign_key
    left join current_rows
        on
            {{ fact_id('states.data_source_key', 'states.campaign_state_row_id') }}
            = current_rows.campaign_group_state_fact_key
)

select {{ contract_columns('final') }}
from final
