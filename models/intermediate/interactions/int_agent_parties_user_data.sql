{#-
    The attached data of each agent party rebuilt this run, as the party's call held it: the
    descriptor values (customer segment, service type and subtype, business result) and CUSTOMER_ID
    from the call's G_CALL_USERDATA row, written when the call ended; SATISFACTION, REVENUE and
    GSW_CALL_ATTEMPT_GUID from the last change of those keys in G_USERDATA_HISTORY (whole numbers
    only for the first two; a deleted key has no value). An outbound call without the
    GSW_CALL_ATTEMPT_GUID key takes the attempt GOX_CHAIN_CALL links it to.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with parties as (
    select * from {{ ref('int_agent_parties_rooted') }}
),

party_calls as (
    select distinct
        data_source_key,
        call_id
    from parties
),

call_values as (
    select * from {{ ref('stg_gidb__g_call_userdata') }}
),

key_changes as (
    select
        changes.data_source_key,
        changes.call_id,
        changes.key_name,
        case
            when changes.change_type <> {{ idb_code('userdata_change_type', 'DELETED') }}
                then changes.key_value
        end as key_value,
        row_number() over (
            partition by changes.data_source_key, changes.call_id, changes.key_name
            order by changes.added_ts desc, changes.userdata_row_id desc
        ) as newest_first
    from {{ ref('stg_gidb__g_userdata_history') }} as changes
    inner join party_calls
        on
            changes.data_source_key = party_calls.data_source_key
            and changes.call_id = party_calls.call_id
    where changes.key_name in ('SATISFACTION', 'REVENUE', 'GSW_CALL_ATTEMPT_GUID')
),

key_values as (
    select
        data_source_key,
        call_id,
        max(
            case
                when key_name = 'SATISFACTION' and {{ is_whole_number('key_value') }}
                    then cast(key_value as integer)
            end
        ) as satisfaction,
        max(
            case
                when key_name = 'REVENUE' and {{ is_whole_number('key_value') }}
                    then cast(key_value as integer)
            end
        ) as revenue,
        max(case when key_name = 'GSW_CALL_ATTEMPT_GUID' then key_value end)
            as gsw_call_attempt_guid
    from key_changes
    where newest_first = 1
    group by data_source_key, call_id
),

attempts as (
    select
        data_source_key,
        call_id,
        max(call_attempt_guid) as call_attempt_guid
    from {{ ref('stg_gidb__gox_chain_call') }}
    group by data_source_key, call_id
),

final as (
    select
        parties.data_source_key,
        parties.party_row_id,
        parties.interaction_id,
        parties.tenant_dbid,
        parties.created_ts,
        call_values.customer_segment,
        call_values.service_type,
        call_values.service_subtype,
        call_values.business_result,
        call_values.customer_id,
        key_values.satisfaction,
        key_values.revenue,
        coalesce(key_values.gsw_call_attempt_guid, attempts.call_attempt_guid)
            as gsw_call_attempt_guid
    from parties
    left join call_values
        on
            parties.data_source_key = call_values.data_source_key
            and parties.call_id = call_values.call_id
    left join key_values
        on
            parties.data_source_key = key_values.data_source_key
            and parties.call_id = key_values.call_id
    left join attempts
        on
            parties.data_source_key = attempts.data_source_key
            and parties.call_id = attempts.call_id
)

select
    final.*,
    {{ interaction_descriptor_key('final') }} as interaction_descriptor_key
from final
