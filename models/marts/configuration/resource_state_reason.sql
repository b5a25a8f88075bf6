{{ config(
    materialized='incremental',
    incremental_strategy='append'
) }}

{#-
    One row per distinct reason (tenant, type, key and value, work mode), added the first time a
    reason is seen; keys are handed out after the largest existing one and never change.
-#}
with seen as (
    select distinct
        tenant_key,
        reason_type,
        reason_type_code,
        hardware_reason,
        software_reason_key,
        software_reason_value,
        workmode,
        workmode_code
    from {{ ref('int_state_reasons_described') }}
    where {{ changed_since_last_transform() }}
),

{% if is_incremental() %}
known as (
    select * from {{ this }}
),

{% endif %}
new_reasons as (
    select seen.*
    from seen
    {%- if is_incremental() %}
    left join known on {{ same_state_reason('seen', 'known') }}
    where known.resource_state_reason_key is null
    {%- endif %}
),

final as (
    select
        {%- if is_incremental() %}
        (select coalesce(max(resource_state_reason_key), 0) from known)
        + row_number() over (order by {{ reason_order() }}) as resource_state_reason_key,
        {%- else %}
        row_number() over (order by {{ reason_order() }}) as resource_state_reason_key,
        {%- endif %}
        tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        reason_type,
        reason_type_code,
        hardware_reason,
        software_reason_key,
        software_reason_value,
        workmode,
        workmode_code,
        0 as purge_flag
    from new_reasons
)

select * from final
