select
    data_source_key,
    id as chain_row_id,
    chainguid as chain_guid,
    campaignguid as campaign_guid,
    listid as calling_list_dbid,
    chainid as chain_id,
    created_ts,
    terminated_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_go_chain') }}
