{#-
    What Job_TransformGIM cannot take as it is among the sessions and interactions it rebuilds this
    run, one row per offending GIDB row, in the three [error-policy] categories:
    - missing-configuration: a login session or agent party of an agent GC_AGENT does not hold
      (fixable: RESOURCE_ gets a placeholder row the configuration completes);
    - partially-merged-interaction: a call with an inter-site link whose other side GIDB does not
      hold, because the merge stopped waiting for it (fixable: the interaction is loaded as it is
      and rebuilt whole when the other side arrives, as it keeps the root);
    - inconsistent-data: an agent state or reason code of a login session GIDB does not hold (not
      fixable), an outbound attempt with a code its dimension does not know (fixable: Unknown).
    The policy decides what happens (macros/error_policy.sql); interaction and session errors
    carry the root IRID or login session so that a discard removes the whole unit.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with sessions as (
    select * from {{ ref('stg_gidb__g_login_session') }}
),

agents as (
    select distinct agent_dbid from {{ ref('stg_gidb__gc_agent') }}
),

rebuilt_sessions as (
    select sessions.*
    from sessions
    inner join {{ ref('int_login_sessions_touched') }} as touched
        on
            sessions.data_source_key = touched.data_source_key
            and sessions.login_session_id = touched.login_session_id
),

rebuilt_calls as (
    select
        calls.data_source_key,
        calls.call_id,
        roots.interaction_root
    from {{ ref('stg_gidb__g_call') }} as calls
    inner join {{ ref('int_interaction_roots_changed') }} as roots
        on {{ interaction_root('calls') }} = roots.interaction_root
),

links as (
    select * from {{ ref('stg_gidb__g_is_link') }}
),

sessions_without_agent as (
    select
        'missing-configuration' as error_category,
        'MISSING_AGENT' as reason_code,
        {{ dbt.concat(["'gidb_g_login_session_'", 'rebuilt_sessions.gidb_copy']) }}
            as source_table,
        cast(rebuilt_sessions.login_session_row_id as varchar(255)) as source_key,
        rebuilt_sessions.data_source_key,
        {{ dbt.concat([
            "'login session of agent DBID '",
            'cast(rebuilt_sessions.agent_dbid as varchar(20))',
            "', which GC_AGENT does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'loginsessionid='", 'rebuilt_sessions.login_session_id',
            "' agentid='", 'cast(rebuilt_sessions.agent_dbid as varchar(20))',
        ]) }} as record_data,
        cast(1 as smallint) as fixable,
        cast(null as varchar(50)) as interaction_root,
        rebuilt_sessions.login_session_id,
        rebuilt_sessions.agent_dbid
    from rebuilt_sessions
    where not exists (
            select agents.agent_dbid from agents
            where agents.agent_dbid = rebuilt_sessions.agent_dbid
        )
),

parties_without_agent as (
    select
        'missing-configuration' as error_category,
        'MISSING_AGENT' as reason_code,
        {{ dbt.concat(["'gidb_g_party_'", 'parties.gidb_copy']) }} as source_table,
        cast(parties.party_row_id as varchar(255)) as source_key,
        parties.data_source_key,
        {{ dbt.concat([
            "'party of agent DBID '",
            'cast(parties.agent_dbid as varchar(20))',
            "', which GC_AGENT does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'partyid='", 'parties.party_id',
            "' callid='", 'parties.call_id',
            "' agentid='", 'cast(parties.agent_dbid as varchar(20))',
        ]) }} as record_data,
        cast(1 as smallint) as fixable,
        rebuilt_calls.interaction_root,
        cast(null as varchar(50)) as login_session_id,
        parties.agent_dbid
    from {{ ref('stg_gidb__g_party') }} as parties
    inner join rebuilt_calls
        on
            parties.data_source_key = rebuilt_calls.data_source_key
            and parties.call_id = rebuilt_calls.call_id
    where
        parties.agent_dbid is not null
        and not exists (
            select agents.agent_dbid from agents
            where agents.agent_dbid = parties.agent_dbid
        )
),

links_without_partner as (
    select
        'partially-merged-interaction' as error_category,
        'PARTIAL_MERGE' as reason_code,
        {{ dbt.concat(["'gidb_g_is_link_'", 'links.gidb_copy']) }} as source_table,
        cast(links.link_row_id as varchar(255)) as source_key,
        links.data_source_key,
        {{ dbt.concat([
            "'inter-site link '", 'links.link_id',
            "' of call '", 'links.call_id',
            "', whose other side GIDB does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'linkid='", 'links.link_id',
            "' callid='", 'links.call_id',
        ]) }} as record_data,
        cast(1 as smallint) as fixable,
        rebuilt_calls.interaction_root,
        cast(null as varchar(50)) as login_session_id,
        cast(null as integer) as agent_dbid
    from links
    inner join rebuilt_calls
        on
            links.data_source_key = rebuilt_calls.data_source_key
            and links.call_id = rebuilt_calls.call_id
    where not exists (
            select partners.link_id from links as partners
            where
                partners.link_id = links.link_id
                and (
                    partners.data_source_key != links.data_source_key
                    or partners.call_id != links.call_id
                )
        )
),

state_records as (
    select * from {{ ref('stg_gidb__g_agent_state_history') }}
    where {{ changed_since_last_transform() }}
),

reason_rows as (
    select * from {{ ref('stg_gidb__g_agent_state_rc') }}
    where {{ changed_since_last_transform() }}
),

states_without_session as (
    select
        'inconsistent-data' as error_category,
        'MISSING_SESSION' as reason_code,
        {{ dbt.concat(["'gidb_g_agent_state_history_'", 'state_records.gidb_copy']) }}
            as source_table,
        cast(state_records.state_row_id as varchar(255)) as source_key,
        state_records.data_source_key,
        {{ dbt.concat([
            "'agent state record of login session '",
            'state_records.login_session_id',
            "', which GIDB does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'loginsessionid='", 'state_records.login_session_id',
            "' state='", 'cast(state_records.agent_state as varchar(20))',
            "' added_ts='", 'cast(state_records.added_ts as varchar(20))',
        ]) }} as record_data,
        cast(0 as smallint) as fixable,
        cast(null as varchar(50)) as interaction_root,
        state_records.login_session_id,
        cast(null as integer) as agent_dbid
    from state_records
    where not exists (
            select sessions.data_source_key from sessions
            where
                sessions.data_source_key = state_records.data_source_key
                and sessions.login_session_id = state_records.login_session_id
        )
),

reasons_without_session as (
    select
        'inconsistent-data' as error_category,
        'MISSING_SESSION' as reason_code,
        {{ dbt.concat(["'gidb_g_agent_state_rc_'", 'reason_rows.gidb_copy']) }} as source_table,
        cast(reason_rows.reason_row_id as varchar(255)) as source_key,
        reason_rows.data_source_key,
        {{ dbt.concat([
            "'reason code of login session '",
            'reason_rows.login_session_id',
            "', which GIDB does not hold'",
        ]) }} as reason,
        {{ dbt.concat([
            "'sessionid='", 'reason_rows.login_session_id',
            "' value='", "coalesce(reason_rows.reason_value, '')",
            "' set_ts='", 'cast(reason_rows.set_ts as varchar(20))',
        ]) }} as record_data,
        cast(0 as smallint) as fixable,
        cast(null as varchar(50)) as interaction_root,
        reason_rows.login_session_id,
        cast(null as integer) as agent_dbid
    from reason_rows
    where not exists (
            select sessions.data_source_key from sessions
            where
                sessions.data_source_key = reason_rows.data_source_key
                and sessions.login_session_id = reason_rows.login_session_id
        )
),

attempts as (
    select * from {{ ref('stg_gidb__go_chainrec_hist') }}
    where {{ changed_since_last_transform() }}
),

attempts_with_unknown_codes as (
    select
        'inconsistent-data' as error_category,
        'UNKNOWN_CODE' as reason_code,
        'gidb_go_chainrec_hist' as source_table,
        cast(attempts.attempt_row_id as varchar(255)) as source_key,
        attempts.data_source_key,
        'outbound attempt with a code its dimension does not know' as reason,
        {{ dbt.concat([
            "'chainguid='", 'attempts.chain_guid',
            "' callresult='", "coalesce(cast(attempts.call_result as varchar(20)), '')",
            "' contactinfotype='", "coalesce(cast(attempts.contact_info_type as varchar(20)), '')",
            "' recordtype='", "coalesce(cast(attempts.record_type as varchar(20)), '')",
            "' recordstatus='", "coalesce(cast(attempts.record_status as varchar(20)), '')",
        ]) }} as record_data,
        cast(1 as smallint) as fixable,
        cast(null as varchar(50)) as interaction_root,
        cast(null as varchar(50)) as login_session_id,
        cast(null as integer) as agent_dbid
    from attempts
    where {{ outbound_attempt_codes_unknown('attempts') }}
),

all_errors as (
    select * from sessions_without_agent
    union all
    select * from parties_without_agent
    union all
    select * from links_without_partner
    union all
    select * from states_without_session
    union all
    select * from reasons_without_session
    union all
    select * from attempts_with_unknown_codes
)

select * from all_errors
