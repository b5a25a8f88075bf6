{#-
    Campaign-group loads (GO_CAMPAIGN) Job_TransformGIM rebuilds this run: those with a load or
    state-change row written since the last completed transform. Their session and state facts
    are deleted and rebuilt whole.
-#}
with changed_loads as (
    select
        data_source_key,
        campaign_guid
    from {{ ref('stg_gidb__go_campaign') }}
    where {{ changed_since_last_transform() }}
),

changed_states as (
    select
        data_source_key,
        campaign_guid
    from {{ ref('stg_gidb__go_campaignhistory') }}
    where {{ changed_since_last_transform() }}
),

all_changes as (
    select * from changed_loads
    union
    select * from changed_states
)

select
    loads.data_source_key,
    loads.campaign_guid,
    loads.campaign_load_row_id,
    loads.campaign_dbid,
    loads.group_dbid,
    loads.dialing_mode,
    loads.loaded_ts,
    loads.unloaded_ts
from {{ ref('stg_gidb__go_campaign') }} as loads
inner join all_changes
    on
        loads.data_source_key = all_changes.data_source_key
        and loads.campaign_guid = all_changes.campaign_guid
