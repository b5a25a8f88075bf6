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

known as (
    {{ stored_rows([
        'resource_state_reason_key', 'tenant_key', 'reason_type_code', 'hardware_reason',
        'software_reason_key', 'software_reason_value', 'workmode_code'
    ]) }}
),

key_base as (
    select coalesce(max(known.resource_state_reason_key), 0) as last_key
    from known
),

new_reasons as (
    select seen.*
    from seen
    left join known on {{ same_state_reason('seen', 'known') }}
    where known.resource_state_reason_key is null
),

final as (
    select
        key_base.last_key + row_number() over (
            order by {{ reason_order('new_reasons') }}
        ) as resource_state_reason_key,
        new_reasons.tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        new_reasons.reason_type,
        new_reasons.reason_type_code,
        new_reasons.hardware_reason,
        new_reasons.software_reason_key,
        new_reasons.software_reason_value,
        new_reasons.workmode,
        new_reasons.workmode_code,
        0 as purge_flag
    from new_reasons
    cross join key_base
)

select {{ contract_columns('final') }}
from final
