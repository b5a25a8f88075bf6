{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='contact_attempt_fact_key',
    indexes=[{'columns': ['contact_attempt_fact_key']}, {'columns': ['start_date_time_key']}]
) }}

{#-
    One row per outbound dialling attempt OCS recorded (GO_CHAINREC_HIST, written when the attempt
    ends), with the call it made. Rebuilt a chain (calling-list record) at a time: a chain with any
    row written since the last transform has all its attempts written again, so CONTACT_COMPLETE_FLAG
    follows the chain's end. A code no dimension knows is Unknown (-2) under error-policy
    inconsistent-data = fix-up; under discard the attempt is left out.
-#}
with chains as (
    select * from {{ ref('stg_gidb__go_chain') }}
),

attempts as (
    select * from {{ ref('stg_gidb__go_chainrec_hist') }}
),

dialled as (
    select * from {{ ref('stg_gidb__gox_chain_call') }}
),

changed_chains as (
    select
        data_source_key,
        chain_guid
    from chains
    where {{ changed_since_last_transform() }}
    union
    select
        data_source_key,
        chain_guid
    from attempts
    where {{ changed_since_last_transform() }}
    union
    select
        data_source_key,
        chain_guid
    from dialled
    where {{ changed_since_last_transform() }}
    union
    -- Calls that reached an agent after a change of the agent's groups (the combination changes).
    select
        dialled.data_source_key,
        dialled.chain_guid
    from dialled
    inner join {{ ref('stg_gidb__g_party') }} as parties
        on
            dialled.data_source_key = parties.data_source_key
            and dialled.call_id = parties.call_id
    inner join {{ ref('int_group_memberships_changed') }} as membership_changes
        on parties.agent_dbid = membership_changes.agent_dbid
    where parties.created_ts >= membership_changes.changed_from_ts
),

chain_attempts as (
    select
        attempts.*,
        chains.campaign_guid,
        chains.terminated_ts as chain_ended_ts,
        max(attempts.chain_seq) over (
            partition by attempts.data_source_key, attempts.chain_guid
        ) as last_chain_seq
    from attempts
    inner join changed_chains
        on
            attempts.data_source_key = changed_chains.data_source_key
            and attempts.chain_guid = changed_chains.chain_guid
    left join chains
        on
            attempts.data_source_key = chains.data_source_key
            and attempts.chain_guid = chains.chain_guid
    where {{ outbound_attempt_kept('attempts') }}
),

calls as (
    select
        dialled.data_source_key,
        dialled.call_attempt_guid,
        dialled.dialed_ts,
        calls.media_type,
        {{ interaction_root('calls') }} as interaction_root,
        calls.call_id
    from dialled
    inner join changed_chains
        on
            dialled.data_source_key = changed_chains.data_source_key
            and dialled.chain_guid = changed_chains.chain_guid
    left join {{ ref('stg_gidb__g_call') }} as calls
        on
            dialled.data_source_key = calls.data_source_key
            and dialled.call_id = calls.call_id
),

dialled_roots as (
    select distinct interaction_root from calls
),

root_calls as (
    select
        dialled_roots.interaction_root,
        {{ interaction_id_of_group('grouped') }} as interaction_id
    from {{ ref('stg_gidb__g_call') }} as grouped
    inner join dialled_roots
        on {{ interaction_root('grouped') }} = dialled_roots.interaction_root
    group by dialled_roots.interaction_root
),

agents as (
    select
        parties.data_source_key,
        parties.call_id,
        min(parties.agent_dbid) as agent_dbid
    from {{ ref('stg_gidb__g_party') }} as parties
    inner join calls
        on
            parties.data_source_key = calls.data_source_key
            and parties.call_id = calls.call_id
    where parties.agent_dbid is not null
    group by parties.data_source_key, parties.call_id
),

campaign_loads as (
    select * from {{ ref('stg_gidb__go_campaign') }}
),

campaigns as (
    select * from {{ ref('campaign') }}
),

current_rows as (
    {{ current_create_audit_keys('contact_attempt_fact_key') }}
),

final as (
    select
        {{ fact_id('chain_attempts.data_source_key', 'chain_attempts.attempt_row_id') }}
            as contact_attempt_fact_key,
        chain_attempts.call_attempt_guid as call_attempt_id,
        coalesce(campaigns.tenant_key, -1) as tenant_key,
        coalesce(campaign_loads.campaign_dbid, -1) as campaign_key,
        coalesce(campaign_loads.group_dbid, -1) as group_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        case
            when agents.agent_dbid is null then -1
            else {{ resource_key(cfg_type('person'), 'agents.agent_dbid') }}
        end as resource_key,
        coalesce(calls.media_type, -1) as media_type_key,
        coalesce(campaign_loads.dialing_mode, -1) as dialing_mode_key,
        {{ outbound_code_key('chain_attempts.call_result', 'call_result') }} as call_result_key,
        {{ outbound_code_key('chain_attempts.contact_info_type', 'contact_info_type') }}
            as contact_info_type_key,
        {{ outbound_code_key('chain_attempts.record_type', 'record_type') }} as record_type_key,
        {{ outbound_code_key('chain_attempts.record_status', 'record_status') }}
            as record_status_key,
        chain_attempts.contact_info,
        chain_attempts.attempt_number,
        root_calls.interaction_id,
        coalesce(calls.dialed_ts, chain_attempts.ended_ts) as start_ts,
        chain_attempts.ended_ts as end_ts,
        {{ date_time_key('coalesce(calls.dialed_ts, chain_attempts.ended_ts)') }}
            as start_date_time_key,
        {{ date_time_key('chain_attempts.ended_ts') }} as end_date_time_key,
        case
            when
                chain_attempts.chain_ended_ts is not null
                and chain_attempts.chain_seq = chain_attempts.last_chain_seq
                then 1
            else 0
        end as contact_complete_flag,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key
    from chain_attempts
    left join calls
        on
            chain_attempts.data_source_key = calls.data_source_key
            and chain_attempts.call_attempt_guid = calls.call_attempt_guid
    left join root_calls on calls.interaction_root = root_calls.interaction_root
    left join agents
        on
            calls.data_source_key = agents.data_source_key
            and calls.call_id = agents.call_id
    left join campaign_loads
        on
            chain_attempts.data_source_key = campaign_loads.data_source_key
            and chain_attempts.campaign_guid = campaign_loads.campaign_guid
    left join campaigns on campaign_loads.campaign_dbid = campaigns.campaign_key
    {{ join_group_combination(
        resource_key(cfg_type('person'), 'agents.agent_dbid'),
        'coalesce(calls.dialed_ts, chain_attempts.ended_ts)'
    ) }}
    left join current_rows
        on
            {{ fact_id('chain_attempts.data_source_key', 'chain_attempts.attempt_row_id') }}
            = current_rows.contact_attempt_fact_key
)

select {{ contract_columns('final') }}
from final
