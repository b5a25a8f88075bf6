{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='tenant_key'
) }}

{#- One row per tenant in configuration (GC_TENANT). -#}
with objects as (
    {{ latest_config_copy('stg_gidb__gc_tenant', 'tenant_dbid') }}
),

current_rows as (
    {{ current_create_audit_keys('tenant_key') }}
),

final as (
    select
        objects.tenant_dbid as tenant_key,
        objects.tenant_name,
        objects.tenant_dbid as tenant_cfg_dbid,
        objects.created_ts as start_ts,
        objects.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from objects
    left join current_rows on objects.tenant_dbid = current_rows.tenant_key
)

select {{ contract_columns('final') }}
from final
