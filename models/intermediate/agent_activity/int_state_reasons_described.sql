{#- Reason codes of agent states, with the session's agent and tenant and the reason's wording. -#}
with reasons as (
    select * from {{ ref('stg_gidb__g_agent_state_rc') }}
),

sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

described as (
    select
        reasons.data_source_key,
        reasons.reason_row_id,
        reasons.login_session_id,
        reasons.agent_state,
        reasons.set_ts,
        reasons.reset_ts,
        sessions.agent_dbid,
        sessions.tenant_dbid as tenant_key,
        sessions.media_type,
        case when reasons.hardware_flag = 1 then 'Hardware' else 'Software' end as reason_type,
        case when reasons.hardware_flag = 1 then 'HARDWARE' else 'SOFTWARE' end
            as reason_type_code,
        case when reasons.hardware_flag = 1 then reasons.reason_value end as hardware_reason,
        case when reasons.hardware_flag = 1 then null else reasons.reason_key end
            as software_reason_key,
        case when reasons.hardware_flag = 1 then null else reasons.reason_value end
            as software_reason_value,
        case reasons.work_mode
            when {{ idb_code('work_mode', 'MANUAL_IN') }} then 'ManualIn'
            when {{ idb_code('work_mode', 'AUTO_IN') }} then 'AutoIn'
            when {{ idb_code('work_mode', 'AFTER_CALL_WORK') }} then 'AfterCallWork'
            when {{ idb_code('work_mode', 'AUX_WORK') }} then 'AuxWork'
            when {{ idb_code('work_mode', 'NO_CALL_DISCONNECT') }} then 'NoCallDisconnect'
            when {{ idb_code('work_mode', 'WALK_AWAY') }} then 'WalkAway'
            when {{ idb_code('work_mode', 'RETURN_BACK') }} then 'ReturnBack'
            else 'Unknown'
        end as workmode,
        reasons.last_audit_key
    from reasons
    inner join sessions
        on
            reasons.data_source_key = sessions.data_source_key
            and reasons.login_session_id = sessions.login_session_id
),

coded as (
    select
        described.*,
        upper(described.workmode) as workmode_code
    from described
)

select * from coded
