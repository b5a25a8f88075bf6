{#-
    Agent state seconds per 15-minute interval, agent, group combination and media, from
    SM_RES_STATE_FACT: each ended state is split across every interval it touches
    (interval-based), so an interval holds exactly the seconds spent in it.
-#}
{{ aggregate_config() }}

with pieces as (
    {{ span_pieces(ref('sm_res_state_fact'), [
        'tenant_key', 'resource_group_combination_key', 'resource_key', 'media_type_key',
        'resource_state_key'
    ]) }}
)

select
    date_time_key,
    tenant_key,
    resource_group_combination_key as group_combination_key,
    resource_key,
    media_type_key,
    sum(seconds) as active_time,
    {%- set measured = {
        'ready': 'READY', 'not_ready': 'NOT_READY', 'busy': 'BUSY', 'wrap': 'ACW', 'dnd': 'DND'
    } %}
    {%- set measured_keys = fixed_key_list('resource_state', measured.values()) %}
    {%- for measure, state in measured.items() %}
        sum(
            case
                when resource_state_key = {{ fixed_key('resource_state', state) }} then seconds
                else 0
            end
        ) as {{ measure }}_time,
    {%- endfor %}
    sum(
        case
            when resource_state_key not in ({{ measured_keys }})
                then seconds
            else 0
        end
    ) as other_time,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from pieces
group by date_time_key, tenant_key, resource_group_combination_key, resource_key, media_type_key
