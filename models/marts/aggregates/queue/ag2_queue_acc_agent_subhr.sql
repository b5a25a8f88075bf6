{#-
    Answered queue stays per 15-minute interval, virtual queue and the agent who answered, media
    and interaction type: speed of answer, the service-level buckets and the agent's handle time.
-#}
{{ aggregate_config() }}

{{ queue_stays() }}

select
    date_time_key,
    tenant_key,
    resource_key,
    agent_resource_key,
    media_type_key,
    interaction_type_key,
    count(*) as accepted,
    sum(met_threshold_flag) as accepted_thr,
    sum(to_answer) as accepted_time,
    sum(handle_duration) as handle_time,
    {%- for seconds in var('service_level_buckets') %}
        {%- set bucket = bucket_seconds(loop.index0, 'queue_name') %}
        sum(
            case
                when to_answer <= {{ bucket }}
                    then 1
                else 0
            end
        ) as accepted_within_{{ loop.index }},
    {%- endfor %}
    max(to_answer) as accepted_time_max,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from measured
where is_accepted = 1
group by
    date_time_key, tenant_key, resource_key, agent_resource_key, media_type_key,
    interaction_type_key
