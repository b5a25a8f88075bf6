{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='place_group_fact_key'
) }}

{#- One row per span a place belonged to a place group (GCX_GROUP_PLACE). -#}
{% call relationship_fact(
    'stg_gidb__gcx_group_place', ['group_dbid', 'place_dbid'], 'place_group_fact_key'
) %}
    coalesce((
        select owners.tenant_key from {{ ref('group_') }} as owners
        where owners.group_key = memberships.group_dbid
    ), -1) as tenant_key,
    memberships.place_dbid as place_key,
    memberships.group_dbid as group_key,
{% endcall %}
