select
    data_source_key,
    id as campaign_load_row_id,
    campaignguid as campaign_guid,
    campaignid as campaign_dbid,
    groupid as group_dbid,
    dialingmode as dialing_mode,
    state as campaign_group_state,
    created_ts as loaded_ts,
    terminated_ts as unloaded_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_go_campaign') }}
