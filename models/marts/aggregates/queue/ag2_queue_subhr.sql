{#-
    Queue measures per 15-minute interval, virtual queue, media and interaction type, from
    MEDIATION_SEGMENT_FACT: each completed queue stay counts in the interval it entered
    (disposition-based), with the agent row it was distributed to for ring and answer times.
-#}
{{ aggregate_config() }}

{{ queue_stays() }}

select
    date_time_key,
    tenant_key,
    resource_key,
    media_type_key,
    interaction_type_key,
    count(*) as entered,
    sum(case when ring_duration is not null then 1 else 0 end) as invite,
    sum(is_accepted) as accepted,
    sum(is_accepted * met_threshold_flag) as accepted_thr,
    sum(is_accepted * to_answer) as accepted_time,
    sum(is_abandoned) as abandoned,
    {%- set abandoned_ringing = fixed_key('technical_descriptor', 'ABANDONED_WHILE_RINGING') %}
    sum(
        case
            when technical_descriptor_key = {{ abandoned_ringing }} then 1
            else 0
        end
    ) as abandoned_invite,
    sum(is_abandoned * short_abandoned_flag) as abandoned_short,
    sum(is_abandoned * stay_duration) as abandoned_time,
    sum(queued_duration) as queue_time,
    sum(coalesce(ring_duration, 0)) as invite_time,
    sum(is_accepted * handle_duration) as handle_time,
    {#- RAA's names: accepted by an agent (every accepted stay here: only agents take them), and
        stays a strategy cleared from the virtual queue. -#}
    sum(is_accepted) as accepted_agent,
    {%- set cleared = fixed_key('technical_descriptor', 'CLEARED') %}
    sum(case when technical_descriptor_key = {{ cleared }} then 1 else 0 end) as cleared,
    {#- Distributed but not answered and routed on (route on no answer), and routed by the
        strategy to a target other than an agent. -#}
    {%- set redirected = fixed_key('technical_descriptor', 'REDIRECTED') %}
    sum(case when technical_descriptor_key = {{ redirected }} then 1 else 0 end) as redirected,
    {%- set routed = fixed_key('technical_descriptor', 'ROUTED') %}
    sum(case when technical_descriptor_key = {{ routed }} then 1 else 0 end) as routed_other,
    {%- for seconds in var('service_level_buckets') %}
        {%- set bucket = bucket_seconds(loop.index0, 'queue_name') %}
        sum(
            case
                when is_accepted = 1 and to_answer <= {{ bucket }}
                    then 1
                else 0
            end
        ) as accepted_within_{{ loop.index }},
    {%- endfor %}
    max(case when is_accepted = 1 then to_answer end) as accepted_time_max,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from measured
group by date_time_key, tenant_key, resource_key, media_type_key, interaction_type_key
