{{ config(
    materialized='incremental',
    incremental_strategy='append'
) }}

{#-
    One row per routing strategy (per tenant) that routed agents' interactions, and the -1 row
    (no value) for interactions no strategy routed. A row's key is derived from its name
    (strategy_key), so a stored row never changes: only new ones are added.
-#}
with named as (
    select distinct
        strategy_key,
        tenant_dbid,
        strategy_name
    from {{ ref('int_agent_parties_routed') }}
    where strategy_key <> -1
    union all
    select
        cast(-1 as bigint) as strategy_key,
        -1 as tenant_dbid,
        cast(null as varchar(255)) as strategy_name
),

stored as (
    {{ stored_rows(['strategy_key']) }}
),

final as (
    select
        named.strategy_key,
        named.tenant_dbid as tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        case when named.strategy_key = -1 then 'No Value' else 'Strategy' end as strategy_type,
        case when named.strategy_key = -1 then 'NO_VALUE' else 'STRATEGY' end
            as strategy_type_code,
        named.strategy_name,
        0 as purge_flag
    from named
    where
        not exists (
            select stored.strategy_key from stored
            where stored.strategy_key = named.strategy_key
        )
)

select {{ contract_columns('final') }}
from final
