select
    data_source_key,
    id as reason_row_id,
    sessionid as login_session_id,
    endpointid as endpoint_dbid,
    agentstate as agent_state,
    workmode as work_mode,
    hwflag as hardware_flag,
    keyname as reason_key,
    value as reason_value,
    set_ts,
    reset_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_agent_state_rc', [
        'data_source_key', 'id', 'sessionid', 'endpointid', 'agentstate', 'workmode', 'hwflag',
        'keyname', 'value', 'set_ts', 'reset_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
