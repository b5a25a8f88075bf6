{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='skill_key'
) }}

{#- One row per skill in configuration (GC_SKILL). -#}
{% call configuration_dimension('stg_gidb__gc_skill', 'skill_dbid', 'skill_key') %}
    objects.skill_dbid as skill_key,
    objects.tenant_dbid as tenant_key,
    objects.skill_name,
    objects.skill_dbid as skill_cfg_dbid,
{% endcall %}
