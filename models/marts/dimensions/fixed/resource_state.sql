{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='resource_state_key'
) }}

{{ fixed_dimension(
    'fixed_resource_state',
    'resource_state_key',
    [
        'state_type',
        'state_type_code',
        'state_name',
        'state_name_code'
    ]
) }}
