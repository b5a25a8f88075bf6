{#-
    Outbound measures per 15-minute interval, campaign, agent group, dialing mode and call result,
    from CONTACT_ATTEMPT_FACT: each attempt counts in the interval it was dialled, with the talk of
    the agent the call reached (its INTERACTION_RESOURCE_FACT rows).
-#}
{{ aggregate_config() }}

with pending as (
    select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
),

attempts as (
    select
        attempts.contact_attempt_fact_key,
        attempts.start_date_time_key as date_time_key,
        attempts.tenant_key,
        attempts.campaign_key,
        attempts.group_key,
        attempts.dialing_mode_key,
        attempts.call_result_key,
        attempts.contact_complete_flag,
        sum(coalesce(parties.talk_count, 0)) as talk_count,
        sum(coalesce(parties.talk_duration, 0)) as talk_duration,
        sum(coalesce(parties.after_call_work_duration, 0)) as wrap_duration
    from {{ ref('contact_attempt_fact') }} as attempts
    inner join pending on attempts.start_date_time_key = pending.subhr_key
    left join {{ ref('interaction_resource_fact') }} as parties
        on
            attempts.interaction_id = parties.interaction_id
            and attempts.resource_key = parties.resource_key
    group by
        attempts.contact_attempt_fact_key, attempts.start_date_time_key, attempts.tenant_key,
        attempts.campaign_key, attempts.group_key, attempts.dialing_mode_key,
        attempts.call_result_key, attempts.contact_complete_flag
)

select
    date_time_key,
    tenant_key,
    campaign_key,
    group_key,
    dialing_mode_key,
    call_result_key,
    count(*) as attempts,
    sum(case when talk_count > 0 then 1 else 0 end) as connected,
    sum(talk_duration) as engage_time,
    sum(wrap_duration) as wrap_time,
    sum(contact_complete_flag) as contacts_completed,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from attempts
group by date_time_key, tenant_key, campaign_key, group_key, dialing_mode_key, call_result_key
