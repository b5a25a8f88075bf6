{#-
    Login sessions with a session, state or reason row written since the last completed transform
    (all of them on a full build): those Job_TransformGIM rebuilds unless an error discards them
    (int_login_sessions_changed). Their facts are deleted and rebuilt whole, so a late row never
    leaves a half-updated session.
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

all_changes as (
    select * from changed_sessions
    union
    select * from changed_states
    union
    select * from changed_reasons
)

select * from all_changes
