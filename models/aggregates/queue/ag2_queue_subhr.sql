{#-
    Queue measures per 15-minute interval, virtual queue, media and interaction type, from
    MEDIATION_SEGMENT_FACT: each completed queue stay counts in the interval it entered
    (disposition-based), with the agent row it was distributed to for ring and answer times.
-#}
{{ aggregate_config('subhr') }}

with pending as (
    select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
),

stays as (
    select
        segments.start_date_time_key as date_time_key,
        segments.tenant_key,
        segments.resource_key,
        segments.media_type_key,
        segments.interaction_type_key,
        segments.technical_descriptor_key,
        segments.short_abandoned_flag,
        segments.met_threshold_flag,
        segments.mediation_duration,
        segments.end_ts - segments.start_ts as stay_duration,
        targets.ring_duration,
        targets.talk_duration + targets.hold_duration + targets.after_call_work_duration
            as handle_duration,
        targets.start_ts + targets.ring_duration - segments.start_ts as to_answer
    from {{ ref('mediation_segment_fact') }} as segments
    inner join pending on segments.start_date_time_key = pending.subhr_key
    left join {{ ref('interaction_resource_fact') }} as targets
        on segments.target_ixn_resource_id = targets.interaction_resource_id
    where segments.active_flag = 0
),

measured as (
    select
        *,
        case when technical_descriptor_key = 14 then 1 else 0 end as is_accepted,
        case when technical_descriptor_key in (10, 16) then 1 else 0 end as is_abandoned
    from stays
)

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
    sum(case when technical_descriptor_key = 10 then 1 else 0 end) as abandoned_invite,
    sum(is_abandoned * short_abandoned_flag) as abandoned_short,
    sum(is_abandoned * stay_duration) as abandoned_time,
    sum(mediation_duration) as queue_time,
    sum(coalesce(ring_duration, 0)) as invite_time,
    sum(is_accepted * handle_duration) as handle_time,
    {%- for seconds in var('service_level_buckets') %}
        sum(case when is_accepted = 1 and to_answer <= {{ seconds }} then 1 else 0 end)
            as accepted_within_{{ loop.index }},
    {%- endfor %}
    max(case when is_accepted = 1 then to_answer end) as accepted_time_max,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from measured
group by date_time_key, tenant_key, resource_key, media_type_key, interaction_type_key
