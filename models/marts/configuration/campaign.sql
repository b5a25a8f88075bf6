{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_key'
) }}

{#- One row per outbound campaign in configuration (GC_CAMPAIGN). -#}
with objects as (
    {{ latest_config_copy('stg_gidb__gc_campaign', 'campaign_dbid') }}
),

current_rows as (
    {{ current_create_audit_keys('campaign_key') }}
),

final as (
    select
        objects.campaign_dbid as campaign_key,
        objects.tenant_dbid as tenant_key,
        objects.campaign_name,
        objects.campaign_dbid as campaign_cfg_dbid,
        objects.created_ts as start_ts,
        objects.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from objects
    left join current_rows on objects.campaign_dbid = current_rows.campaign_key
)

select {{ contract_columns('final') }}
from final
