{{ config(
    materialized='incremental',
    incremental_strategy='append',
    indexes=[
        {'columns': ['sm_media_neutral_state_fact_key']},
        {'columns': ['end_ts']}
    ],
    post_hook="{{ delete_superseded(ref('int_media_neutral_rebuilds')) }}"
) }}

{#-
    The state that wins, by the [gim-etl] sm-resource-state-priority option, among all the states
    an agent holds at once on every medium (the agent's SM_RES_STATE_FACT rows, so a session the
    error policy discarded counts here no more than there). A row starts wherever the winner might change (any
    state of the agent starts or ends), as the original writes them; its key is the agent's
    RESOURCE_KEY and START_TS, so a row rebuilt keeps its key. Each run derives the rows of the
    rebuilt agents again from the start of their earliest rebuilt session, or from the start of
    the stored row that covers it (which a new state may cut short); the post-hook then deletes
    the rows these supersede.
-#}
{#- Read once: each call of the macro queries the database when dbt runs the model. -#}
{%- set earliest_rebuilt = earliest_rebuilt_from(ref('int_media_neutral_rebuilds')) %}

with rebuilds as (
    select * from {{ ref('int_media_neutral_rebuilds') }}
),

{#
    The stored rows that may be rebuilt: those ending after the earliest rebuilt range starts
    (the rows within a range, and the one covering its start), read apart in each place
    (PostgreSQL would scan a shared CTE whole).
#}
covering_rows as (
    select
        recent.resource_key,
        recent.start_ts,
        recent.end_ts
    from ({{ stored_rows(['resource_key', 'start_ts', 'end_ts']) }}) as recent
    where
        recent.end_ts is null
        or recent.end_ts > {{ earliest_rebuilt }}
),

stored as (
    select
        recent.sm_media_neutral_state_fact_key,
        recent.create_audit_key
    from ({{ stored_rows(['sm_media_neutral_state_fact_key', 'create_audit_key', 'end_ts']) }})
        as recent
    where
        recent.end_ts is null
        or recent.end_ts > {{ earliest_rebuilt }}
),

starts as (
    select
        rebuilds.rebuilt_resource_key,
        case
            when covering.start_ts < rebuilds.rebuilt_from_ts then covering.start_ts
            else rebuilds.rebuilt_from_ts
        end as rebuilt_from_ts
    from rebuilds
    left join covering_rows as covering
        on
            rebuilds.rebuilt_resource_key = covering.resource_key
            and {{ span_covers('covering', 'rebuilds.rebuilt_from_ts') }}
),

spans as (
    select
        starts.rebuilt_from_ts,
        states.tenant_key as tenant_dbid,
        states.start_ts,
        states.end_ts,
        states.resource_key,
        states.resource_state_key
    from {{ ref('sm_res_state_fact') }} as states
    inner join starts on states.resource_key = starts.rebuilt_resource_key
    where
        (states.end_ts is null or states.end_ts > starts.rebuilt_from_ts)
        and (states.end_ts is null or states.end_ts > states.start_ts)
),

breakpoints as (
    select
        resource_key,
        rebuilt_from_ts,
        start_ts as point_ts
    from spans
    union
    select
        resource_key,
        rebuilt_from_ts,
        end_ts as point_ts
    from spans
    where end_ts is not null
),

pieces as (
    select
        resource_key,
        rebuilt_from_ts,
        point_ts as start_ts,
        lead(point_ts) over (partition by resource_key order by point_ts) as end_ts
    from breakpoints
),

ranked as (
    select
        pieces.resource_key,
        pieces.start_ts,
        pieces.end_ts,
        spans.tenant_dbid,
        spans.resource_state_key,
        row_number() over (
            partition by pieces.resource_key, pieces.start_ts
            order by {{ summary_state_rank('spans.resource_state_key') }}
        ) as winner_rank
    from pieces
    inner join spans
        on
            pieces.resource_key = spans.resource_key
            and {{ span_covers('spans', 'pieces.start_ts') }}
    where pieces.start_ts >= pieces.rebuilt_from_ts
),

winners as (
    select
        resource_key,
        start_ts,
        end_ts,
        tenant_dbid,
        resource_state_key,
        cast(resource_key as bigint) * cast(4294967296 as bigint)
        + start_ts as sm_media_neutral_state_fact_key
    from ranked
    where winner_rank = 1
),

final as (
    select
        winners.sm_media_neutral_state_fact_key,
        {{ date_time_key('winners.start_ts') }} as start_date_time_key,
        {{ date_time_key('winners.end_ts') }} as end_date_time_key,
        winners.tenant_dbid as tenant_key,
        winners.resource_key,
        winners.resource_state_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        {{ kept_create_audit_key('stored') }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        cast(null as bigint) as producer_batch_id,
        {{ span_measures('winners.start_ts', 'winners.end_ts') }},
        0 as purge_flag
    from winners
    {{ join_group_combination('winners.resource_key', 'winners.start_ts') }}
    left join stored
        on winners.sm_media_neutral_state_fact_key = stored.sm_media_neutral_state_fact_key
)

select {{ contract_columns('final') }}
from final
