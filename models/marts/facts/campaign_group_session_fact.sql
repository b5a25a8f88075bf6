{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_group_session_fact_key',
    indexes=[{'columns': ['campaign_group_session_fact_key']}]
) }}

{#-
    One row per load of a campaign on its agent group (GO_CAMPAIGN), from load to unload; a load
    still running is active and completed in place when it is unloaded.
-#}
with loads as (
    select * from {{ ref('int_campaign_loads_changed') }}
),

current_rows as (
    {{ current_create_audit_keys('campaign_group_session_fact_key') }}
),

final as (
    select
        {{ fact_id('loads.data_source_key', 'loads.campaign_load_row_id') }}
            as campaign_group_session_fact_key,
        {{ date_time_key('loads.loaded_ts') }} as start_date_time_key,
        {{ date_time_key('loads.unloaded_ts') }} as end_date_time_key,
        coalesce(campaigns.tenant_key, -1) as tenant_key,
        loads.campaign_dbid as campaign_key,
        loads.group_dbid as group_key,
        coalesce(loads.dialing_mode, -1) as dialing_mode_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        loads.campaign_guid as campaign_group_session_guid,
        {{ span_measures('loads.loaded_ts', 'loads.unloaded_ts') }},
        0 as purge_flag
    from loads
    left join {{ ref('campaign') }} as campaigns
        on loads.campaign_dbid = campaigns.campaign_key
    left join current_rows
        on
            {{ fact_id('loads.data_source_key', 'loads.campaign_load_row_id') }}
            = current_rows.campaign_group_session_fact_key
)

select {{ contract_columns('final') }}
from final
