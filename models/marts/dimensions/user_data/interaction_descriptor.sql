{{ config(
    materialized='incremental',
    incremental_strategy='append'
) }}

{#-
    One row per combination of customer segment, service type, service subtype and business
    result (per tenant) that agents' interactions carried, and the -1 row (no value) for those that
    carried none. A row's key is derived from its values (interaction_descriptor_key), so a stored
    row never changes: only new ones are added.
-#}
with described as (
    select distinct
        interaction_descriptor_key,
        tenant_dbid,
        customer_segment,
        service_type,
        service_subtype,
        business_result
    from {{ ref('int_agent_parties_user_data') }}
    where interaction_descriptor_key <> -1
    union all
    select
        cast(-1 as bigint) as interaction_descriptor_key,
        -1 as tenant_dbid,
        cast(null as varchar(255)) as customer_segment,
        cast(null as varchar(255)) as service_type,
        cast(null as varchar(255)) as service_subtype,
        cast(null as varchar(255)) as business_result
),

stored as (
    {{ stored_rows(['interaction_descriptor_key']) }}
),

final as (
    select
        described.interaction_descriptor_key,
        described.tenant_dbid as tenant_key,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        described.customer_segment,
        described.service_type,
        described.service_subtype,
        described.business_result,
        0 as purge_flag
    from described
    where
        not exists (
            select stored.interaction_descriptor_key from stored
            where stored.interaction_descriptor_key = described.interaction_descriptor_key
        )
)

select {{ contract_columns('final') }}
from final
