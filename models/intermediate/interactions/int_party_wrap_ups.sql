{#-
    The after-call work that followed an agent party's release, for the agent parties of the calls
    rebuilt this run: the agent's AFTER_CALL_WORK state beginning at the moment the party was
    released. When one agent releases two of those parties at once, the customer's call takes it
    (not a consultation), then the first party written.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with released as (
    select
        parties.data_source_key,
        parties.party_id,
        parties.agent_dbid,
        parties.terminated_ts,
        case when parties.call_type = {{ idb_code('call_type', 'CONSULT') }} then 1 else 0 end
        * 1000000000000000 + parties.party_row_id as release_preference
    from {{ ref('int_agent_parties_rooted') }} as parties
    inner join {{ ref('int_party_states_sequenced') }} as endings
        on
            parties.data_source_key = endings.data_source_key
            and parties.party_id = endings.party_id
    where
        endings.end_ts is null
        and endings.change_type = {{ idb_code('party_change_type', 'TERMINATED') }}
),

ranked as (
    select
        released.*,
        min(released.release_preference) over (
            partition by released.data_source_key, released.agent_dbid, released.terminated_ts
        ) as first_release_preference
    from released
),

wrap_ups as (
    select
        ranked.data_source_key,
        ranked.party_id,
        spans.state_row_id as acw_state_row_id,
        spans.start_ts as acw_start_ts,
        spans.end_ts as acw_end_ts,
        spans.end_ts - spans.start_ts as acw_duration
    from ranked
    inner join {{ ref('int_agent_state_spans_sequenced') }} as spans
        on
            ranked.data_source_key = spans.data_source_key
            and ranked.agent_dbid = spans.agent_dbid
            and ranked.terminated_ts = spans.start_ts
    where
        ranked.release_preference = ranked.first_release_preference
        and spans.agent_state = {{ idb_code('agent_state', 'AFTER_CALL_WORK') }}
)

select * from wrap_ups
