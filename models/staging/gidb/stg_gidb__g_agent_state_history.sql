select
    data_source_key,
    id as state_row_id,
    type as record_type,
    state as agent_state,
    seq as state_seq,
    loginsessionid as login_session_id,
    agentid as agent_dbid,
    placeid as place_dbid,
    endpointid as endpoint_dbid,
    workmode as work_mode,
    callid as call_id,
    partyid as party_id,
    added_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_agent_state_history', [
        'data_source_key', 'id', 'type', 'state', 'seq', 'loginsessionid', 'agentid', 'placeid',
        'endpointid', 'workmode', 'callid', 'partyid', 'added_ts',
        last_audit_key(updated=false) ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
