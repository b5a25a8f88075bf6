{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_group_fact_key'
) }}

{#- One row per span an agent belonged to an agent group (GCX_GROUP_AGENT). -#}
{% call relationship_fact(
    'stg_gidb__gcx_group_agent', ['group_dbid', 'agent_dbid'], 'resource_group_fact_key'
) %}
    coalesce((
        select owners.tenant_key from {{ ref('group_') }} as owners
        where owners.group_key = memberships.group_dbid
    ), -1) as tenant_key,
    {{ resource_key(cfg_type('person'), 'memberships.agent_dbid') }} as resource_key,
    memberships.group_dbid as group_key,
    {{ cfg_type('person') }} as resource_cfg_type_id,
{% endcall %}
