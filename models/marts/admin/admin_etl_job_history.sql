with history as (
    select * from {{ ref('ctl_etl_history') }}
)

select
    history.job_id,
    history.job_name,
    history.job_version,
    history.status,
    history.start_time,
    history.end_time,
    history.end_ts - history.start_ts as duration,
    history.host_name,
    history.process_id,
    history.job_parameters,
    history.error_message,
    history.job_summary
from history
