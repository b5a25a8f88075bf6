select
    data_source_key,
    id as campaign_dbid,
    tenantid as tenant_dbid,
    name as campaign_name,
    state as config_state,
    created_ts,
    deleted_ts,
    lastchange_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gc_campaign') }}
