select
    data_source_key,
    id as membership_row_id,
    groupid as group_dbid,
    agentid as agent_dbid,
    created_ts,
    deleted_ts,
    create_audit_key,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gcx_group_agent') }}
