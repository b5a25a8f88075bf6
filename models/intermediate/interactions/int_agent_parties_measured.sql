{#-
    Every party an agent held in the calls rebuilt this run, with its ringing, dialling, talking and
    holding measured from its state periods, how it ended, the queue stay that sent the call to it,
    the after-call work that followed its release (int_party_wrap_ups) and its DN's place.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with parties as (
    select * from {{ ref('int_agent_parties_rooted') }}
),

periods as (
    select * from {{ ref('int_party_states_sequenced') }}
    where end_ts is not null
),

queue_stays as (
    select * from {{ ref('stg_gidb__g_virtual_queue') }}
    where distributed_party_id is not null
),

wrap_ups as (
    select * from {{ ref('int_party_wrap_ups') }}
),

{# The place the party's DN belonged to when the party began (configuration is global: any
   data source's copy). #}
places as (
    select
        parties.data_source_key,
        parties.party_id,
        max(memberships.place_dbid) as place_dbid
    from parties
    inner join {{ ref('stg_gidb__gcx_endpoint_place') }} as memberships
        on
            parties.endpoint_dbid = memberships.endpoint_dbid
            and parties.created_ts >= memberships.created_ts
            and (memberships.deleted_ts is null or parties.created_ts < memberships.deleted_ts)
    group by parties.data_source_key, parties.party_id
),

measured as (
    select
        data_source_key,
        party_id,
        {%- for state, measure in [
            ('DIALING', 'dial'), ('RINGING', 'ring'), ('CONNECTED', 'talk'), ('HELD', 'hold')
        ] %}
            sum(
                case when party_state = {{ idb_code('party_state', state) }} then 1 else 0 end
            ) as {{ measure }}_count,
            sum(
                case
                    when party_state = {{ idb_code('party_state', state) }} then end_ts - start_ts
                    else 0
                end
            ) as {{ measure }}_duration,
        {%- endfor %}
        min(
            case when party_state = {{ idb_code('party_state', 'CONNECTED') }} then start_ts end
        ) as answered_ts
    from periods
    group by data_source_key, party_id
),

last_changes as (
    select
        data_source_key,
        party_id,
        change_type as last_change_type,
        cc_event_cause as last_cause,
        party_state as last_state
    from {{ ref('int_party_states_sequenced') }}
    where end_ts is null
),

final as (
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
        parties.call_type,
        parties.dnis,
        parties.media_type,
        parties.interaction_id,
        coalesce(measured.dial_count, 0) as dial_count,
        coalesce(measured.dial_duration, 0) as dial_duration,
        coalesce(measured.ring_count, 0) as ring_count,
        coalesce(measured.ring_duration, 0) as ring_duration,
        coalesce(measured.talk_count, 0) as talk_count,
        coalesce(measured.talk_duration, 0) as talk_duration,
        coalesce(measured.hold_count, 0) as hold_count,
        coalesce(measured.hold_duration, 0) as hold_duration,
        measured.answered_ts,
        last_changes.last_change_type,
        last_changes.last_cause,
        last_changes.last_state,
        queue_stays.virtual_queue_row_id,
        queue_stays.virtual_queue_dbid,
        queue_stays.entered_ts as queue_entered_ts,
        queue_stays.left_ts - queue_stays.entered_ts as queue_duration,
        case when wrap_ups.party_id is null then 0 else 1 end as acw_count,
        coalesce(wrap_ups.acw_duration, 0) as acw_duration,
        places.place_dbid
    from parties
    left join measured
        on
            parties.data_source_key = measured.data_source_key
            and parties.party_id = measured.party_id
    left join last_changes
        on
            parties.data_source_key = last_changes.data_source_key
            and parties.party_id = last_changes.party_id
    left join queue_stays
        on
            parties.data_source_key = queue_stays.data_source_key
            and parties.party_id = queue_stays.distributed_party_id
    left join wrap_ups
        on
            parties.data_source_key = wrap_ups.data_source_key
            and parties.party_id = wrap_ups.party_id
    left join places
        on
            parties.data_source_key = places.data_source_key
            and parties.party_id = places.party_id
)

select * from final
