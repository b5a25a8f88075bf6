{#-
    Seconds agents spent on interactions per 15-minute interval, agent, group combination, media
    and interaction type, from IXN_RESOURCE_STATE_FACT: each ended state is split across every
    interval it touches (interval-based). Consultation states count in dial, ring and wrap as
    well as in their own consult measures' stead for talk and hold.
-#}
{{ aggregate_config() }}

with states as (
    select
        states.*,
        parties.resource_group_combination_key
    from {{ ref('ixn_resource_state_fact') }} as states
    inner join {{ ref('interaction_resource_fact') }} as parties
        on states.interaction_resource_id = parties.interaction_resource_id
),

pieces as (
    {{ span_pieces('states', [
        'tenant_key', 'resource_group_combination_key', 'resource_key', 'media_type_key',
        'interaction_type_key', 'interaction_resource_state_key'
    ]) }}
)

select
    date_time_key,
    tenant_key,
    resource_group_combination_key as group_combination_key,
    resource_key,
    media_type_key,
    interaction_type_key,
    {%- for measure, states in [
        ('dial_time', ['DIALING', 'CONSULT_DIALING']),
        ('ring_time', ['ALERTING', 'CONSULT_ALERTING']),
        ('engage_time', ['CONNECTED', 'CONFERENCE_CONNECTED']),
        ('hold_time', ['HOLD', 'CONFERENCE_HOLD']),
        ('wrap_time', ['ACW', 'CONSULT_ACW']),
        ('consult_engage_time', ['CONSULT_CONNECTED']),
        ('consult_hold_time', ['CONSULT_HOLD'])
    ] %}
        sum(
            case
                when
                    interaction_resource_state_key
                    in ({{ fixed_key_list('interaction_resource_state', states) }})
                    then seconds
                else 0
            end
        ) as {{ measure }},
    {%- endfor %}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from pieces
group by
    date_time_key, tenant_key, resource_group_combination_key, resource_key, media_type_key,
    interaction_type_key
