select
    data_source_key,
    id as call_row_id,
    callid as call_id,
    parentcallid as parent_call_id,
    mergecallid as merge_call_id,
    mergetype as merge_type,
    irid as ir_id,
    rootirid as root_ir_id,
    connidnum as conn_id_number,
    state as call_state,
    calltype as call_type,
    mediatype as media_type,
    switchid as switch_dbid,
    tenantid as tenant_dbid,
    callani as ani,
    calldnis as dnis,
    created_ts,
    terminated_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_call', [
        'data_source_key', 'id', 'callid', 'parentcallid', 'mergecallid', 'mergetype', 'irid',
        'rootirid', 'connidnum', 'state', 'calltype', 'mediatype', 'switchid', 'tenantid', 'callani',
        'calldnis', 'created_ts', 'terminated_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
