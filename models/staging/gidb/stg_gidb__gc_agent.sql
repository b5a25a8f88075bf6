select
    data_source_key,
    id as agent_dbid,
    tenantid as tenant_dbid,
    username,
    firstname as first_name,
    lastname as last_name,
    employeeid as employee_id,
    placeid as place_dbid,
    status,
    created_ts,
    deleted_ts,
    lastchange_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gc_agent') }}
