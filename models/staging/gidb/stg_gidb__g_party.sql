select
    data_source_key,
    id as party_row_id,
    partyid as party_id,
    partyguid as party_guid,
    type as party_type,
    prole as party_role,
    parentpartyid as parent_party_id,
    parentlinktype as parent_link_type,
    callid as call_id,
    state as party_state,
    endpointdn as endpoint_dn,
    endpointid as endpoint_dbid,
    endpointtype as endpoint_type,
    tenantid as tenant_dbid,
    agentid as agent_dbid,
    ccevent as cc_event,
    cceventcause as cc_event_cause,
    created_ts,
    terminated_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_party', [
        'data_source_key', 'id', 'partyid', 'partyguid', 'type', 'prole', 'parentpartyid',
        'parentlinktype', 'callid', 'state', 'endpointdn', 'endpointid', 'endpointtype',
        'tenantid', 'agentid', 'ccevent', 'cceventcause', 'created_ts', 'terminated_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
