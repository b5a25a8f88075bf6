select
    data_source_key,
    id as virtual_queue_row_id,
    callid as call_id,
    partyid as party_id,
    irid as ir_id,
    endpointid as virtual_queue_dbid,
    endpointdn as virtual_queue_dn,
    distpartyid as distributed_party_id,
    distendpointid as distributed_endpoint_dbid,
    result as queue_result,
    added_ts as entered_ts,
    removed_ts as left_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_virtual_queue', [
        'data_source_key', 'id', 'callid', 'partyid', 'irid', 'endpointid', 'endpointdn',
        'distpartyid', 'distendpointid', 'result', 'added_ts', 'removed_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
