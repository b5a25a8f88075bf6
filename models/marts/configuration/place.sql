{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='place_key'
) }}

{#- One row per place in configuration (GC_PLACE). -#}
with objects as (
    {{ latest_config_copy('stg_gidb__gc_place', 'place_dbid') }}
),

current_rows as (
    {{ current_create_audit_keys('place_key') }}
),

final as (
    select
        objects.place_dbid as place_key,
        objects.tenant_dbid as tenant_key,
        objects.place_name,
        objects.place_dbid as place_cfg_dbid,
        objects.created_ts as start_ts,
        objects.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from objects
    left join current_rows on objects.place_dbid = current_rows.place_key
)

select {{ contract_columns('final') }}
from final
