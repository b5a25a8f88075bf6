{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_id',
    indexes=[{'columns': ['interaction_id']}, {'columns': ['start_date_time_key']}]
) }}

{#-
    One row per agent's party in an interaction (the agent's attempt to handle it), and one per
    routing point where the interaction ended in mediation (the caller hung up while queued, or
    the stay was cleared), as the original gives its mediation resources. Rebuilt a
    whole interaction at a time: unique_key is the interaction, so every row of a changed
    interaction is deleted before its rows are inserted again.
-#}
with changed as (
    select * from {{ ref('int_interactions_changed') }}
),

parties as (
    select parties.*
    from {{ ref('int_agent_parties_attributed') }} as parties
    inner join changed on parties.interaction_id = changed.interaction_id
),

routed as (
    select * from {{ ref('int_agent_parties_routed') }}
),

previous_parties as (
    select
        data_source_key,
        party_id,
        party_row_id,
        created_ts
    from {{ ref('int_agent_parties_measured') }}
),

anchors as (
    select
        calls.interaction_id,
        min(calls.created_ts) as interaction_start_ts,
        min(parties.created_ts) as anchor_ts
    from {{ ref('int_calls_rooted') }} as calls
    left join parties
        on
            calls.interaction_id = parties.interaction_id
            and parties.anchor_rank = 1
    group by calls.interaction_id
),

