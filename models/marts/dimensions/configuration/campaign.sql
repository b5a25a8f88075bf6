{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_key'
) }}

{#- One row per outbound campaign in configuration (GC_CAMPAIGN). -#}
{% call configuration_dimension('stg_gidb__gc_campaign', 'campaign_dbid', 'campaign_key') %}
    objects.campaign_dbid as campaign_key,
    objects.tenant_dbid as tenant_key,
    objects.campaign_name,
    objects.campaign_dbid as campaign_cfg_dbid,
{% endcall %}
