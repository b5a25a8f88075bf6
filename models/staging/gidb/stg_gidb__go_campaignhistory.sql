select
    data_source_key,
    id as campaign_state_row_id,
    campaignguid as campaign_guid,
    state as campaign_group_state,
    dialingmode as dialing_mode,
    added_ts as entered_ts,
    {{ last_audit_key(updated=false) }} as last_audit_key
from {{ source('gidb', 'gidb_go_campaignhistory') }}
