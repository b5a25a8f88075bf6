-- Example report queries on the Info Mart (schema gim; run with psql "$(gim db uri)").

-- Service level, speed of answer and abandon rate per queue and day (ratios from AG2_QUEUE_KPI).
select d.label_yyyy_mm_dd as day, r.resource_name as queue, k.entered, k.accepted,
       round(100 * k.service_level::numeric, 1) as service_level_pct,
       round(k.average_speed_of_answer::numeric, 1) as asa_seconds,
       round(100 * k.abandon_rate::numeric, 1) as abandon_pct
from gim.ag2_queue_kpi as k
join gim.date_time as d on d.date_time_key = k.date_time_key
join gim.resource_ as r on r.resource_key = k.resource_key
where k.agg_level = 'DAY'
order by day, queue;

-- Answered per queue and 15-minute interval, with the answers within each service-level bucket.
select d.label_yyyy_mm_dd_hh24_15int as interval, r.resource_name as queue, q.entered, q.accepted,
       q.accepted_within_1, q.accepted_within_2, q.accepted_within_3, q.accepted_within_4
from gim.ag2_queue_subhr as q
join gim.date_time as d on d.date_time_key = q.date_time_key
join gim.resource_ as r on r.resource_key = q.resource_key
order by interval, queue;

-- Agent occupancy per day (busy and after-call work, of the time available).
select d.label_yyyy_mm_dd as day, r.resource_name as agent, round(100 * k.occupancy::numeric, 1)
from gim.ag2_i_sess_state_kpi as k
join gim.date_time as d on d.date_time_key = k.date_time_key
join gim.resource_ as r on r.resource_key = k.resource_key
where k.agg_level = 'DAY'
order by day, agent;

-- An agent's interactions with their attached data and the strategy that routed them.
select i.start_ts, i.talk_duration, i.after_call_work_duration, s.strategy_name,
       t.agent_group_name, d.customer_segment, d.service_type, d.business_result
from gim.interaction_resource_fact as i
join gim.strategy as s using (strategy_key)
join gim.routing_target as t using (routing_target_key)
join gim.irf_user_data_keys as k using (interaction_resource_id)
join gim.interaction_descriptor as d using (interaction_descriptor_key)
where i.resource_key = (select min(resource_key) from gim.resource_ where resource_type_code = 'AGENT')
order by i.start_ts;
