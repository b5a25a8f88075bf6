with extract_history as (
    select * from {{ ref('ctl_extract_history') }}
)

select
    extract_history.table_name,
    extract_history.data_source_key,
    extract_history.data_source_type,
    extract_history.icon_dbid,
    extract_history.dss_id,
    extract_history.providertag,
    extract_history.dap_name,
    extract_history.row_count,
    extract_history.max_time,
    extract_history.max_ts,
    extract_history.extract_start_time,
    extract_history.extract_end_time,
    extract_history.job_id,
    extract_history.job_name,
    extract_history.job_version,
    extract_history.create_audit_key,
    extract_history.created_ts
from extract_history
