with audit_log as (
    select * from {{ ref('ctl_audit_log') }}
)

select
    audit_log.audit_key,
    audit_log.job_id,
    audit_log.created,
    audit_log.inserted,
    audit_log.processing_status_key,
    audit_log.min_start_date_time_key,
    audit_log.max_start_date_time_key,
    audit_log.max_chunk_ts,
    audit_log.data_source_key,
    audit_log.row_count,
    audit_log.created_ts,
    audit_log.producer_info_key
from audit_log
