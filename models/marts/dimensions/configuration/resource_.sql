{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_key'
) }}

{#-
    One row per person and DN. Under error-policy missing-configuration = fix-up, an agent the
    rebuilt sessions or interactions name but GC_AGENT does not hold gets a placeholder row (no
    name, tenant -1); the configuration, when it arrives, writes the row again in its place.
-#}
with configured as (
    select * from {{ ref('int_resources_unioned') }}
    where {{ changed_since_last_transform() }}
),

missing_agents as (
    select distinct agent_dbid
    from {{ ref('int_transform_errors_found') }}
    where
        reason_code = 'MISSING_AGENT'
        and {{ '1 = 1' if fixes_up('missing-configuration') else '1 = 0' }}
),

placeholders as (
    select
        {{ resource_key(cfg_type('person'), 'agent_dbid') }} as resource_key,
        {{ cfg_type('person') }} as resource_cfg_type_id,
        agent_dbid as resource_cfg_dbid,
        -1 as tenant_dbid,
        cast(null as varchar(255)) as switch_name,
        'Agent' as resource_type,
        'AGENT' as resource_type_code,
        'Agent' as resource_subtype,
        cast(null as varchar(255)) as resource_name,
        cast(null as varchar(64)) as agent_first_name,
        cast(null as varchar(64)) as agent_last_name,
        cast(null as varchar(64)) as employee_id,
        cast(null as bigint) as created_ts,
        cast(null as bigint) as deleted_ts,
        cast(null as bigint) as last_audit_key
    from missing_agents
),

resources as (
    select * from configured
    union all
    select * from placeholders
),

current_rows as (
    {{ current_create_audit_keys('resource_key') }}
),

final as (
    select
        resources.resource_key,
        resources.tenant_dbid as tenant_key,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        resources.switch_name,
        cast(null as varchar(255)) as ivr_name,
        resources.resource_type,
        resources.resource_type_code,
        resources.resource_subtype,
        resources.resource_name,
        resources.agent_first_name,
        resources.agent_last_name,
        resources.employee_id,
        cast(null as varchar(255)) as external_resource_id,
        resources.resource_cfg_dbid,
        resources.resource_cfg_type_id,
        cast(null as varchar(255)) as resource_alias,
        cast(0 as smallint) as network_resource_flag,
        resources.created_ts as start_ts,
        resources.deleted_ts as end_ts,
        cast(0 as smallint) as purge_flag
    from resources
    left join current_rows on resources.resource_key = current_rows.resource_key
)

select {{ contract_columns('final') }}
from final
