{#-
    Party states as periods: each G_PARTY_HISTORY change puts the party in its STATE until the
    party's next change. The last change (released, abandoned, moved) opens no period.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with changes as (
    select * from {{ ref('stg_gidb__g_party_history') }}
),

sequenced as (
    select
        data_source_key,
        party_id,
        party_seq,
        change_type,
        party_state,
        added_ts as start_ts,
        lead(added_ts) over (
            partition by data_source_key, party_id
            order by party_seq
        ) as end_ts
    from changes
)

select * from sequenced
where end_ts is not null
