{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='group_key'
) }}

{#- One row per agent, place or DN group in configuration (GC_GROUP). -#}
{% call configuration_dimension('stg_gidb__gc_group', 'group_dbid', 'group_key') %}
    objects.group_dbid as group_key,
    objects.tenant_dbid as tenant_key,
    objects.group_name,
    case objects.group_type
        when {{ idb_code('group_type', 'AGENT_GROUP') }} then 'Agent'
        when {{ idb_code('group_type', 'PLACE_GROUP') }} then 'Place'
        when {{ idb_code('group_type', 'DN_GROUP') }} then 'DN'
        when {{ idb_code('group_type', 'ACCESS_GROUP') }} then 'Access'
        else 'Unknown'
    end as group_type,
    case objects.group_type
        when {{ idb_code('group_type', 'AGENT_GROUP') }} then 'AGENT'
        when {{ idb_code('group_type', 'PLACE_GROUP') }} then 'PLACE'
        when {{ idb_code('group_type', 'DN_GROUP') }} then 'DN'
        when {{ idb_code('group_type', 'ACCESS_GROUP') }} then 'ACCESS'
        else 'UNKNOWN'
    end as group_type_code,
    objects.group_dbid as group_cfg_dbid,
    case objects.group_type
        when {{ idb_code('group_type', 'AGENT_GROUP') }} then {{ cfg_type('agent_group') }}
        when {{ idb_code('group_type', 'PLACE_GROUP') }} then {{ cfg_type('place_group') }}
        when {{ idb_code('group_type', 'DN_GROUP') }} then {{ cfg_type('dn_group') }}
    end as group_cfg_type_id,
{% endcall %}
