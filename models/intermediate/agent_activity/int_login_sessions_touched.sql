{#-
    Login sessions with a session, state or reason row written since the last completed transform
    (all of them on a full build): those Job_TransformGIM rebuilds unless an error discards them
    (int_login_sessions_changed). Their facts are deleted and rebuilt whole, so a late row never
    leaves a half-updated session. Also the sessions of an agent whose agent-group membership
    changed, from the change on (a membership created since: its creation; one deleted since:
    its deletion): their facts name the agent's group combination at the time.
-#}
with changed_sessions as (
    select
        data_source_key,
        login_session_id
    from {{ ref('stg_gidb__g_login_session') }}
    where {{ changed_since_last_transform() }}
),

changed_states as (
    select
        data_source_key,
        login_session_id
    from {{ ref('stg_gidb__g_agent_state_history') }}
    where {{ changed_since_last_transform() }}
),

changed_reasons as (
    select
        data_source_key,
        login_session_id
    from {{ ref('stg_gidb__g_agent_state_rc') }}
    where {{ changed_since_last_transform() }}
),

after_membership_changes as (
    select
        sessions.data_source_key,
        sessions.login_session_id
    from {{ ref('stg_gidb__g_login_session') }} as sessions
    inner join {{ ref('int_group_memberships_changed') }} as membership_changes
        on sessions.agent_dbid = membership_changes.agent_dbid
    where sessions.logout_ts is null or sessions.logout_ts > membership_changes.changed_from_ts
),

all_changes as (
    select * from changed_sessions
    union
    select * from changed_states
    union
    select * from changed_reasons
    union
    select * from after_membership_changes
)

select * from all_changes
