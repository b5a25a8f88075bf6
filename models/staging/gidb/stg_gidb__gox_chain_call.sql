select
    data_source_key,
    id as chain_call_row_id,
    callid as call_id,
    chainguid as chain_guid,
    callattid as call_attempt_guid,
    added_ts as dialed_ts,
    {{ last_audit_key(updated=false) }} as last_audit_key
from {{ source('gidb', 'gidb_gox_chain_call') }}
