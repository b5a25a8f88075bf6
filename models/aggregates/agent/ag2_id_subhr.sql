{#-
    AG2_AGENT_SUBHR summed per interaction descriptor (customer segment, service type and
    subtype, business result): what agents handled, by the attached data of the calls.
-#}
{{ aggregate_config('subhr') }}

{%- set spec = aggregate_hierarchy('agent') %}

with pending as (
    select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
)

select
    agents.date_time_key,
    agents.tenant_key,
    agents.interaction_descriptor_key,
    agents.media_type_key,
    agents.interaction_type_key,
    {%- for column in spec['sums'] %}
        sum(agents.{{ column }}) as {{ column }},
    {%- endfor %}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from {{ ref('ag2_agent_subhr') }} as agents
inner join pending on agents.date_time_key = pending.subhr_key
group by
    agents.date_time_key, agents.tenant_key, agents.interaction_descriptor_key,
    agents.media_type_key, agents.interaction_type_key
