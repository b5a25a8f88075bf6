{{ config(
    materialized='incremental',
    incremental_strategy='append'
) }}

{#-
    One row per target (per tenant) a strategy chose for agents' interactions: its type and the
    object selected, also named in the column of its type; and the -1 row (no value) for
    interactions routed without a target. A row's key is derived from its values
    (routing_target_key), so a stored row never changes: only new ones are added.
-#}
with targets as (
    select distinct
        routing_target_key,
        tenant_dbid,
        target_type_selected,
        target_object_selected
    from {{ ref('int_agent_parties_routed') }}
    where routing_target_key <> -1
),

typed as (
    select
        routing_target_key,
        tenant_dbid,
        target_object_selected,
        case target_type_selected
            {%- for type, names in routing_target_types().items() %}
                when {{ idb_code('routing_target_type', type) }} then '{{ names[0] }}'
            {%- endfor %}
            else 'Unknown'
        end as routing_target_type,
        case target_type_selected
            {%- for type, names in routing_target_types().items() %}
                when {{ idb_code('routing_target_type', type) }} then '{{ names[1] }}'
            {%- endfor %}
            else 'UNKNOWN'
        end as routing_target_type_code
    from targets
    union all
    select
        cast(-1 as bigint) as routing_target_key,
        -1 as tenant_dbid,
        cast(null as varchar(255)) as target_object_selected,
        'No Value' as routing_target_type,
        'NO_VALUE' as routing_target_type_code
),

stored as (
    {{ stored_rows(['routing_target_key']) }}
),

final as (
    select
        typed.routing_target_key,
        typed.tenant_dbid as tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        typed.routing_target_type,
        typed.routing_target_type_code,
        typed.target_object_selected,
        case
            when typed.routing_target_type_code = 'AGENT GROUP' then typed.target_object_selected
        end as agent_group_name,
        case
            when typed.routing_target_type_code = 'PLACE GROUP' then typed.target_object_selected
        end as place_group_name,
        case
            when typed.routing_target_type_code = 'SKILL EXPRESSION'
                then typed.target_object_selected
        end as skill_expression,
        0 as purge_flag
    from typed
    where
        not exists (
            select stored.routing_target_key from stored
            where stored.routing_target_key = typed.routing_target_key
        )
)

select {{ contract_columns('final') }}
from final
