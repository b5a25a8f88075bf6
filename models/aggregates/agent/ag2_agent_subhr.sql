{#-
    Agent measures per 15-minute interval, agent, group combination, media, interaction type and
    interaction descriptor, from INTERACTION_RESOURCE_FACT: each completed agent row counts in the
    interval it was offered (disposition-based). Consultation rows (received 3, joined 2 and 6,
    initiated 4) count only in the consult measures.
-#}
{{ aggregate_config('subhr') }}

with pending as (
    select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
),

handled as (
    select
        parties.start_date_time_key as date_time_key,
        parties.tenant_key,
        parties.resource_group_combination_key as group_combination_key,
        parties.resource_key,
        parties.media_type_key,
        parties.interaction_type_key,
        coalesce(user_keys.interaction_descriptor_key, -1) as interaction_descriptor_key,
        parties.technical_descriptor_key,
        parties.dial_count,
        parties.dial_duration,
        parties.ring_count,
        parties.ring_duration,
        parties.talk_count,
        parties.talk_duration,
        parties.hold_count,
        parties.hold_duration,
        parties.after_call_work_count,
        parties.after_call_work_duration,
        user_values.satisfaction,
        user_values.revenue,
        case when parties.technical_descriptor_key in (2, 3, 4, 6) then 0 else 1 end as is_customer
    from {{ ref('interaction_resource_fact') }} as parties
    inner join pending on parties.start_date_time_key = pending.subhr_key
    left join {{ ref('irf_user_data_keys') }} as user_keys
        on parties.interaction_resource_id = user_keys.interaction_resource_id
    left join {{ ref('irf_user_data_gen_1') }} as user_values
        on parties.interaction_resource_id = user_values.interaction_resource_id
    where parties.active_flag = 0
),

flagged as (
    select
        *,
        case
            when is_customer = 1 and dial_count + ring_count + talk_count > 0 then 1 else 0
        end as is_offered,
        case when is_customer = 1 and talk_count > 0 then 1 else 0 end as is_accepted
    from handled
)

select
    date_time_key,
    tenant_key,
    group_combination_key,
    resource_key,
    media_type_key,
    interaction_type_key,
    interaction_descriptor_key,
    sum(is_offered) as offered,
    sum(is_accepted) as accepted,
    sum(is_offered - is_accepted) as notaccepted,
    sum(case when technical_descriptor_key = 10 then 1 else 0 end) as abandoned_invite,
    sum(is_customer * (ring_count + dial_count)) as invite,
    sum(is_customer * (ring_duration + dial_duration)) as invite_time,
    sum(is_accepted) as engage,
    sum(is_customer * talk_duration) as engage_time,
    sum(case when is_customer = 1 and hold_count > 0 then 1 else 0 end) as hold,
    sum(is_customer * hold_duration) as hold_time,
    sum(is_customer * after_call_work_count) as wrap,
    sum(is_customer * after_call_work_duration) as wrap_time,
    sum(
        case when technical_descriptor_key = 3 and talk_count > 0 then 1 else 0 end
    ) as consult_received_accepted,
    sum((1 - is_customer) * talk_duration) as consult_received_engage_time,
    sum((1 - is_customer) * after_call_work_duration) as consult_received_wrap_time,
    sum(
        case when technical_descriptor_key = 7 and talk_count > 0 then 1 else 0 end
    ) as transfer_init_agent,
    sum(case when satisfaction is not null then is_accepted else 0 end) as satisfaction_offered,
    sum(coalesce(satisfaction, 0)) as satisfaction,
    sum(case when revenue is not null then is_accepted else 0 end) as revenue_offered,
    sum(coalesce(revenue, 0)) as revenue,
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from flagged
where resource_key > {{ cfg_type('person') }} * 100000000
    and resource_key < ({{ cfg_type('person') }} + 1) * 100000000
group by
    date_time_key, tenant_key, group_combination_key, resource_key, media_type_key,
    interaction_type_key, interaction_descriptor_key
