{#-
    The state changes of the agent parties of the calls rebuilt this run, as periods: each
    G_PARTY_HISTORY change holds the party in its STATE until the party's next change. The last
    change (released, abandoned, moved) has no end: it says how the party ended.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with agent_parties as (
    select * from {{ ref('int_agent_parties_rooted') }}
),

changes as (
    select changes.*
    from {{ ref('stg_gidb__g_party_history') }} as changes
    inner join agent_parties
        on
            changes.data_source_key = agent_parties.data_source_key
            and changes.party_id = agent_parties.party_id
),

sequenced as (
    select
        data_source_key,
        party_id,
        party_history_row_id,
        party_seq,
        change_type,
        cc_event_cause,
        party_state,
        added_ts as start_ts,
        lead(added_ts) over (
            partition by data_source_key, party_id
            order by party_seq
        ) as end_ts
    from changes
)

select * from sequenced
