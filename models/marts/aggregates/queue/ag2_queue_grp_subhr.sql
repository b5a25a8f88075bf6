{#-
    Queue measures per 15-minute interval, DN group, media and interaction type: AG2_QUEUE's
    measures of the stays in each DN group's queues, by the queue's DN groups (RESOURCE_GROUP_FACT_)
    when the stay entered. A queue counts in every group of its; stays of queues in no DN group
    count in group -1.
-#}
{{ aggregate_config() }}

{{ queue_stays() }},

grouped as (
    select
        measured.*,
        coalesce(memberships.group_key, -1) as group_key
    from measured
    left join {{ ref('resource_group_fact_') }} as memberships
        on
            measured.resource_key = memberships.resource_key
            and memberships.resource_cfg_type_id = {{ cfg_type('dn') }}
            and {{ span_covers('memberships', 'measured.entered_ts') }}
)

select
    date_time_key,
    tenant_key,
    group_key,
    media_type_key,
    interaction_type_key,
    {{ queue_measures() }}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from grouped
group by date_time_key, tenant_key, group_key, media_type_key, interaction_type_key
