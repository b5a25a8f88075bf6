{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='skill_key'
) }}

{#- One row per skill in configuration (GC_SKILL). -#}
with objects as (
    {{ latest_config_copy('stg_gidb__gc_skill', 'skill_dbid') }}
),

current_rows as (
    {{ current_create_audit_keys('skill_key') }}
),

final as (
    select
        objects.skill_dbid as skill_key,
        objects.tenant_dbid as tenant_key,
        objects.skill_name,
        objects.skill_dbid as skill_cfg_dbid,
        objects.created_ts as start_ts,
        objects.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from objects
    left join current_rows on objects.skill_dbid = current_rows.skill_key
)

select {{ contract_columns('final') }}
from final
