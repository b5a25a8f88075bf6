{#-
    How each agent party rebuilt this run was routed: the routing point's G_ROUTE_RESULT of the
    virtual-queue stay that distributed the call to the party (same routing-point party), with
    the strategy that chose the target, the target it chose, the routing point and the seconds
    the interaction spent there. Parties not distributed from a
    virtual queue, or whose routing result GIDB does not hold, have no row.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with parties as (
    select * from {{ ref('int_agent_parties_rooted') }}
),

queue_stays as (
    select * from {{ ref('stg_gidb__g_virtual_queue') }}
    where distributed_party_id is not null
),

{#
    The route results of the stays' routing-point parties only, ranked within each stay: ranking
    every route result GIDB holds first made PostgreSQL expect a few dozen rows where a day holds
    tens of thousands, and pick a nested loop over them.
#}
ranked as (
    select
        parties.data_source_key,
        parties.party_row_id,
        parties.tenant_dbid,
        route_results.strategy_name,
        route_results.target_type_selected,
        route_results.target_object_selected,
        route_results.routing_point_dbid,
        route_results.routing_ended_ts - route_results.routing_started_ts
            as routing_point_duration,
        row_number() over (
            partition by
                parties.data_source_key, parties.party_row_id, queue_stays.virtual_queue_row_id
            order by route_results.routing_started_ts desc, route_results.route_result_row_id desc
        ) as newest_first
    from parties
    inner join queue_stays
        on
            parties.data_source_key = queue_stays.data_source_key
            and parties.party_id = queue_stays.distributed_party_id
    inner join {{ ref('stg_gidb__g_route_result') }} as route_results
        on
            queue_stays.data_source_key = route_results.data_source_key
            and queue_stays.party_id = route_results.party_id
),

routed as (
    select
        ranked.data_source_key,
        ranked.party_row_id,
        ranked.tenant_dbid,
        ranked.strategy_name,
        ranked.target_type_selected,
        ranked.target_object_selected,
        ranked.routing_point_dbid,
        ranked.routing_point_duration
    from ranked
    where ranked.newest_first = 1
)

select
    routed.*,
    {{ strategy_key('routed') }} as strategy_key,
    {{ routing_target_key('routed') }} as routing_target_key
from routed
