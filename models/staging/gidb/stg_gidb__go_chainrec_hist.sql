select
    data_source_key,
    id as attempt_row_id,
    chainguid as chain_guid,
    recordhandle as record_handle,
    seq as chain_seq,
    callattid as call_attempt_guid,
    contactinfo as contact_info,
    contactinfotype as contact_info_type,
    recordtype as record_type,
    recordstatus as record_status,
    callresult as call_result,
    attempt as attempt_number,
    added_ts as ended_ts,
    {{ last_audit_key(updated=false) }} as last_audit_key
from {{ source('gidb', 'gidb_go_chainrec_hist') }}
