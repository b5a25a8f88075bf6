{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_group_fact_key'
) }}

{#-
    One row per span an agent belonged to an agent group (GCX_GROUP_AGENT) or a DN to a DN group
    (GCX_GROUP_ENDPOINT).
-#}
{% call relationship_fact(
    'int_resource_group_memberships', ['group_dbid', 'resource_key'], 'resource_group_fact_key',
    key_row_id='fact_row_id'
) %}
    coalesce((
        select owners.tenant_key from {{ ref('group_') }} as owners
        where owners.group_key = memberships.group_dbid
    ), -1) as tenant_key,
    memberships.resource_key,
    memberships.group_dbid as group_key,
    memberships.resource_cfg_type_id,
{% endcall %}
