{#-
    The agent groups each agent belonged to, as spans of constant membership: a span starts
    wherever one of its RESOURCE_GROUP_FACT_ spans starts or ends, and carries the key of its
    set of groups (set_key of the sorted GROUP_KEYs), so the same set has the same key for every
    agent and every build. Times outside every membership have no row (facts take -1).
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with memberships as (
    select
        resource_key,
        group_key,
        start_ts,
        end_ts
    from {{ ref('resource_group_fact_') }}
    where resource_cfg_type_id = {{ cfg_type('person') }}
),

boundaries as (
    select
        resource_key,
        start_ts as boundary_ts
    from memberships
    union
    select
        resource_key,
        end_ts as boundary_ts
    from memberships
    where end_ts is not null
),

spans as (
    select
        resource_key,
        boundary_ts as start_ts,
        lead(boundary_ts) over (partition by resource_key order by boundary_ts) as end_ts
    from boundaries
),

members as (
    select
        spans.resource_key,
        spans.start_ts,
        spans.end_ts,
        memberships.group_key
    from spans
    inner join memberships
        on
            spans.resource_key = memberships.resource_key
            and {{ span_covers('memberships', 'spans.start_ts') }}
)

select
    resource_key,
    start_ts,
    end_ts,
    {{ set_key(listagg(
        'cast(group_key as varchar(12))', "','", 'order by group_key'
    )) }} as group_combination_key
from members
group by resource_key, start_ts, end_ts
