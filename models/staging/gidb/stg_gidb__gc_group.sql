select
    data_source_key,
    id as group_dbid,
    tenantid as tenant_dbid,
    name as group_name,
    type as group_type,
    status,
    created_ts,
    deleted_ts,
    lastchange_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gc_group') }}
