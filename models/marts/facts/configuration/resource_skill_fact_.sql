{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_skill_fact_key'
) }}

{#- One row per span an agent held a skill at one level (GCX_SKILL_LEVEL). -#}
{% call relationship_fact(
    'stg_gidb__gcx_skill_level', ['agent_dbid', 'skill_dbid', 'skill_level'],
    'resource_skill_fact_key'
) %}
    coalesce((
        select owners.tenant_key from {{ ref('skill') }} as owners
        where owners.skill_key = memberships.skill_dbid
    ), -1) as tenant_key,
    {{ resource_key(cfg_type('person'), 'memberships.agent_dbid') }} as resource_key,
    memberships.skill_dbid as skill_key,
    memberships.skill_level,
{% endcall %}
