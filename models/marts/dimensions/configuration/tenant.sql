{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='tenant_key'
) }}

{#- One row per tenant in configuration (GC_TENANT). -#}
{% call configuration_dimension('stg_gidb__gc_tenant', 'tenant_dbid', 'tenant_key') %}
    objects.tenant_dbid as tenant_key,
    objects.tenant_name,
    objects.tenant_dbid as tenant_cfg_dbid,
{% endcall %}
