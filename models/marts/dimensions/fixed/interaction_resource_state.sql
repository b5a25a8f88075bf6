{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_resource_state_key'
) }}

{{ fixed_dimension(
    'fixed_interaction_resource_state',
    'interaction_resource_state_key',
    [
        'state_name',
        'state_name_code',
        'state_role',
        'state_role_code',
        'state_descriptor',
        'state_descriptor_code'
    ]
) }}
