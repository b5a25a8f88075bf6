select
    data_source_key,
    id as link_row_id,
    linkid as link_id,
    callid as call_id,
    islinktype as link_type,
    state as link_state,
    initiated_ts,
    terminated_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_is_link', [
        'data_source_key', 'id', 'linkid', 'callid', 'islinktype', 'state', 'initiated_ts',
        'terminated_ts', last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
