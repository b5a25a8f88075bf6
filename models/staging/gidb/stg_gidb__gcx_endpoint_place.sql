select
    data_source_key,
    id as membership_row_id,
    endpointid as endpoint_dbid,
    placeid as place_dbid,
    created_ts,
    deleted_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gcx_endpoint_place') }}
