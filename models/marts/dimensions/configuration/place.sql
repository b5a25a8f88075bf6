{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='place_key'
) }}

{#- One row per place in configuration (GC_PLACE). -#}
{% call configuration_dimension('stg_gidb__gc_place', 'place_dbid', 'place_key') %}
    objects.place_dbid as place_key,
    objects.tenant_dbid as tenant_key,
    objects.place_name,
    objects.place_dbid as place_cfg_dbid,
{% endcall %}
