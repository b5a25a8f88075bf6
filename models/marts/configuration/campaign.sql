{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_key'
) }}

{#-
    One row per outbound campaign in configuration; of several IDBs' copies the last changed
    wins.
-#}
with ranked as (
    select
        campaigns.*,
        row_number() over (
            partition by campaigns.campaign_dbid
            order by campaigns.lastchange_ts desc, campaigns.data_source_key desc
        ) as copy_rank
    from {{ ref('stg_gidb__gc_campaign') }} as campaigns
),

campaigns as (
    select * from ranked
    where copy_rank = 1 and {{ changed_since_last_transform() }}
),

current_rows as (
    {{ current_create_audit_keys('campaign_key') }}
),

final as (
    select
        campaigns.campaign_dbid as campaign_key,
        campaigns.tenant_dbid as tenant_key,
        campaigns.campaign_name,
        campaigns.campaign_dbid as campaign_cfg_dbid,
        campaigns.created_ts as start_ts,
        campaigns.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from campaigns
    left join current_rows on campaigns.campaign_dbid = current_rows.campaign_key
)

select {{ contract_columns('final') }}
from final
