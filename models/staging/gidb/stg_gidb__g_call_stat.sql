select
    data_source_key,
    id as call_stat_row_id,
    callid as call_id,
    releasingparty as releasing_party,
    releasingpartydn as releasing_party_dn,
    created_ts as released_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_call_stat', [
        'data_source_key', 'id', 'callid', 'releasingparty', 'releasingpartydn', 'created_ts',
        last_audit_key(updated=false) ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
