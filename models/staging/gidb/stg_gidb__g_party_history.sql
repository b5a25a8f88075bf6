select
    data_source_key,
    phid as party_history_row_id,
    partyid as party_id,
    pseq as party_seq,
    cseq as call_seq,
    changetype as change_type,
    ccevent as cc_event,
    cceventcause as cc_event_cause,
    state as party_state,
    prevstate as previous_party_state,
    added_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_party_history', [
        'data_source_key', 'phid', 'partyid', 'pseq', 'cseq', 'changetype', 'ccevent',
        'cceventcause', 'state', 'prevstate', 'added_ts',
        last_audit_key(updated=false) ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
