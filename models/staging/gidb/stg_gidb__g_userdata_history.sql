select
    data_source_key,
    id as userdata_row_id,
    callid as call_id,
    partyid as party_id,
    changetype as change_type,
    keyname as key_name,
    value as key_value,
    added_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_userdata_history', [
        'data_source_key', 'id', 'callid', 'partyid', 'changetype', 'keyname', 'value',
        'added_ts', last_audit_key(updated=false) ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
