{#-
    Seconds agents spent in a state for a reason (not ready for lunch, after-call work for a
    callback...) per 15-minute interval, agent, group combination, media, state and reason, from
    SM_RES_STATE_REASON_FACT: each ended reason is split across every interval it touches.
-#}
{{ aggregate_config() }}

with pieces as (
    {{ span_pieces(ref('sm_res_state_reason_fact'), [
        'tenant_key', 'resource_group_combination_key', 'resource_key', 'media_type_key',
        'resource_state_key', 'resource_state_reason_key'
    ]) }}
)

select
    date_time_key,
    tenant_key,
    resource_group_combination_key as group_combination_key,
    resource_key,
    media_type_key,
    resource_state_key,
    resource_state_reason_key,
    sum(seconds) as reason_time,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from pieces
group by
    date_time_key, tenant_key, resource_group_combination_key, resource_key, media_type_key,
    resource_state_key, resource_state_reason_key
