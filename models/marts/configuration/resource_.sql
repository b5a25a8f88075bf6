{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_key'
) }}

with resources as (
    select * from {{ ref('int_resources_unioned') }}
    where {{ changed_since_last_transform() }}
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
