{#-
    Customer interactions Job_TransformGIM must (re)build, by the root IRID the merge gave all
    their calls: those with a call, party, party-state, inter-site link (either side) or
    virtual-queue, route-result or user-data row written since the last completed transform, and those an agent of a changed
    login session was connected to (after-call work is measured from the agent's states), and
    those an agent joined after a change of the agent's groups (int_group_memberships_changed).
    Every later intermediate model reads only these, less those the [error-policy] options
    discard (int_calls_rooted).
-#}
{#-
    GIDB's calls and parties are referenced directly in each CTE, never through a shared one: a
    CTE read twice is materialized by PostgreSQL, a whole scan of the history every cycle, where
    each reference on its own is found by the last-audit-key and key indexes.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with changed_calls as (
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_call') }}
    where {{ changed_since_last_transform() }}
),

changed_parties as (
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_party') }}
    where {{ changed_since_last_transform() }}
),

changed_party_states as (
    select
        parties.data_source_key,
        parties.call_id
    from {{ ref('stg_gidb__g_party_history') }} as changes
    inner join {{ ref('stg_gidb__g_party') }} as parties
        on
            changes.data_source_key = parties.data_source_key
            and changes.party_id = parties.party_id
    where {{ changed_since_last_transform('changes.last_audit_key') }}
),

changed_links as (
    -- A link row written since: both sides' calls (the other side may complete a partial merge).
    select
        sides.data_source_key,
        sides.call_id
    from {{ ref('stg_gidb__g_is_link') }} as sides
    inner join {{ ref('stg_gidb__g_is_link') }} as written
        on sides.link_id = written.link_id
    where {{ changed_since_last_transform('written.last_audit_key') }}
),

changed_queues as (
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_virtual_queue') }}
    where {{ changed_since_last_transform() }}
),

changed_routes as (
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_route_result') }}
    where {{ changed_since_last_transform() }}
),

changed_user_data as (
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_call_userdata') }}
    where {{ changed_since_last_transform() }}
    union
    select
        data_source_key,
        call_id
    from {{ ref('stg_gidb__g_userdata_history') }}
    where {{ changed_since_last_transform() }}
),

connected_in_changed_sessions as (
    select
        records.data_source_key,
        records.call_id
    from {{ ref('stg_gidb__g_agent_state_history') }} as records
    inner join {{ ref('int_login_sessions_touched') }} as sessions
        on
            records.data_source_key = sessions.data_source_key
            and records.login_session_id = sessions.login_session_id
    where records.call_id is not null
),

joined_after_membership_changes as (
    select
        parties.data_source_key,
        parties.call_id
    from {{ ref('stg_gidb__g_party') }} as parties
    inner join {{ ref('int_group_memberships_changed') }} as membership_changes
        on parties.agent_dbid = membership_changes.agent_dbid
    where parties.created_ts >= membership_changes.changed_from_ts
),

changed as (
    select * from changed_calls
    union
    select * from changed_parties
    union
    select * from changed_party_states
    union
    select * from changed_links
    union
    select * from changed_queues
    union
    select * from changed_routes
    union
    select * from changed_user_data
    union
    select * from connected_in_changed_sessions
    union
    select * from joined_after_membership_changes
)

select distinct {{ interaction_root('calls') }} as interaction_root
from changed
inner join {{ ref('stg_gidb__g_call') }} as calls
    on
        changed.data_source_key = calls.data_source_key
        and changed.call_id = calls.call_id
