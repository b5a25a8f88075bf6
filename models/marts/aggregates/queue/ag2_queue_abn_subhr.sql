{#-
    Abandoned queue stays per 15-minute interval, virtual queue, media and interaction type, by
    how long the customer waited: ABANDONED_WITHIN_n counts those abandoned within the n-th
    service-level bucket's seconds.
-#}
{{ aggregate_config() }}

{{ queue_stays() }}

select
    date_time_key,
    tenant_key,
    resource_key,
    media_type_key,
    interaction_type_key,
    sum(is_abandoned) as abandoned,
    sum(is_abandoned * short_abandoned_flag) as abandoned_short,
    sum(is_abandoned * stay_duration) as abandoned_time,
    {%- for seconds in var('service_level_buckets') %}
        {%- set bucket = bucket_seconds(loop.index0, 'queue_name') %}
        sum(
            case
                when is_abandoned = 1 and stay_duration <= {{ bucket }}
                    then 1
                else 0
            end
        ) as abandoned_within_{{ loop.index }},
    {%- endfor %}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from measured
where is_abandoned = 1
group by date_time_key, tenant_key, resource_key, media_type_key, interaction_type_key
