{#-
    The routing-point parties of the rebuilt calls whose queue stay ended the interaction in
    mediation: the caller hung up while queued, or the stay was cleared. INTERACTION_RESOURCE_FACT
    gives each a row, as the original gives the mediation resource where an interaction ends;
    the columns are int_agent_parties_measured's, with no agent and no states of their own.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with stays as (
    select
        stays.data_source_key,
        stays.party_id,
        stays.virtual_queue_row_id,
        stays.virtual_queue_dbid,
        stays.queue_result,
        stays.entered_ts,
        stays.left_ts,
        calls.call_type,
        calls.dnis,
        calls.media_type,
        calls.interaction_id,
        row_number() over (
            partition by stays.data_source_key, stays.party_id
            order by stays.entered_ts desc, stays.virtual_queue_row_id desc
        ) as newest_first
    from {{ ref('stg_gidb__g_virtual_queue') }} as stays
    inner join {{ ref('int_calls_rooted') }} as calls
        on
            stays.data_source_key = calls.data_source_key
            and stays.call_id = calls.call_id
    where
        stays.left_ts is not null
        and stays.queue_result in (
            {{ idb_code('vq_result', 'ABANDONED') }}, {{ idb_code('vq_result', 'CLEARED') }}
        )
)

select
    parties.data_source_key,
    parties.party_id,
    parties.party_row_id,
    parties.party_guid,
    parties.party_role,
    parties.parent_party_id,
    parties.parent_link_type,
    parties.agent_dbid,
    parties.endpoint_dbid,
    parties.endpoint_dn,
    parties.tenant_dbid,
    parties.created_ts,
    parties.terminated_ts,
    parties.call_id,
    stays.call_type,
    stays.dnis,
    stays.media_type,
    stays.interaction_id,
    0 as dial_count,
    0 as dial_duration,
    0 as ring_count,
    0 as ring_duration,
    0 as talk_count,
    0 as talk_duration,
    0 as hold_count,
    0 as hold_duration,
    cast(null as bigint) as answered_ts,
    cast(null as integer) as last_change_type,
    cast(null as integer) as last_cause,
    cast(null as integer) as last_state,
    stays.virtual_queue_row_id,
    stays.virtual_queue_dbid,
    stays.entered_ts as queue_entered_ts,
    stays.left_ts - stays.entered_ts as queue_duration,
    0 as acw_count,
    0 as acw_duration,
    cast(null as integer) as place_dbid,
    stays.queue_result as mediation_result
from stays
inner join {{ ref('stg_gidb__g_party') }} as parties
    on
        stays.data_source_key = parties.data_source_key
        and stays.party_id = parties.party_id
where stays.newest_first = 1
