{{ config(
    materialized='incremental',
    incremental_strategy='append'
) }}

{#-
    One row per agent group of each combination agents have belonged to, and the -1 row (no
    group) facts take outside every membership. A combination's key is derived from its groups
    (int_agent_group_combinations), so a stored combination never changes: only new ones are
    added.
-#}
with combinations as (
    select distinct
        resource_key,
        start_ts,
        group_combination_key
    from {{ ref('int_agent_group_combinations') }}
),

members as (
    select distinct
        combinations.group_combination_key,
        memberships.group_key
    from combinations
    inner join {{ ref('resource_group_fact_') }} as memberships
        on
            combinations.resource_key = memberships.resource_key
            and {{ span_covers('memberships', 'combinations.start_ts') }}
    union all
    select
        -1 as group_combination_key,
        -1 as group_key
),

stored as (
    {{ stored_rows(['group_combination_key']) }}
),

final as (
    select
        members.group_combination_key,
        members.group_key,
        coalesce((
            select owners.tenant_key from {{ ref('group_') }} as owners
            where owners.group_key = members.group_key
        ), -1) as tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key
    from members
    where
        not exists (
            select stored.group_combination_key from stored
            where stored.group_combination_key = members.group_combination_key
        )
)

select {{ contract_columns('final') }}
from final
