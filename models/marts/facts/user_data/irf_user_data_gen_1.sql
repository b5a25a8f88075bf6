{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_resource_id',
    indexes=[{'columns': ['interaction_resource_id']}]
) }}

{#-
    One row per INTERACTION_RESOURCE_FACT row: the generic attached-data values of its call
    (int_agent_parties_user_data). Rebuilt with the interaction's IRF rows.
-#}
{{ irf_extension(['customer_id', 'satisfaction', 'revenue', 'gsw_call_attempt_guid']) }}
