select
    data_source_key,
    id as login_session_row_id,
    loginsessionid as login_session_id,
    agentid as agent_dbid,
    placeid as place_dbid,
    state as session_state,
    switchid as switch_dbid,
    tenantid as tenant_dbid,
    mediatype as media_type,
    created_ts as login_ts,
    terminated_ts as logout_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_login_session', [
        'data_source_key', 'id', 'loginsessionid', 'agentid', 'placeid', 'state', 'switchid',
        'tenantid', 'mediatype', 'created_ts', 'terminated_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
