{#-
    Queue measures per 15-minute interval, DN group, media and interaction type: AG2_QUEUE_SUBHR's
    rows of the pending intervals summed over the DN groups (RESOURCE_GROUP_FACT_) each queue
    belonged to when the interval began. A queue counts in every group of its; queues in no DN
    group count in group -1. Summing the queue rows rather than the stays again spares a second
    read of MEDIATION_SEGMENT_FACT and INTERACTION_RESOURCE_FACT per run.
-#}
{{ aggregate_config() }}
{%- set spec = aggregate_hierarchy('queue_grp') %}

with pending as (
    select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
)

select
    queues.date_time_key,
    queues.tenant_key,
    coalesce(memberships.group_key, -1) as group_key,
    queues.media_type_key,
    queues.interaction_type_key,
    {%- for column in spec['sums'] %}
        sum(queues.{{ column }}) as {{ column }},
    {%- endfor %}
    {%- for column in spec['maxes'] %}
        max(queues.{{ column }}) as {{ column }},
    {%- endfor %}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from {{ ref('ag2_queue_subhr') }} as queues
inner join pending on queues.date_time_key = pending.subhr_key
left join {{ ref('resource_group_fact_') }} as memberships
    on
        queues.resource_key = memberships.resource_key
        and memberships.resource_cfg_type_id = {{ cfg_type('dn') }}
        and {{ span_covers('memberships', 'queues.date_time_key') }}
group by
    queues.date_time_key, queues.tenant_key, coalesce(memberships.group_key, -1),
    queues.media_type_key, queues.interaction_type_key