{#
    The agent's summarized state in effect when the party began (SM_RES_STATE_FACT): the state
    that started before it and had not ended, from the party's data source and on its media when
    the agent has one there. Only states ending after the earliest party rebuilt are read.
#}
states as (
    select
        resource_key,
        media_type_key,
        resource_state_key,
        sm_res_state_fact_key,
        start_ts,
        end_ts
    from {{ ref('sm_res_state_fact') }}
    where
        end_ts is null
        or end_ts >= (
            select min(first_parties.created_ts) as first_ts from parties as first_parties
        )
),

previous_states as (
    select
        parties.data_source_key,
        parties.party_row_id,
        states.resource_state_key,
        states.sm_res_state_fact_key,
        row_number() over (
            partition by parties.data_source_key, parties.party_row_id
            order by
                case
                    when
                        {{ fact_data_source('states.sm_res_state_fact_key') }}
                        = parties.data_source_key
                        then 0
                    else 1
                end,
                case when states.media_type_key = parties.media_type then 0 else 1 end,
                states.start_ts desc,
                states.sm_res_state_fact_key desc
        ) as state_rank
    from parties
    inner join states
        on
            {{ resource_key(cfg_type('person'), 'parties.agent_dbid') }} = states.resource_key
            and parties.created_ts > states.start_ts
            and (states.end_ts is null or parties.created_ts <= states.end_ts)
    where parties.agent_dbid is not null
),

current_rows as (
    {{ current_create_audit_keys('interaction_resource_id') }}
),

final as (
    select
        {{ fact_id('parties.data_source_key', 'parties.party_row_id') }}
            as interaction_resource_id,
        parties.tenant_dbid as tenant_key,
        {{ interaction_type_key('parties.call_type') }} as interaction_type_key,
        parties.media_type as media_type_key,
        case
            when parties.mediation_result = {{ idb_code('vq_result', 'CLEARED') }}
                then {{ fixed_key('technical_descriptor', 'CLEARED') }}
            when parties.mediation_result is not null
                then {{ fixed_key('technical_descriptor', 'ABANDONED_WHILE_QUEUED') }}
            else {{ agent_technical_descriptor_key('parties') }}
        end as technical_descriptor_key,
        case
            when coalesce(parties.endpoint_dbid, 0) = 0 then -1
            else {{ resource_key(cfg_type('dn'), 'parties.endpoint_dbid') }}
        end as media_resource_key,
        case
            when parties.mediation_result is not null
                then {{ resource_key(cfg_type('dn'), 'parties.endpoint_dbid') }}
            else {{ resource_key(cfg_type('person'), 'parties.agent_dbid') }}
        end as resource_key,
        {{ group_combination_key() }} as resource_group_combination_key,
        coalesce(routed.strategy_key, -1) as strategy_key,
        coalesce(routed.routing_target_key, -1) as routing_target_key,
        parties.interaction_id,
        case
            when parties.virtual_queue_row_id is null then null
            else {{ fact_id('parties.data_source_key', 'parties.virtual_queue_row_id') }}
        end as mediation_segment_id,
        case
            when parties.virtual_queue_dbid is null then -1
            else {{ resource_key(cfg_type('dn'), 'parties.virtual_queue_dbid') }}
        end as last_vqueue_resource_key,
        case
            when previous_parties.party_row_id is null then null
            else {{ fact_id('previous_parties.data_source_key', 'previous_parties.party_row_id') }}
        end as prev_irf_id,
        parties.party_guid as partyguid,
        coalesce(parties.place_dbid, -1) as place_key,
        -1 as requested_skill_key,
        coalesce(previous_states.resource_state_key, -1) as res_previous_sm_state_key,
        previous_states.sm_res_state_fact_key as res_previous_sm_state_fact_key,
        case
            when parties.mediation_result is not null
                then {{ resource_key(cfg_type('dn'), 'parties.endpoint_dbid') }}
            when routed.routing_point_dbid is null then -1
            else {{ resource_key(cfg_type('dn'), 'routed.routing_point_dbid') }}
        end as last_rp_resource_key,
        -1 as last_queue_resource_key,
        -1 as last_ivr_resource_key,
        case
            when parties.virtual_queue_dbid is null then -1
            else {{ resource_key(cfg_type('dn'), 'parties.virtual_queue_dbid') }}
        end as mediation_resource_key,
        {{ date_time_key('parties.queue_entered_ts') }} as mediation_start_date_time_key,
        {{ date_time_key('parties.queue_entered_ts') }} as mediation_segment_sdt_key,
        parties.ordinal as interaction_resource_ordinal,
        case when parties.anchor_rank = 1 then 1 else 0 end as irf_anchor,
        {{ date_time_key('anchors.anchor_ts') }} as irf_anchor_date_time_key,
        anchors.anchor_ts as irf_anchor_ts,
        case when parties.last_rank = 1 then 1 else 0 end as last_interaction_resource,
        {#- A consultation's, transfer's or conference's party names the party it came from. #}
        case
            when
                previous_parties.party_row_id is null or parties.is_received = 0
                then null
            else {{ fact_id('previous_parties.data_source_key', 'previous_parties.party_row_id') }}
        end as received_from_ixn_resource_id,
        case
            when
                previous_parties.party_row_id is null or parties.is_received = 0
                then null
            else {{ date_time_key('previous_parties.created_ts') }}
        end as received_from_ixn_resource_sdt_key,
        {{ date_time_key('anchors.interaction_start_ts') }} as interaction_sdt_key,
        -1 as workbin_key,
        {#- The bitmask of ANCHOR_FLAGS: first engagement of the agent in the interaction (1)
            and thread (2: a thread is its interaction), first replies (4, 8: no reply
            interactions in the IDB contract), first engagement of any agent (16), the customer
            released first (32). -#}
        parties.first_engage_for_agent * 3
        + case when parties.anchor_rank = 1 and parties.customer_handled = 1 then 16 else 0 end
        + parties.customer_left_first * 32 as anchor_flags_key,
        case
            when parties.call_type = {{ idb_code('call_type', 'OUTBOUND') }} then parties.dnis
            else parties.endpoint_dn
        end as target_address,
        cast(null as bigint) as producer_batch_id,
        cast(null as varchar(64)) as orssessionid,
        coalesce(parties.queue_duration, 0) as queue_duration,
        coalesce(parties.queue_duration, 0) as mediation_duration,
        case when parties.talk_count > 0 then 1 else 0 end as handle_count,
        case
            when
                parties.talk_count > 0
                and parties.call_type <> {{ idb_code('call_type', 'CONSULT') }}
                then 1
            else 0
        end as customer_handle_count,
        case
            when
                parties.answered_ts is not null
                and parties.queue_entered_ts is not null
                and parties.answered_ts - parties.queue_entered_ts
                <= {{ var('q_answer_threshold') }}
                then 1
            else 0
        end as met_service_objective_flag,
        case
            when
                parties.talk_count = 0
                and parties.queue_entered_ts is not null
                and parties.terminated_ts - parties.queue_entered_ts
                <= {{ var('short_abandoned_threshold') }}
                then 1
            else 0
        end as short_abandoned_flag,
        parties.dial_count,
        parties.dial_duration,
        parties.ring_count,
        parties.ring_duration,
        parties.talk_count,
        parties.talk_duration,
        parties.hold_count,
        parties.hold_duration,
        parties.acw_count as after_call_work_count,
        parties.acw_duration as after_call_work_duration,
        {%- set consult = idb_code('call_type', 'CONSULT') %}
        {#- Each family is the party's own states when its role in the call is the family's. #}
        {%- for family, condition, measures in [
            ('customer', 'parties.call_type <> ' ~ consult,
                ['dial', 'ring', 'talk', 'hold', 'acw']),
            ('post_cons_xfer',
                'parties.call_type <> ' ~ consult ~ ' and parties.party_role = '
                ~ idb_code('party_role', 'TRANSFERRED_TO') ~ ' and parties.parent_link_type = '
                ~ idb_code('party_link_type', 'TRANSFER'),
                ['talk', 'hold', 'ring']),
            ('conf_join',
                'parties.party_role = ' ~ idb_code('party_role', 'CONFERENCE_MEMBER'),
                ['ring', 'talk', 'hold']),
            ('cons_rcv',
                'parties.call_type = ' ~ consult ~ ' and parties.party_role = '
                ~ idb_code('party_role', 'CONSULT_DESTINATION'),
                ['ring', 'talk', 'hold', 'acw']),
        ] %}
            {%- for measure in measures %}
                {%- for unit in ['count', 'duration'] %}
                    case when {{ condition }} then parties.{{ measure }}_{{ unit }} else 0 end
                        as {{ family }}_{{ measure }}_{{ unit }},
                {%- endfor %}
            {%- endfor %}
        {%- endfor %}
        parties.conf_init_talk_count,
        parties.conf_init_talk_duration,
        parties.conf_init_hold_count,
        parties.conf_init_hold_duration,
        parties.conference_initiated as conference_initiated_count,
        {%- for measure in ['dial', 'talk', 'hold'] %}
            parties.cons_init_{{ measure }}_count,
            parties.cons_init_{{ measure }}_duration,
        {%- endfor %}
        parties.agent_to_agent_cons_count,
        parties.agent_to_agent_cons_duration,
        {{ lead_clip('parties.created_ts', 'parties.terminated_ts') }} as lead_clip_duration,
        {{ trail_clip('parties.created_ts', 'parties.terminated_ts') }} as trail_clip_duration,
        case
            when parties.mediation_result is not null
                then parties.terminated_ts - parties.created_ts
            else coalesce(routed.routing_point_duration, 0)
        end as routing_point_duration,
        0 as ivr_port_duration,
        case
            when parties.virtual_queue_row_id is null then 0
            else parties.earlier_stay_duration
        end as previous_mediation_duration,
        case
            when parties.virtual_queue_row_id is null then 0
            else parties.earlier_stay_count + 1
        end as mediation_count,
        case
            when
                parties.released_first = 1
                and parties.talk_count > 0
                then 1
            else 0
        end as stop_action,
        0 as focus_time_count,
        0 as focus_time_duration,
        0 as asm_count,
        0 as asm_engage_duration,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        {{ date_time_key('parties.created_ts') }} as start_date_time_key,
        {{ date_time_key('parties.terminated_ts') }} as end_date_time_key,
        parties.created_ts as start_ts,
        parties.terminated_ts as end_ts,
        case when parties.terminated_ts is null then 1 else 0 end as active_flag,
        0 as purge_flag
    from parties
    left join routed
        on
            parties.data_source_key = routed.data_source_key
            and parties.party_row_id = routed.party_row_id
    left join anchors on parties.interaction_id = anchors.interaction_id
    left join previous_states
        on
            parties.data_source_key = previous_states.data_source_key
            and parties.party_row_id = previous_states.party_row_id
            and previous_states.state_rank = 1
    left join previous_parties
        on
            parties.data_source_key = previous_parties.data_source_key
            and parties.parent_party_id = previous_parties.party_id
    {{ join_group_combination(
        resource_key(cfg_type('person'), 'parties.agent_dbid'), 'parties.created_ts'
    ) }}
    left join current_rows
        on
            {{ fact_id('parties.data_source_key', 'parties.party_row_id') }}
            = current_rows.interaction_resource_id
)

select {{ contract_columns('final') }}
from final
