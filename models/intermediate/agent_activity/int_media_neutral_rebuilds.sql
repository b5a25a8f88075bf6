{#-
    The agents whose media-neutral states (SM_MEDIA_NEUTRAL_STATE_FACT) this run rebuilds, and from
    when: the earliest login of their login sessions rebuilt this run, on any medium. Their states
    from then on are derived again from all their SM_RES_STATE_FACT rows, whichever medium.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

changed as (
    select * from {{ ref('int_login_sessions_changed') }}
)

select
    {{ resource_key(cfg_type('person'), 'sessions.agent_dbid') }} as rebuilt_resource_key,
    min(sessions.login_ts) as rebuilt_from_ts
from sessions
inner join changed
    on
        sessions.data_source_key = changed.data_source_key
        and sessions.login_session_id = changed.login_session_id
group by sessions.agent_dbid
