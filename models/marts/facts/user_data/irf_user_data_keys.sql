{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_resource_id',
    indexes=[{'columns': ['interaction_resource_id']}]
) }}

{#-
    One row per INTERACTION_RESOURCE_FACT row: the INTERACTION_DESCRIPTOR its call's attached data
    makes (-1 when it carried none). Rebuilt with the interaction's IRF rows.
-#}
{{ irf_extension(['interaction_descriptor_key']) }}
