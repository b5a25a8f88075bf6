{#-
    Every party an agent held in a call, with its ringing, dialling, talking and holding measured
    from its state periods, how it ended, the queue stay that sent the call to it, and the
    after-call work that followed its release (the agent's AFTER_CALL_WORK state beginning at that
    moment; when one agent releases two parties at once, the customer's call takes it).
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with parties as (
    select * from {{ ref('stg_gidb__g_party') }}
    where agent_dbid is not null
),

calls as (
    select * from {{ ref('int_calls_rooted') }}
),

periods as (
    select * from {{ ref('int_party_states_sequenced') }}
),

changes as (
    select * from {{ ref('stg_gidb__g_party_history') }}
),

queue_stays as (
    select * from {{ ref('stg_gidb__g_virtual_queue') }}
    where distributed_party_id is not null
),

agent_states as (
    select * from {{ ref('int_agent_state_spans_sequenced') }}
    where agent_state = {{ idb_code('agent_state', 'AFTER_CALL_WORK') }}
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

last_seqs as (
    select
        data_source_key,
        party_id,
        max(party_seq) as last_seq
    from changes
    group by data_source_key, party_id
),

last_changes as (
    select
        changes.data_source_key,
        changes.party_id,
        changes.change_type as last_change_type,
        changes.cc_event_cause as last_cause
    from changes
    inner join last_seqs
        on
            changes.data_source_key = last_seqs.data_source_key
            and changes.party_id = last_seqs.party_id
            and changes.party_seq = last_seqs.last_seq
),

released as (
    select
        parties.data_source_key,
        parties.party_id,
        parties.agent_dbid,
        parties.terminated_ts,
        case when calls.call_type = {{ idb_code('call_type', 'CONSULT') }} then 1 else 0 end
        * 1000000000000000 + parties.party_row_id as release_preference
    from parties
    inner join calls
        on
            parties.data_source_key = calls.data_source_key
            and parties.call_id = calls.call_id
    inner join last_changes
        on
            parties.data_source_key = last_changes.data_source_key
            and parties.party_id = last_changes.party_id
    where last_changes.last_change_type = {{ idb_code('party_change_type', 'TERMINATED') }}
),

first_releases as (
    -- Aggregates, not row_number() filters: the planner estimates them well enough to hash-join.
    select
        data_source_key,
        agent_dbid,
        terminated_ts,
        min(release_preference) as release_preference
    from released
    group by data_source_key, agent_dbid, terminated_ts
),

wrap_ups as (
    select
        released.data_source_key,
        released.party_id,
        agent_states.end_ts - agent_states.start_ts as acw_duration
    from released
    inner join first_releases
        on
            released.data_source_key = first_releases.data_source_key
            and released.agent_dbid = first_releases.agent_dbid
            and released.terminated_ts = first_releases.terminated_ts
            and released.release_preference = first_releases.release_preference
    inner join agent_states
        on
            released.data_source_key = agent_states.data_source_key
            and released.agent_dbid = agent_states.agent_dbid
            and released.terminated_ts = agent_states.start_ts
),

final as (
    select
        parties.data_source_key,
        parties.party_id,
        parties.party_row_id,
        parties.party_guid,
        parties.party_role,
        parties.parent_party_id,
        parties.agent_dbid,
        parties.endpoint_dbid,
        parties.tenant_dbid,
        parties.created_ts,
        parties.terminated_ts,
        calls.call_id,
        calls.call_type,
        calls.media_type,
        calls.interaction_id,
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
        queue_stays.virtual_queue_row_id,
        queue_stays.virtual_queue_dbid,
        queue_stays.entered_ts as queue_entered_ts,
        queue_stays.left_ts - queue_stays.entered_ts as queue_duration,
        case when wrap_ups.party_id is null then 0 else 1 end as acw_count,
        coalesce(wrap_ups.acw_duration, 0) as acw_duration
    from parties
    inner join calls
        on
            parties.data_source_key = calls.data_source_key
            and parties.call_id = calls.call_id
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
)

select * from final
