with history as (
    select * from {{ ref('ctl_etl_history') }}
),

ranked as (
    select
        history.*,
        row_number() over (
            partition by history.job_name order by history.start_ts desc, history.job_id desc
        ) as recency
    from history
),

last_success as (
    select
        history.job_name,
        max(history.end_time) as last_complete_time
    from history
    where history.status = 'COMPLETE'
    group by history.job_name
)

select
    ranked.job_name,
    ranked.job_id,
    ranked.status,
    ranked.start_time,
    ranked.end_time,
    ranked.end_ts - ranked.start_ts as duration,
    last_success.last_complete_time,
    ranked.error_message
from ranked
left join last_success on ranked.job_name = last_success.job_name
where ranked.recency = 1
