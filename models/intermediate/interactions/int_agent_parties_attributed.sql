{#-
    Every row INTERACTION_RESOURCE_FACT builds, an agent's party or a routing point's where the
    interaction ended in mediation, with what it says beyond the party's own states: its place among
    the interaction's parties (ordinal, anchor, last, the agent's first handling of the customer),
    who released the call first (STOP_ACTION, CUSTOMER_LEFT_FIRST), the queue stays the
    interaction passed before the party's own, the talk and hold of an agent who was on the call
    when a colleague joined it in conference, and the consultations the agent made from this party
    (on the consultation call's own party).
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

{#- The columns of int_agent_parties_measured (and int_mediation_parties) passed on. -#}
{%- set measured_columns = [
    'data_source_key', 'party_id', 'party_row_id', 'party_guid', 'party_role',
    'parent_party_id', 'parent_link_type', 'agent_dbid', 'endpoint_dbid', 'endpoint_dn',
    'tenant_dbid', 'created_ts', 'terminated_ts', 'call_id', 'call_type', 'dnis',
    'media_type', 'interaction_id', 'dial_count', 'dial_duration', 'ring_count',
    'ring_duration', 'talk_count', 'talk_duration', 'hold_count', 'hold_duration',
    'answered_ts', 'last_change_type', 'last_cause', 'last_state', 'virtual_queue_row_id',
    'virtual_queue_dbid', 'queue_entered_ts', 'queue_duration', 'acw_count', 'acw_duration',
    'place_dbid', 'mediation_result'
] %}

{# The agents' parties, and the routing points' where an interaction ended in mediation. #}
with all_parties as (
    select
        {%- for column in measured_columns if column != 'mediation_result' %}
            {{ column }},
        {%- endfor %}
        cast(null as integer) as mediation_result
    from {{ ref('int_agent_parties_measured') }}
    union all
    select
        {%- for column in measured_columns if column != 'mediation_result' %}
            {{ column }},
        {%- endfor %}
        mediation_result
    from {{ ref('int_mediation_parties') }}
),

parties as (
    select
        {%- for column in measured_columns %}
            {{ column }},
        {%- endfor %}
        case
            when talk_count > 0 and call_type <> {{ idb_code('call_type', 'CONSULT') }} then 1
            else 0
        end as customer_handled
    from all_parties
),

{# The interaction's queue stays, to count those before each party's own stay. #}
stays as (
    select
        calls.interaction_id,
        stays.entered_ts,
        stays.left_ts - stays.entered_ts as stay_duration
    from {{ ref('stg_gidb__g_virtual_queue') }} as stays
    inner join {{ ref('int_calls_rooted') }} as calls
        on
            stays.data_source_key = calls.data_source_key
            and stays.call_id = calls.call_id
    where stays.left_ts is not null
),

earlier_stays as (
    select
        parties.data_source_key,
        parties.party_id,
        count(*) as stay_count,
        sum(stays.stay_duration) as stay_duration
    from parties
    inner join stays
        on
            parties.interaction_id = stays.interaction_id
            and parties.queue_entered_ts > stays.entered_ts
    group by parties.data_source_key, parties.party_id
),

{# The party that released a call an agent released: the DN ICON recorded, else the agent
    party (released, not moved) that ended last, the call's originator first. #}
releases as (
    select
        parties.data_source_key,
        parties.party_id,
        row_number() over (
            partition by parties.data_source_key, parties.call_id
            order by
                case
                    when releases.releasing_party_dn = parties.endpoint_dn then 0 else 1
                end,
                parties.terminated_ts desc,
                case
                    when parties.party_role = {{ idb_code('party_role', 'ORIGINATOR') }} then 0
                    else 1
                end,
                parties.party_row_id asc
        ) as release_rank
    from parties
    inner join {{ ref('stg_gidb__g_call_stat') }} as releases
        on
            parties.data_source_key = releases.data_source_key
            and parties.call_id = releases.call_id
    where
        releases.releasing_party = {{ idb_code('releasing_party', 'AGENT') }}
        and parties.last_state = {{ idb_code('party_state', 'RELEASED') }}
        and (
            releases.releasing_party_dn is null or releases.releasing_party_dn = parties.endpoint_dn
        )
),

{# Calls the customer released first (G_CALL_STAT), for ANCHOR_FLAGS.CUSTOMER_LEFT_FIRST. #}
customer_releases as (
    select
        releases.data_source_key,
        releases.call_id
    from {{ ref('int_calls_rooted') }} as calls
    inner join {{ ref('stg_gidb__g_call_stat') }} as releases
        on
            calls.data_source_key = releases.data_source_key
            and calls.call_id = releases.call_id
    where releases.releasing_party = {{ idb_code('releasing_party', 'CUSTOMER') }}
),

conference_starts as (
    select
        data_source_key,
        call_id,
        min(created_ts) as conference_ts
    from parties
    where party_role = {{ idb_code('party_role', 'CONFERENCE_MEMBER') }}
    group by data_source_key, call_id
),

{# Talk and hold of the agents already on the call from the moment a colleague joined. #}
conference_initiators as (
    select
        parties.data_source_key,
        parties.party_id,
        {%- for state, measure in [('CONNECTED', 'talk'), ('HELD', 'hold')] %}
            sum(
                case
                    when periods.party_state = {{ idb_code('party_state', state) }} then 1
                    else 0
                end
            ) as {{ measure }}_count,
            sum(
                case
                    when periods.party_state = {{ idb_code('party_state', state) }}
                        then periods.end_ts - greatest(periods.start_ts, conferences.conference_ts)
                    else 0
                end
            ) as {{ measure }}_duration,
        {%- endfor %}
        min(conferences.conference_ts) as conference_ts
    from parties
    inner join conference_starts as conferences
        on
            parties.data_source_key = conferences.data_source_key
            and parties.call_id = conferences.call_id
            and parties.created_ts < conferences.conference_ts
    inner join {{ ref('int_party_states_sequenced') }} as periods
        on
            parties.data_source_key = periods.data_source_key
            and parties.party_id = periods.party_id
            and conferences.conference_ts < periods.end_ts
    where parties.party_role <> {{ idb_code('party_role', 'CONFERENCE_MEMBER') }}
    group by parties.data_source_key, parties.party_id
),

consult_destinations as (
    select distinct
        data_source_key,
        call_id
    from parties
    where party_role = {{ idb_code('party_role', 'CONSULT_DESTINATION') }}
),

{# An agent's consultations, on the party of the call the agent consulted from: the consulting
    party's dialling, talk and hold on the consultation call (CONS_INIT_*). #}
consultations_made as (
    select
        consulting.data_source_key,
        consulting.parent_party_id as party_id,
        {%- for measure in ['dial', 'talk', 'hold'] %}
            sum(consulting.{{ measure }}_count) as {{ measure }}_count,
            sum(consulting.{{ measure }}_duration) as {{ measure }}_duration,
        {%- endfor %}
        sum(case when destinations.call_id is null then 0 else 1 end) as agent_count,
        sum(
            case when destinations.call_id is null then 0 else consulting.talk_duration end
        ) as agent_duration
    from parties as consulting
    left join consult_destinations as destinations
        on
            consulting.data_source_key = destinations.data_source_key
            and consulting.call_id = destinations.call_id
    where
        consulting.call_type = {{ idb_code('call_type', 'CONSULT') }}
        and consulting.party_role = {{ idb_code('party_role', 'ORIGINATOR') }}
        and consulting.parent_link_type = {{ idb_code('party_link_type', 'CONSULT') }}
    group by consulting.data_source_key, consulting.parent_party_id
),

final as (
    select
        {%- for column in measured_columns %}
            parties.{{ column }},
        {%- endfor %}
        case
            when
                parties.parent_link_type in (
                    {{ idb_code('party_link_type', 'TRANSFER') }},
                    {{ idb_code('party_link_type', 'CONFERENCE') }},
                    {{ idb_code('party_link_type', 'CONSULT') }}
                )
                then 1
            else 0
        end as is_received,
        row_number() over (
            partition by parties.interaction_id
            order by parties.created_ts, parties.data_source_key, parties.party_row_id
        ) as ordinal,
        row_number() over (
            partition by parties.interaction_id
            order by
                parties.customer_handled desc,
                parties.created_ts asc,
                parties.data_source_key asc,
                parties.party_row_id asc
        ) as anchor_rank,
        row_number() over (
            partition by parties.interaction_id
            order by
                case when parties.terminated_ts is null then 0 else 1 end asc,
                parties.terminated_ts desc,
                parties.created_ts desc,
                parties.data_source_key desc,
                parties.party_row_id desc
        ) as last_rank,
        parties.customer_handled,
        case when releases.release_rank = 1 then 1 else 0 end as released_first,
        {#- The agent's first handling of the customer in the interaction (ANCHOR_FLAGS). #}
        case
            when
                parties.customer_handled = 1
                and row_number() over (
                    partition by
                        parties.interaction_id, parties.agent_dbid, parties.customer_handled
                    order by parties.created_ts, parties.data_source_key, parties.party_row_id
                ) = 1
                then 1
            else 0
        end as first_engage_for_agent,
        case
            when parties.customer_handled = 1 and customer_releases.call_id is not null then 1
            else 0
        end as customer_left_first,
        coalesce(earlier_stays.stay_count, 0) as earlier_stay_count,
        coalesce(earlier_stays.stay_duration, 0) as earlier_stay_duration,
        case when conference_initiators.party_id is null then 0 else 1 end as conference_initiated,
        coalesce(conference_initiators.talk_count, 0) as conf_init_talk_count,
        coalesce(conference_initiators.talk_duration, 0) as conf_init_talk_duration,
        coalesce(conference_initiators.hold_count, 0) as conf_init_hold_count,
        coalesce(conference_initiators.hold_duration, 0) as conf_init_hold_duration,
        {%- for measure in ['dial', 'talk', 'hold'] %}
            coalesce(consultations_made.{{ measure }}_count, 0) as cons_init_{{ measure }}_count,
            coalesce(consultations_made.{{ measure }}_duration, 0)
                as cons_init_{{ measure }}_duration,
        {%- endfor %}
        coalesce(consultations_made.agent_count, 0) as agent_to_agent_cons_count,
        coalesce(consultations_made.agent_duration, 0) as agent_to_agent_cons_duration
    from parties
    left join releases
        on
            parties.data_source_key = releases.data_source_key
            and parties.party_id = releases.party_id
    left join customer_releases
        on
            parties.data_source_key = customer_releases.data_source_key
            and parties.call_id = customer_releases.call_id
    left join earlier_stays
        on
            parties.data_source_key = earlier_stays.data_source_key
            and parties.party_id = earlier_stays.party_id
    left join conference_initiators
        on
            parties.data_source_key = conference_initiators.data_source_key
            and parties.party_id = conference_initiators.party_id
    left join consultations_made
        on
            parties.data_source_key = consultations_made.data_source_key
            and parties.party_id = consultations_made.party_id
)

select * from final
