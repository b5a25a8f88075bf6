{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_resource_id',
    indexes=[
        {'columns': ['interaction_resource_id']},
        {'columns': ['start_date_time_key']},
        {'columns': ['end_ts']}
    ]
) }}

{#-
    One row per period an agent's party spent dialling, alerting, connected or on hold (a
    G_PARTY_HISTORY change until the party's next), and one for the after-call work that followed
    its release (int_party_wrap_ups): the interaction-related states of the agent, which
    INTERACTION_RESOURCE_FACT sums. Rebuilt a whole party at a time (unique_key), with the
    interactions INTERACTION_RESOURCE_FACT rebuilds.
-#}
with parties as (
    select * from {{ ref('int_agent_parties_measured') }}
),

party_periods as (
    select
        periods.data_source_key,
        periods.party_id,
        {{ fact_id('periods.data_source_key', 'periods.party_history_row_id') }} * 10 + 1
            as state_key,
        case periods.party_state
            when {{ idb_code('party_state', 'DIALING') }} then 1
            when {{ idb_code('party_state', 'RINGING') }} then 2
            when {{ idb_code('party_state', 'CONNECTED') }} then 3
            when {{ idb_code('party_state', 'HELD') }} then 4
        end as customer_state_key,
        periods.start_ts,
        periods.end_ts
    from {{ ref('int_party_states_sequenced') }} as periods
    where
        periods.party_state in (
            {{ idb_code('party_state', 'DIALING') }},
            {{ idb_code('party_state', 'RINGING') }},
            {{ idb_code('party_state', 'CONNECTED') }},
            {{ idb_code('party_state', 'HELD') }}
        )
),

wrap_up_periods as (
    select
        data_source_key,
        party_id,
        {{ fact_id('data_source_key', 'acw_state_row_id') }} * 10 + 2 as state_key,
        5 as customer_state_key,
        acw_start_ts as start_ts,
        acw_end_ts as end_ts
    from {{ ref('int_party_wrap_ups') }}
),

periods as (
    select * from party_periods
    union all
    select * from wrap_up_periods
),

current_rows as (
    {{ current_create_audit_keys('ixn_resource_state_fact_key') }}
),

final as (
    select
        periods.state_key as ixn_resource_state_fact_key,
        {{ date_time_key('periods.start_ts') }} as start_date_time_key,
        {{ date_time_key('periods.end_ts') }} as end_date_time_key,
        parties.tenant_dbid as tenant_key,
        parties.media_type as media_type_key,
        {{ resource_key(cfg_type('person'), 'parties.agent_dbid') }} as resource_key,
        case
            when coalesce(parties.endpoint_dbid, 0) = 0 then -1
            else {{ resource_key(cfg_type('dn'), 'parties.endpoint_dbid') }}
        end as media_resource_key,
        coalesce(parties.place_dbid, -1) as place_key,
        case
            when parties.call_type = {{ idb_code('call_type', 'CONSULT') }}
                then periods.customer_state_key + 5
            else periods.customer_state_key
        end as interaction_resource_state_key,
        {{ interaction_type_key('parties.call_type') }} as interaction_type_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        {{ date_time_key('parties.created_ts') }} as interaction_resource_sdt_key,
        {{ fact_id('parties.data_source_key', 'parties.party_row_id') }}
            as interaction_resource_id,
        {{ span_measures('periods.start_ts', 'periods.end_ts') }},
        cast(null as varchar(255)) as target_address,
        0 as purge_flag
    from periods
    inner join parties
        on
            periods.data_source_key = parties.data_source_key
            and periods.party_id = parties.party_id
    left join current_rows on periods.state_key = current_rows.ixn_resource_state_fact_key
)

select {{ contract_columns('final') }}
from final
