select
    data_source_key,
    id as endpoint_dbid,
    tenantid as tenant_dbid,
    switchid as switch_dbid,
    number as dn,
    type as dn_type,
    association,
    status,
    created_ts,
    deleted_ts,
    lastchange_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gc_endpoint') }}
